// Package passkeytest is a software WebAuthn authenticator for tests: it
// answers the options gatehouse sends with the protocol's real bytes (ECDSA
// P-256 keys, CBOR attestation objects with "none" attestation, COSE keys,
// signed assertions), as a browser and a platform authenticator would.
// Tests change its answers (origin, flags, counter) to check that gatehouse
// refuses them. It is for tests only: its keys live in memory.
package passkeytest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/fxamacker/cbor/v2"
)

// Flags of authenticator data (WebAuthn §6.1).
const (
	FlagUP = 0x01 // user present
	FlagUV = 0x04 // user verified
	FlagBE = 0x08 // backup eligible
	FlagBS = 0x10 // backed up
	FlagAT = 0x40 // attested credential data included
)

// Credential is one key pair the authenticator holds.
type Credential struct {
	ID         []byte
	Key        *ecdsa.PrivateKey
	RPID       string
	UserHandle []byte
	// Counter is the signature counter; each assertion adds Step to it.
	Counter uint32
}

// Authenticator is a software authenticator with resident keys. The zero
// value is not usable; create it with New.
type Authenticator struct {
	// Origin is what clientDataJSON reports as the origin.
	Origin string
	// Flags are the UP/UV/BE/BS bits set in authenticator data; New sets
	// UP|UV|BE|BS (a synced passkey).
	Flags byte
	// Step is added to a credential's counter on each assertion; 0 makes
	// an authenticator without a counter. New sets 1.
	Step uint32
	// Transports are reported on registration; New sets ["internal"].
	Transports []string

	mu    sync.Mutex
	creds []*Credential
}

// New returns an authenticator for pages at origin.
func New(origin string) *Authenticator {
	return &Authenticator{Origin: origin, Flags: FlagUP | FlagUV | FlagBE | FlagBS, Step: 1, Transports: []string{"internal"}}
}

// Credentials returns the credentials held, oldest first.
func (a *Authenticator) Credentials() []*Credential {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]*Credential(nil), a.creds...)
}

var b64 = base64.RawURLEncoding

// creationOptions is the part of PublicKeyCredentialCreationOptionsJSON the
// authenticator reads.
type creationOptions struct {
	Challenge string `json:"challenge"`
	RP        struct {
		ID string `json:"id"`
	} `json:"rp"`
	User struct {
		ID string `json:"id"`
	} `json:"user"`
	ExcludeCredentials []struct {
		ID string `json:"id"`
	} `json:"excludeCredentials"`
}

// requestOptions is the part of PublicKeyCredentialRequestOptionsJSON the
// authenticator reads.
type requestOptions struct {
	Challenge        string `json:"challenge"`
	RPID             string `json:"rpId"`
	AllowCredentials []struct {
		ID string `json:"id"`
	} `json:"allowCredentials"`
}

// Register creates a credential for the creation options (the "options"
// of gatehouse's /webauthn-options answer) and returns the
// RegistrationResponseJSON a browser posts.
func (a *Authenticator) Register(options []byte) ([]byte, error) {
	var o creationOptions
	if err := json.Unmarshal(options, &o); err != nil {
		return nil, fmt.Errorf("passkeytest: creation options: %w", err)
	}
	if o.Challenge == "" || o.RP.ID == "" {
		return nil, errors.New("passkeytest: creation options without challenge or rp.id")
	}
	handle, err := b64.DecodeString(o.User.ID)
	if err != nil {
		return nil, fmt.Errorf("passkeytest: user.id: %w", err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, ex := range o.ExcludeCredentials {
		for _, c := range a.creds {
			if ex.ID == b64.EncodeToString(c.ID) {
				return nil, errors.New("passkeytest: InvalidStateError: a credential in excludeCredentials is here")
			}
		}
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	id := make([]byte, 16)
	_, _ = rand.Read(id)
	c := &Credential{ID: id, Key: key, RPID: o.RP.ID, UserHandle: handle}
	cose, err := coseKey(&key.PublicKey)
	if err != nil {
		return nil, err
	}
	// Attested credential data: AAGUID (zero), length, id, COSE key.
	acd := make([]byte, 16, 16+2+len(id)+len(cose))
	acd = binary.BigEndian.AppendUint16(acd, uint16(len(id)))
	acd = append(acd, id...)
	acd = append(acd, cose...)
	authData := authenticatorData(o.RP.ID, a.Flags|FlagAT, c.Counter, acd)
	att, err := cbor.Marshal(map[string]any{"fmt": "none", "attStmt": map[string]any{}, "authData": authData})
	if err != nil {
		return nil, err
	}
	a.creds = append(a.creds, c)
	return json.Marshal(map[string]any{
		"id": b64.EncodeToString(id), "rawId": b64.EncodeToString(id), "type": "public-key",
		"authenticatorAttachment": "platform", "clientExtensionResults": map[string]any{},
		"response": map[string]any{
			"clientDataJSON":    b64.EncodeToString(a.clientData("webauthn.create", o.Challenge)),
			"attestationObject": b64.EncodeToString(att),
			"transports":        a.Transports,
		},
	})
}

// Authenticate signs the request options' challenge with a credential
// for its rpId (the first allowed one, or the newest discoverable one) and
// returns the AuthenticationResponseJSON a browser posts.
func (a *Authenticator) Authenticate(options []byte) ([]byte, error) {
	var o requestOptions
	if err := json.Unmarshal(options, &o); err != nil {
		return nil, fmt.Errorf("passkeytest: request options: %w", err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	var c *Credential
	for i := len(a.creds) - 1; i >= 0 && c == nil; i-- {
		cand := a.creds[i]
		if cand.RPID != o.RPID {
			continue
		}
		if len(o.AllowCredentials) == 0 {
			c = cand
		}
		for _, al := range o.AllowCredentials {
			if al.ID == b64.EncodeToString(cand.ID) {
				c = cand
			}
		}
	}
	if c == nil {
		return nil, fmt.Errorf("passkeytest: NotAllowedError: no credential for rpId %q", o.RPID)
	}
	c.Counter += a.Step
	return a.Sign(c, o.Challenge, o.RPID)
}

// Sign returns an assertion by c over challenge for rpID, without
// touching its counter: tests use it to replay or forge.
func (a *Authenticator) Sign(c *Credential, challenge, rpID string) ([]byte, error) {
	cd := a.clientData("webauthn.get", challenge)
	authData := authenticatorData(rpID, a.Flags, c.Counter, nil)
	h := sha256.Sum256(cd)
	digest := sha256.Sum256(append(append([]byte(nil), authData...), h[:]...))
	sig, err := ecdsa.SignASN1(rand.Reader, c.Key, digest[:])
	if err != nil {
		return nil, err
	}
	return json.Marshal(map[string]any{
		"id": b64.EncodeToString(c.ID), "rawId": b64.EncodeToString(c.ID), "type": "public-key",
		"authenticatorAttachment": "platform", "clientExtensionResults": map[string]any{},
		"response": map[string]any{
			"clientDataJSON":    b64.EncodeToString(cd),
			"authenticatorData": b64.EncodeToString(authData),
			"signature":         b64.EncodeToString(sig),
			"userHandle":        b64.EncodeToString(c.UserHandle),
		},
	})
}

// COSEKey returns the credential's public key as a COSE_Key, the bytes a
// relying party stores (Auth.js: credentialPublicKey, base64).
func (c *Credential) COSEKey() ([]byte, error) { return coseKey(&c.Key.PublicKey) }

func (a *Authenticator) clientData(typ, challenge string) []byte {
	b, _ := json.Marshal(map[string]any{"type": typ, "challenge": challenge, "origin": a.Origin, "crossOrigin": false})
	return b
}

// authenticatorData is rpIdHash || flags || signCount || extra (WebAuthn
// §6.1).
func authenticatorData(rpID string, flags byte, counter uint32, extra []byte) []byte {
	h := sha256.Sum256([]byte(rpID))
	out := append(h[:], flags)
	out = binary.BigEndian.AppendUint32(out, counter)
	return append(out, extra...)
}

// coseKey encodes an EC2 P-256 public key for ES256 (RFC 9053 §7.1.1).
func coseKey(pub *ecdsa.PublicKey) ([]byte, error) {
	b, err := pub.Bytes() // uncompressed point 0x04 || X || Y
	if err != nil {
		return nil, err
	}
	em, err := cbor.CTAP2EncOptions().EncMode()
	if err != nil {
		return nil, err
	}
	return em.Marshal(map[int]any{1: 2, 3: -7, -1: 1, -2: b[1:33], -3: b[33:65]})
}
