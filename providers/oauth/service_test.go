package oauth_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

func TestServiceOptions(t *testing.T) {
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
		example string
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
					t.Errorf("New changed the service's AuthParams")
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
		{name: "the missing issuer's error shows an example", base: oidcBase, example: "https://idp.corp.example/realm",
			o: oauth.Options{ClientID: "x"}, wantErr: "such as https://idp.corp.example/realm"},
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
			c, err := oauth.ConfigOf(oauth.Service{Config: tt.base, IssuerExample: tt.example}, tt.o)
			if tt.wantErr != "" {
				if !errors.Is(err, oauth.ErrConfig) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("config = %v, want ErrConfig mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("config: %v", err)
			}
			tt.check(t, c)
		})
	}
}

func TestServiceAllowsDangerousLinking(t *testing.T) {
	acme := oauth.Service{Config: oauth.Config{ID: "acme", AuthURL: authURL, TokenURL: tokenURL, UserinfoURL: userinfoURL}}
	p, err := acme.New(oauth.Options{ClientID: "c", AllowDangerousEmailAccountLinking: true})
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

func TestServiceBaseURL(t *testing.T) {
	forge := oauth.Service{
		Config: oauth.Config{ID: "forge", AuthURL: "https://forge.example/oauth/authorize", TokenURL: "https://forge.example/oauth/token",
			UserinfoURL: "https://api.forge.example/user"},
		BaseURL: "https://forge.example",
	}
	tests := []struct {
		name     string
		svc      oauth.Service
		baseURL  string
		wantErr  string
		wantAuth string
		wantUser string
	}{
		{name: "public instance", svc: forge, wantAuth: "https://forge.example/oauth/authorize", wantUser: "https://api.forge.example/user"},
		{name: "self-hosted, endpoints under the base move", svc: forge, baseURL: "https://git.corp.example/forge/",
			wantAuth: "https://git.corp.example/forge/oauth/authorize", wantUser: "https://api.forge.example/user"},
		{name: "not a URL", svc: forge, baseURL: "git.corp.example", wantErr: "BaseURL"},
		{name: "a service without instances refuses it", svc: oauth.Service{Config: forge.Config}, baseURL: "https://git.corp.example", wantErr: "no self-hosted instances"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := oauth.ConfigOf(tt.svc, oauth.Options{ClientID: "c", BaseURL: tt.baseURL})
			if tt.wantErr != "" {
				if !errors.Is(err, oauth.ErrConfig) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("config = %v, want ErrConfig mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.AuthURL != tt.wantAuth || c.UserinfoURL != tt.wantUser || !strings.HasSuffix(c.TokenURL, "/oauth/token") {
				t.Errorf("endpoints = %s %s %s, want %s and %s", c.AuthURL, c.TokenURL, c.UserinfoURL, tt.wantAuth, tt.wantUser)
			}
			if forge.Config.AuthURL != "https://forge.example/oauth/authorize" {
				t.Errorf("New changed the service's Config")
			}
		})
	}
}

func TestServiceSetup(t *testing.T) {
	fail := errors.New("setup refused")
	tests := []struct {
		name    string
		setup   func(*oauth.Config, oauth.Options) error
		wantErr error
	}{
		{name: "sees the applied options", setup: func(c *oauth.Config, o oauth.Options) error {
			if c.ClientID != "env-id" || o.Env(c.ID, "EXTRA") != "more" {
				return fmt.Errorf("setup got client %q extra %q", c.ClientID, o.Env(c.ID, "EXTRA"))
			}
			c.ClientSecret = "from-setup"
			return nil
		}},
		{name: "its error stops New", setup: func(*oauth.Config, oauth.Options) error { return fail }, wantErr: fail},
	}
	env := map[string]string{"AUTH_CORP_ID": "env-id", "AUTH_CORP_EXTRA": "more"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := oauth.Service{Config: oauth.Config{ID: "corp", Issuer: "https://corp.example"}, Setup: tt.setup}
			c, err := oauth.ConfigOf(svc, oauth.Options{Getenv: func(k string) string { return env[k] }})
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("config = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil || c.ClientSecret != "from-setup" {
				t.Fatalf("config = %+v, %v; want Setup's secret", c, err)
			}
		})
	}
}

func TestServiceVariables(t *testing.T) {
	tests := []struct {
		name string
		svc  oauth.Service
		want string
	}{
		{"OAuth 2.0", oauth.Service{Config: oauth.Config{ID: "acme", AuthURL: authURL}}, "AUTH_ACME_ID AUTH_ACME_SECRET"},
		{"OpenID Connect", oauth.Service{Config: oauth.Config{ID: "corp", Issuer: "https://corp.example"}}, "AUTH_CORP_ID AUTH_CORP_SECRET AUTH_CORP_ISSUER"},
		{"self-hosted, more variables", oauth.Service{Config: oauth.Config{ID: "my-idp"}, Env: []string{"KEY_ID"}},
			"AUTH_MY_IDP_ID AUTH_MY_IDP_SECRET AUTH_MY_IDP_ISSUER AUTH_MY_IDP_KEY_ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(tt.svc.Variables(), " "); got != tt.want {
				t.Errorf("Variables = %s, want %s", got, tt.want)
			}
		})
	}
}
