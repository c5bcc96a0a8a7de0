package oidctest

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/go-jose/go-jose/v4"
)

// signingKey is an RSA key with its RS256 signer, made on first use:
// generating an RSA key takes tens of milliseconds, and many tests never
// need one.
type signingKey struct {
	kid string

	once   sync.Once
	key    *rsa.PrivateKey
	signer jose.Signer
	err    error
}

func (k *signingKey) load() error {
	k.once.Do(func() {
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			k.err = fmt.Errorf("oidctest: generating a key: %w", err)
			return
		}
		signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key},
			(&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", k.kid))
		if err != nil {
			k.err = fmt.Errorf("oidctest: signer: %w", err)
			return
		}
		k.key, k.signer = key, signer
	})
	return k.err
}

// sign returns claims as a compact JWS signed with the key.
func (k *signingKey) sign(claims map[string]any) (string, error) {
	if err := k.load(); err != nil {
		return "", err
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("oidctest: encoding claims: %w", err)
	}
	obj, err := k.signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("oidctest: signing: %w", err)
	}
	return obj.CompactSerialize()
}

// jwks returns the public key as a JSON Web Key Set (RFC 7517).
func (k *signingKey) jwks() (jose.JSONWebKeySet, error) {
	if err := k.load(); err != nil {
		return jose.JSONWebKeySet{}, err
	}
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{
		Key: &k.key.PublicKey, KeyID: k.kid, Algorithm: string(jose.RS256), Use: "sig",
	}}}, nil
}
