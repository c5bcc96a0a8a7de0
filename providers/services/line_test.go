package services_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
	"github.com/gatehouse-go/gatehouse/providers/services"
)

// lineCases is LINE's row. Fixtures:
// https://developers.line.biz/en/reference/line-login/#issue-access-token
// (token) and https://developers.line.biz/en/reference/line-login/#verify-id-token
// (the verified claims, served as userinfo.json; aud is the test's
// channel id).
var lineCases = []providertest.Case{{
	New: services.LINE.New, ID: "line", Name: "LINE", Type: providers.TypeOAuth,
	AuthURL: "https://access.line.me/oauth2/v2.1/authorize", AuthStyle: "post",
	TokenURL: "https://api.line.me/oauth2/v2.1/token", UserinfoURL: services.LINEVerifyURL,
	Params:  map[string]string{"scope": "openid profile email"},
	Profile: providers.Profile{ID: "U1234567890abcdef1234567890abcdef", Name: "Taro Line", Email: "taro.line@example.com", Image: "https://sample_line.me/aBcdefg123456"},
	Check: func(t *testing.T, f *oidctest.Fake, _ *oauth.Provider, tok *providers.Tokens) {
		r := f.Requests(services.LINEVerifyURL)[0]
		if r.Method != http.MethodPost || r.Form.Get("id_token") != tok.IDToken || r.Form.Get("client_id") != providertest.ClientID || r.Header.Get("Authorization") != "" {
			t.Errorf("verify request %s %v (Authorization %q), want a POST of the ID token and the channel id", r.Method, r.Form, r.Header.Get("Authorization"))
		}
	},
}}

// TestLINEVerifyRefused checks that a sign-in fails when LINE's verify
// endpoint refuses the ID token (its documented 400 answer) or returns
// claims for another channel or issuer, and that the error says why.
func TestLINEVerifyRefused(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		answer  string
		wantErr string
	}{
		{"expired token", http.StatusBadRequest, `{"error":"invalid_request","error_description":"IdToken expired."}`, "IdToken expired."},
		{"another channel", http.StatusOK, `{"iss":"https://access.line.me","sub":"U1","aud":"1234567890"}`, `channel "1234567890"`},
		{"another issuer", http.StatusOK, `{"iss":"https://evil.example","sub":"U1","aud":"test-client-id"}`, `issuer "https://evil.example"`},
		{"not JSON", http.StatusBadGateway, `<html>bad gateway</html>`, "HTTP 502"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := oidctest.NewFake(t)
			f.JSON("https://api.line.me/oauth2/v2.1/token", http.StatusOK, map[string]any{"access_token": "at", "token_type": "Bearer", "id_token": "h.p.s"})
			f.JSON(services.LINEVerifyURL, tt.status, tt.answer)
			p, err := services.LINE.New(oauth.Options{ClientID: providertest.ClientID, ClientSecret: "s", HTTPClient: f.Client(), Now: func() time.Time { return providertest.Now }})
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = p.Exchange(context.Background(), providers.Callback{RedirectURL: providertest.RedirectURL + "line", Params: url.Values{"code": {"c"}, "state": {"s"}}, CodeVerifier: providertest.Verifier})
			if !errors.Is(err, oauth.ErrUserinfo) && !errors.Is(err, oauth.ErrProfile) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Exchange = %v, want a userinfo error containing %q", err, tt.wantErr)
			}
		})
	}
}

// TestLINENoIDToken checks the error when the token answer has no ID
// token (the app asked for scopes without openid).
func TestLINENoIDToken(t *testing.T) {
	f := oidctest.NewFake(t)
	f.JSON("https://api.line.me/oauth2/v2.1/token", http.StatusOK, map[string]any{"access_token": "at", "token_type": "Bearer"})
	p, err := services.LINE.New(oauth.Options{ClientID: providertest.ClientID, ClientSecret: "s", Scopes: []string{"profile"}, HTTPClient: f.Client()})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = p.Exchange(context.Background(), providers.Callback{RedirectURL: providertest.RedirectURL + "line", Params: url.Values{"code": {"c"}, "state": {"s"}}, CodeVerifier: providertest.Verifier})
	if err == nil || !strings.Contains(err.Error(), "openid scope") {
		t.Errorf("Exchange = %v, want an error asking for the openid scope", err)
	}
	if n := len(f.Requests(services.LINEVerifyURL)); n != 0 {
		t.Errorf("verify endpoint called %d times without an ID token", n)
	}
}
