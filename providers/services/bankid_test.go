package services_test

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
	"github.com/gatehouse-go/gatehouse/providers/services"
)

const (
	bankIDRealm    = "https://auth.bankid.no/auth/realms/prod"
	bankIDUserinfo = bankIDRealm + "/protocol/openid-connect/userinfo"
	bankIDCerts    = bankIDRealm + "/protocol/openid-connect/certs"
)

// serveSignedUserinfo routes BankID's userinfo endpoint to the claims in
// testdata/bankid-no/userinfo-claims.json, changed by edit, signed by
// signer as a JWT of content type ctype, and its JWKS to f's keys.
func serveSignedUserinfo(t *testing.T, f, signer *oidctest.Fake, ctype string, edit func(map[string]any)) {
	t.Helper()
	claims, _ := oidctest.FixtureObject(t, "bankid-no/userinfo-claims.json")
	claims["aud"] = providertest.ClientID
	if edit != nil {
		edit(claims)
	}
	f.JWKS(bankIDCerts)
	f.Handle(bankIDUserinfo, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", ctype)
		_, _ = w.Write([]byte(signer.SignIDToken(maps.Clone(claims))))
	})
}

// bankIDCases is BankID Norge's row. Fixtures:
// https://developer.bankid.no/bankid-with-biometrics/apis/oidc/token/
// (token) and https://developer.bankid.no/bankid-with-biometrics/apis/oidc/userinfo/
// (the userinfo claims, served signed with the fake's key).
var bankIDCases = []providertest.Case{{
	New: services.BankIDNorge.New, ID: "bankid-no", Name: "BankID Norge", Type: providers.TypeOAuth,
	AuthURL: bankIDRealm + "/protocol/openid-connect/auth", AuthStyle: "post",
	TokenURL: bankIDRealm + "/protocol/openid-connect/token",
	Params:   map[string]string{"scope": "openid profile", "ui_locales": "no", "login_hint": "BIS"},
	Profile:  providers.Profile{ID: "9578-6000-4-365161", Name: "Ola Nordmann", Email: "ola.nordmann@example.no"},
	Serve: func(t *testing.T, f *oidctest.Fake) {
		serveSignedUserinfo(t, f, f, "application/jwt", nil)
	},
	Check: func(t *testing.T, f *oidctest.Fake, _ *oauth.Provider, _ *providers.Tokens) {
		h := f.Requests(bankIDUserinfo)[0].Header
		if h.Get("Accept") != "application/jwt" || h.Get("Authorization") != "Bearer bankid-access-token" {
			t.Errorf("userinfo request headers %v, want Accept application/jwt and the Bearer token", h)
		}
	},
}}

// TestBankIDSignedUserinfo checks that a sign-in fails unless the
// userinfo JWT is signed by the realm's keys, names the realm as issuer
// and the client as audience, and is a JWT at all.
func TestBankIDSignedUserinfo(t *testing.T) {
	tests := []struct {
		name    string
		other   bool // signed by another key
		ctype   string
		edit    func(map[string]any)
		wantErr string
	}{
		{name: "another key", other: true, ctype: "application/jwt", wantErr: "signature"},
		{name: "another issuer", ctype: "application/jwt", edit: func(c map[string]any) { c["iss"] = "https://evil.example" }, wantErr: `issuer "https://evil.example"`},
		{name: "another client", ctype: "application/jwt", edit: func(c map[string]any) { c["aud"] = []any{"other-client"} }, wantErr: "audience"},
		{name: "JSON, not a JWT", ctype: "application/json", wantErr: "userinfo_signed_response_alg"},
		{name: "audience list naming the client", ctype: "application/jwt; charset=utf-8", edit: func(c map[string]any) { c["aud"] = []any{"x", providertest.ClientID} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := oidctest.NewFake(t)
			signer := f
			if tt.other {
				signer = oidctest.NewFake(t)
			}
			f.JSON(bankIDRealm+"/protocol/openid-connect/token", http.StatusOK, map[string]any{"access_token": "at", "token_type": "Bearer"})
			serveSignedUserinfo(t, f, signer, tt.ctype, tt.edit)
			p, err := services.BankIDNorge.New(oauth.Options{ClientID: providertest.ClientID, ClientSecret: "s", HTTPClient: f.Client()})
			if err != nil {
				t.Fatal(err)
			}
			prof, _, err := p.Exchange(context.Background(), providers.Callback{RedirectURL: providertest.RedirectURL + "bankid-no", Params: url.Values{"code": {"c"}, "state": {"s"}}, CodeVerifier: providertest.Verifier})
			if tt.wantErr == "" {
				if err != nil || prof.ID != "9578-6000-4-365161" {
					t.Errorf("Exchange = %+v, %v; want the user", prof, err)
				}
				return
			}
			if !errors.Is(err, oauth.ErrUserinfo) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Exchange = %v, want ErrUserinfo containing %q", err, tt.wantErr)
			}
		})
	}
}

// TestBankIDTestRealm checks that AUTH_BANKID_NO_ISSUER moves every
// endpoint, the keys included, to the test realm.
func TestBankIDTestRealm(t *testing.T) {
	env := map[string]string{"AUTH_BANKID_NO_ID": providertest.ClientID, "AUTH_BANKID_NO_SECRET": "s", "AUTH_BANKID_NO_ISSUER": "https://auth.current.bankid.no/auth/realms/current"}
	f := oidctest.NewFake(t)
	const realm = "https://auth.current.bankid.no/auth/realms/current"
	f.JSON(realm+"/protocol/openid-connect/token", http.StatusOK, map[string]any{"access_token": "at", "token_type": "Bearer"})
	f.JWKS(realm + "/protocol/openid-connect/certs")
	f.Handle(realm+"/protocol/openid-connect/userinfo", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/jwt")
		_, _ = w.Write([]byte(f.SignIDToken(map[string]any{"iss": realm, "aud": providertest.ClientID, "sub": "test-user"})))
	})
	p, err := services.BankIDNorge.New(oauth.Options{Getenv: func(k string) string { return env[k] }, HTTPClient: f.Client()})
	if err != nil {
		t.Fatal(err)
	}
	prof, _, err := p.Exchange(context.Background(), providers.Callback{RedirectURL: providertest.RedirectURL + "bankid-no", Params: url.Values{"code": {"c"}, "state": {"s"}}, CodeVerifier: providertest.Verifier})
	if err != nil || prof.ID != "test-user" {
		t.Errorf("Exchange = %+v, %v; want the test realm's user", prof, err)
	}
}
