package apple_test

import (
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/apple"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

func readKey(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/AuthKey_TEST123456.p8")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestApple(t *testing.T) {
	key := readKey(t)
	providertest.Run(t, providertest.Case{
		New: func(o oauth.Options) (*oauth.Provider, error) {
			return apple.New(apple.Options{Options: o, TeamID: "TEAM123456", KeyID: "TEST123456", PrivateKey: key})
		},
		ID: "apple", Name: "Apple", Type: providers.TypeOIDC,
		Issuer:    apple.Issuer,
		AuthURL:   "https://appleid.apple.com/auth/authorize",
		Params:    map[string]string{"scope": "name email", "response_mode": "form_post"},
		AuthStyle: "post",
		Callback:  url.Values{"user": {`{"name":{"firstName":"Tim","lastName":"Apple"},"email":"abc123xyz@privaterelay.appleid.com"}`}},
		Profile: providers.Profile{ID: "001234.5f6e7d8c9b0a1234567890abcdef.1234", Name: "Tim Apple",
			Email: "abc123xyz@privaterelay.appleid.com", EmailVerified: true},
		Check: func(t *testing.T, f *oidctest.Fake, _ *oauth.Provider, _ *providers.Tokens) {
			secret := f.Requests("https://appleid.apple.com/auth/token")[0].Form.Get("client_secret")
			checkSecret(t, key, secret)
		},
	})
}

func checkSecret(t *testing.T, pemKey []byte, secret string) {
	t.Helper()
	tok, err := jwt.ParseSigned(secret, []jose.SignatureAlgorithm{jose.ES256})
	if err != nil {
		t.Fatalf("client_secret %q is not an ES256 JWT: %v", secret, err)
	}
	if kid := tok.Headers[0].KeyID; kid != "TEST123456" {
		t.Errorf("kid = %q", kid)
	}
	block, _ := pem.Decode(pemKey)
	k, _ := x509.ParsePKCS8PrivateKey(block.Bytes)
	var c jwt.Claims
	if err := tok.Claims(&k.(*ecdsa.PrivateKey).PublicKey, &c); err != nil {
		t.Fatalf("client_secret signature: %v", err)
	}
	err = c.ValidateWithLeeway(jwt.Expected{Issuer: "TEAM123456", Subject: providertest.ClientID,
		AnyAudience: jwt.Audience{apple.Issuer}, Time: providertest.Now}, 0)
	if err != nil {
		t.Errorf("client_secret claims %+v: %v", c, err)
	}
	if life := c.Expiry.Time().Sub(c.IssuedAt.Time()); life != 5*time.Minute {
		t.Errorf("lifetime = %v, want 5m", life)
	}
}

func TestAppleConfigErrors(t *testing.T) {
	key := readKey(t)
	base := oauth.Options{ClientID: "com.example.web"}
	tests := []struct {
		name string
		o    apple.Options
	}{
		{"no secret and no key", apple.Options{Options: base}},
		{"key without team", apple.Options{Options: base, KeyID: "K", PrivateKey: key}},
		{"not PEM", apple.Options{Options: base, TeamID: "T", KeyID: "K", PrivateKey: []byte("MIGT...")}},
		{"lifetime too long", apple.Options{Options: base, TeamID: "T", KeyID: "K", PrivateKey: key, SecretLifetime: 365 * 24 * time.Hour}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := apple.New(tt.o); !errors.Is(err, oauth.ErrConfig) {
				t.Errorf("New = %v, want ErrConfig", err)
			}
		})
	}
	// A client secret JWT made beforehand is accepted without a key.
	if _, err := apple.New(apple.Options{Options: oauth.Options{ClientID: "c", ClientSecret: "eyJ..."}}); err != nil {
		t.Errorf("New with a ClientSecret = %v", err)
	}
	// Team, key id and key from the environment, through New or the
	// Service (as gatehouse serve builds it).
	env := map[string]string{"AUTH_APPLE_ID": "c", "AUTH_APPLE_TEAM_ID": "T", "AUTH_APPLE_KEY_ID": "K", "AUTH_APPLE_PRIVATE_KEY": string(key)}
	fromEnv := oauth.Options{Getenv: func(k string) string { return env[k] }}
	if _, err := apple.New(apple.Options{Options: fromEnv}); err != nil {
		t.Errorf("New from env = %v", err)
	}
	if _, err := apple.Service.New(fromEnv); err != nil {
		t.Errorf("Service.New from env = %v", err)
	}
	delete(env, "AUTH_APPLE_TEAM_ID")
	if _, err := apple.Service.New(fromEnv); !errors.Is(err, oauth.ErrConfig) || !strings.Contains(err.Error(), "AUTH_APPLE_TEAM_ID") {
		t.Errorf("Service.New without AUTH_APPLE_TEAM_ID = %v, want ErrConfig naming it", err)
	}
}
