package jwt

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"hash"

	josecipher "github.com/go-jose/go-jose/v4/cipher"
)

// key is one derived content-encryption key, its RFC 7638 thumbprint, and
// the AEAD built from it once (go-jose's A256CBC-HS512 for 64-byte keys,
// AES-GCM for 32-byte keys), so that a decryption does not rebuild it.
type key struct {
	raw  []byte
	kid  string
	aead cipher.AEAD
	tag  int // authentication tag length in bytes
}

// secretKeys are the keys derived from one secret for one salt.
type secretKeys struct {
	cbc key // v5 A256CBC-HS512, 64 bytes (unused for V4)
	gcm key // A256GCM, 32 bytes
}

// deriveKey runs HKDF-SHA256 exactly as Auth.js and NextAuth.js v4 do.
//
// v5 (@auth/core): info "Auth.js Generated Encryption Key (<salt>)", HKDF salt = salt.
// v4 (next-auth):  info "NextAuth.js Generated Encryption Key" plus " (<salt>)" when the
// salt is not empty; an empty HKDF salt equals RFC 5869's default zero salt.
func deriveKey(v Version, secret, salt string, size int) (key, error) {
	var info string
	switch v {
	case V4:
		info = "NextAuth.js Generated Encryption Key"
		if salt != "" {
			info += " (" + salt + ")"
		}
	default:
		info = "Auth.js Generated Encryption Key (" + salt + ")"
	}
	raw, err := hkdf.Key(sha256.New, []byte(secret), []byte(salt), info, size)
	if err != nil {
		return key{}, fmt.Errorf("jwt: deriving encryption key: %w", err)
	}
	k := key{raw: raw, kid: thumbprint(raw)}
	if size == 64 {
		k.aead, err = josecipher.NewCBCHMAC(raw, aes.NewCipher)
		k.tag = 32
	} else {
		var b cipher.Block
		if b, err = aes.NewCipher(raw); err == nil {
			k.aead, err = cipher.NewGCM(b)
		}
		k.tag = 16
	}
	if err != nil {
		return key{}, fmt.Errorf("jwt: building the content cipher: %w", err)
	}
	return k, nil
}

// thumbprint is the RFC 7638 JWK thumbprint of {"kty":"oct","k":...}, hashed
// with SHA-(8 × key bytes) as @auth/core does: SHA-512 for the 64-byte
// A256CBC-HS512 key, SHA-256 for the 32-byte A256GCM key.
func thumbprint(raw []byte) string {
	var h hash.Hash
	switch len(raw) {
	case 64:
		h = sha512.New()
	case 48:
		h = sha512.New384()
	default:
		h = sha256.New()
	}
	// Members in lexicographic order, no whitespace (RFC 7638 §3.2).
	h.Write([]byte(`{"k":"`))
	h.Write([]byte(base64.RawURLEncoding.EncodeToString(raw)))
	h.Write([]byte(`","kty":"oct"}`))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}
