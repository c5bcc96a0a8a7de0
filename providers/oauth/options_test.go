package oauth_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

func TestOptionsApply(t *testing.T) {
	oauthBase := oauth.Config{ID: "acme", Name: "Acme", AuthURL: authURL, TokenURL: tokenURL, UserinfoURL: userinfoURL,
		Scopes: []string{"read"}, AuthParams: url.Values{"prompt": {"consent"}, "display": {"page"}}}
	oidcBase := oauth.Config{ID: "corp", Name: "Corp"}
	env := map[string]string{
		"AUTH_ACME_ID": "env-id", "AUTH_ACME_SECRET": "env-secret",
		"AUTH_ACME_TWO_ID": "two-id", "AUTH_CORP_ID": "corp-id", "AUTH_CORP_ISSUER": "https://corp.example",
	}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		name    string
		o       oauth.Options
		base    oauth.Config
		wantErr string
		check   func(t *testing.T, c oauth.Config)
	}{
		{
			name: "code wins over env", base: oauthBase,
			o: oauth.Options{ClientID: "code-id", Getenv: getenv},
			check: func(t *testing.T, c oauth.Config) {
				if c.ClientID != "code-id" || c.ClientSecret != "env-secret" {
					t.Errorf("credentials = %q/%q", c.ClientID, c.ClientSecret)
				}
			},
		},
		{
			name: "no Getenv reads nothing", base: oauthBase, o: oauth.Options{},
			check: func(t *testing.T, c oauth.Config) {
				if c.ClientID != "" || c.ClientSecret != "" {
					t.Errorf("credentials = %q/%q, want none", c.ClientID, c.ClientSecret)
				}
			},
		},
		{
			name: "an ID override reads its own variables", base: oauthBase,
			o: oauth.Options{ID: "acme-two", Name: "Acme Two", Getenv: getenv},
			check: func(t *testing.T, c oauth.Config) {
				if c.ID != "acme-two" || c.Name != "Acme Two" || c.ClientID != "two-id" {
					t.Errorf("config = %q %q %q", c.ID, c.Name, c.ClientID)
				}
			},
		},
		{
			name: "scopes replace, params merge", base: oauthBase,
			o: oauth.Options{Scopes: []string{"admin"}, AuthParams: url.Values{"prompt": {"login"}}},
			check: func(t *testing.T, c oauth.Config) {
				if strings.Join(c.Scopes, " ") != "admin" || c.AuthParams.Get("prompt") != "login" || c.AuthParams.Get("display") != "page" {
					t.Errorf("scopes %v params %v", c.Scopes, c.AuthParams)
				}
				if oauthBase.AuthParams.Get("prompt") != "consent" {
					t.Errorf("Apply changed the base's AuthParams")
				}
			},
		},
		{
			name: "profile, client, clock and linking pass through", base: oauthBase,
			o: oauth.Options{Profile: acmeProfile, AllowDangerousEmailAccountLinking: true},
			check: func(t *testing.T, c oauth.Config) {
				if c.Profile == nil || !c.AllowDangerousEmailAccountLinking {
					t.Errorf("Profile set %v, linking %v", c.Profile != nil, c.AllowDangerousEmailAccountLinking)
				}
			},
		},
		{name: "OAuth 2.0 service refuses an issuer", base: oauthBase, o: oauth.Options{Issuer: "https://x.example"}, wantErr: "takes no Issuer"},
		{name: "OIDC service needs an issuer", base: oidcBase, o: oauth.Options{ClientID: "x"}, wantErr: "AUTH_CORP_ISSUER"},
		{
			name: "OIDC issuer from env", base: oidcBase, o: oauth.Options{Getenv: getenv},
			check: func(t *testing.T, c oauth.Config) {
				if c.Issuer != "https://corp.example" || c.ClientID != "corp-id" {
					t.Errorf("issuer %q client %q", c.Issuer, c.ClientID)
				}
			},
		},
		{
			name: "a default issuer can be replaced", base: oauth.Config{ID: "corp", Issuer: "https://default.example"},
			o: oauth.Options{Issuer: "https://other.example"},
			check: func(t *testing.T, c oauth.Config) {
				if c.Issuer != "https://other.example" {
					t.Errorf("issuer %q", c.Issuer)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.o.Apply(tt.base)
			if tt.wantErr != "" {
				if !errors.Is(err, oauth.ErrConfig) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Apply = %v, want ErrConfig mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			tt.check(t, c)
		})
	}
}

func TestBuildAllowsDangerousLinking(t *testing.T) {
	p, err := oauth.Options{ClientID: "c", AllowDangerousEmailAccountLinking: true}.Build(oauth.Config{
		ID: "acme", AuthURL: authURL, TokenURL: tokenURL, UserinfoURL: userinfoURL,
	})
	if err != nil {
		t.Fatal(err)
	}
	var linker interface{ AllowDangerousEmailAccountLinking() bool } = p
	if !linker.AllowDangerousEmailAccountLinking() {
		t.Errorf("AllowDangerousEmailAccountLinking = false")
	}
}

func TestTokenEndpointUnreachable(t *testing.T) {
	p, err := oauth.New(oauth.Config{
		ID: "acme", ClientID: "c", ClientSecret: secret, AuthURL: authURL,
		TokenURL: "http://127.0.0.1:1/token", UserinfoURL: userinfoURL,
	})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = p.Exchange(context.Background(), providers.Callback{CodeVerifier: verifier, Params: url.Values{"code": {"code-value-123"}}})
	var te *oauth.TokenError
	if !errors.Is(err, oauth.ErrTokenEndpoint) || !errors.As(err, &te) || te.StatusCode != 0 {
		t.Fatalf("Exchange = %v, want a TokenError without status", err)
	}
	if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "code-value-123") {
		t.Errorf("error leaks the secret or code: %v", err)
	}
}
