package github_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/github"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

func TestGitHub(t *testing.T) {
	tests := []struct {
		name    string
		baseURL string
		web     string
		api     string
	}{
		{"github.com", "", "https://github.com", "https://api.github.com"},
		{"enterprise server", "https://github.example.com/", "https://github.example.com", "https://github.example.com/api/v3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			providertest.Run(t, providertest.Case{
				New: func(o oauth.Options) (*oauth.Provider, error) {
					o.BaseURL = tt.baseURL
					return github.Service.New(o)
				},
				ID:          "github",
				Name:        "GitHub",
				Type:        providers.TypeOAuth,
				TokenURL:    tt.web + "/login/oauth/access_token",
				UserinfoURL: tt.api + "/user",
				Routes:      map[string]string{tt.api + "/user/emails": "emails.json"},
				AuthURL:     tt.web + "/login/oauth/authorize",
				Params:      map[string]string{"scope": "read:user user:email"},
				AuthStyle:   "post",
				Profile: providers.Profile{
					ID: "583231", Name: "The Octocat", Email: "Octocat@GitHub.com", EmailVerified: true,
					Image: "https://avatars.githubusercontent.com/u/583231?v=4",
				},
			})
		})
	}
}

func TestProfile(t *testing.T) {
	p, err := github.Profile(map[string]any{"id": 1.0, "login": "ghost"}, nil)
	if err != nil || p.ID != "1" || p.Name != "ghost" || p.EmailVerified {
		t.Errorf("Profile = %+v, %v", p, err)
	}
}

func TestBadBaseURL(t *testing.T) {
	_, err := github.Service.New(oauth.Options{ClientID: "x", BaseURL: "github.example.com"})
	if !errors.Is(err, oauth.ErrConfig) {
		t.Errorf("New = %v, want ErrConfig", err)
	}
}

func TestEmailsScopeNotGranted(t *testing.T) {
	f := oidctest.NewFake(t)
	f.JSON("https://github.com/login/oauth/access_token", http.StatusOK, oidctest.ReadFixture(t, "token.json"))
	f.JSON("https://api.github.com/user", http.StatusOK, `{"id":7,"login":"pub","email":"Pub@Example.com"}`)
	f.JSON("https://api.github.com/user/emails", http.StatusForbidden, `{"message":"Resource not accessible by integration"}`)
	p, err := github.Service.New(oauth.Options{ClientID: "c", ClientSecret: "s", HTTPClient: f.Client()})
	if err != nil {
		t.Fatal(err)
	}
	prof, _, err := p.Exchange(context.Background(), providers.Callback{Params: url.Values{"code": {"x"}}, CodeVerifier: providertest.Verifier})
	if err != nil {
		t.Fatalf("Exchange: %v", err)
	}
	if prof.Email != "Pub@Example.com" || prof.EmailVerified {
		t.Errorf("profile = %+v, want the public email, unverified", prof)
	}
}
