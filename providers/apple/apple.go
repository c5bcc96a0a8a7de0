package apple

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// Issuer is Apple's OpenID Connect issuer, and the audience of the client
// secret JWT.
const Issuer = "https://appleid.apple.com"

// MaxSecretLifetime is the longest client secret lifetime Apple accepts.
const MaxSecretLifetime = 180 * 24 * time.Hour

// Options configures the provider.
type Options struct {
	oauth.Options
	// TeamID is the Apple developer team id (the client secret's "iss").
	// Default: Getenv("AUTH_APPLE_TEAM_ID").
	TeamID string
	// KeyID is the id of the signing key (the client secret's "kid").
	// Default: Getenv("AUTH_APPLE_KEY_ID").
	KeyID string
	// PrivateKey is the PEM-encoded PKCS#8 P-256 key (the .p8 file).
	// Default: Getenv("AUTH_APPLE_PRIVATE_KEY"); when neither is set,
	// ClientSecret must hold a client secret JWT.
	PrivateKey []byte
	// SecretLifetime is how long each generated client secret is valid.
	// Default: 5 minutes; at most MaxSecretLifetime.
	SecretLifetime time.Duration
}

// Service is Apple; services.Apple is the same value. Its providers read
// the signing key from the environment (AUTH_APPLE_TEAM_ID,
// AUTH_APPLE_KEY_ID, AUTH_APPLE_PRIVATE_KEY) or take a client secret JWT
// made beforehand (AUTH_APPLE_SECRET); New takes the key in code.
var Service = oauth.Service{
	Config: oauth.Config{
		ID: "apple", Name: "Apple", Issuer: Issuer,
		Style:      providers.Style{Background: "#000", Text: "#fff"},
		Scopes:     []string{"name", "email"},
		AuthParams: url.Values{"response_mode": {"form_post"}},
		AuthStyle:  oauth.AuthStylePost,
		Userinfo:   userinfo,
	},
	Env:   []string{"TEAM_ID", "KEY_ID", "PRIVATE_KEY"},
	Setup: func(c *oauth.Config, o oauth.Options) error { return Options{Options: o}.setup(c) },
}

// New returns the Apple provider, with the signing key settings of o.
func New(o Options) (*oauth.Provider, error) {
	s := Service
	s.Setup = func(c *oauth.Config, _ oauth.Options) error { return o.setup(c) }
	return s.New(o.Options)
}

// setup makes c sign a fresh client secret JWT for every token request when
// a key is configured; without one, c needs a client secret JWT made
// beforehand.
func (o Options) setup(c *oauth.Config) error {
	if c.ClientID == "" {
		return nil // oauth.New reports the missing client id
	}
	key := o.PrivateKey
	if len(key) == 0 {
		key = []byte(o.Env(c.ID, "PRIVATE_KEY"))
	}
	if len(key) == 0 {
		if c.ClientSecret == "" {
			return fmt.Errorf("%w: apple: set TeamID, KeyID and PrivateKey (or AUTH_APPLE_TEAM_ID, AUTH_APPLE_KEY_ID, AUTH_APPLE_PRIVATE_KEY), or a client secret JWT in ClientSecret (AUTH_APPLE_SECRET)", oauth.ErrConfig)
		}
		return nil
	}
	s, err := newSecretMaker(c.ClientID, oauth.First(o.TeamID, o.Env(c.ID, "TEAM_ID")), oauth.First(o.KeyID, o.Env(c.ID, "KEY_ID")), key, o.SecretLifetime, o.Now)
	if err != nil {
		return err
	}
	c.ClientSecretFunc = s.make
	return nil
}

type secretMaker struct {
	clientID, teamID string
	lifetime         time.Duration
	now              func() time.Time
	signer           jose.Signer
}

func newSecretMaker(clientID, teamID, keyID string, pemKey []byte, lifetime time.Duration, now func() time.Time) (*secretMaker, error) {
	if teamID == "" || keyID == "" {
		return nil, fmt.Errorf("%w: apple: a PrivateKey needs TeamID and KeyID (AUTH_APPLE_TEAM_ID, AUTH_APPLE_KEY_ID)", oauth.ErrConfig)
	}
	block, _ := pem.Decode(pemKey)
	if block == nil {
		return nil, fmt.Errorf("%w: apple: PrivateKey is not PEM; give the contents of the AuthKey_%s.p8 file", oauth.ErrConfig, keyID)
	}
	parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%w: apple: PrivateKey is not a PKCS#8 key: %v", oauth.ErrConfig, err)
	}
	ec, ok := parsed.(*ecdsa.PrivateKey)
	if !ok || ec.Curve != elliptic.P256() {
		return nil, fmt.Errorf("%w: apple: PrivateKey must be a P-256 (ES256) key", oauth.ErrConfig)
	}
	switch {
	case lifetime == 0:
		lifetime = 5 * time.Minute
	case lifetime < 0 || lifetime > MaxSecretLifetime:
		return nil, fmt.Errorf("%w: apple: SecretLifetime %v must be between 0 and %v", oauth.ErrConfig, lifetime, MaxSecretLifetime)
	}
	if now == nil {
		now = time.Now
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: ec},
		(&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", keyID))
	if err != nil {
		return nil, fmt.Errorf("%w: apple: %v", oauth.ErrConfig, err)
	}
	return &secretMaker{clientID: clientID, teamID: teamID, lifetime: lifetime, now: now, signer: signer}, nil
}

// make returns a client secret JWT valid from now for the lifetime.
func (s *secretMaker) make(context.Context) (string, error) {
	now := s.now()
	return jwt.Signed(s.signer).Claims(jwt.Claims{
		Issuer:   s.teamID,
		Subject:  s.clientID,
		Audience: jwt.Audience{Issuer},
		IssuedAt: jwt.NewNumericDate(now),
		Expiry:   jwt.NewNumericDate(now.Add(s.lifetime)),
	}).Serialize()
}

// userinfo returns the ID token claims, with "name" from the "user"
// callback parameter Apple sends on the first sign-in.
func userinfo(_ context.Context, r oauth.UserinfoRequest) (map[string]any, error) {
	claims := make(map[string]any, len(r.IDClaims)+1)
	for k, v := range r.IDClaims {
		claims[k] = v
	}
	var user struct {
		Name struct {
			FirstName string `json:"firstName"`
			LastName  string `json:"lastName"`
		} `json:"name"`
	}
	if raw := r.Params.Get("user"); raw != "" && json.Unmarshal([]byte(raw), &user) == nil {
		if name := strings.TrimSpace(user.Name.FirstName + " " + user.Name.LastName); name != "" {
			claims["name"] = name
		}
	}
	return claims, nil
}
