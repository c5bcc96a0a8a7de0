package jwt

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
)

func b64sum256(b []byte) string {
	s := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(s[:])
}

func b64sum512(b []byte) string {
	s := sha512.Sum512(b)
	return base64.RawURLEncoding.EncodeToString(s[:])
}
