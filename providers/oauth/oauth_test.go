package oauth_test

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

const (
	authURL     = "https://provider.test/oauth/authorize"
	tokenURL    = "https://provider.test/oauth/token"
	userinfoURL = "https://api.provider.test/me"
	redirectURL = "https://app.test/api/auth/callback/acme"
	secret      = "s3cr3t-client-secret"
	verifier    = "verifier-0123456789-0123456789-0123456789-abc"
)

var fixedNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// acmeProfile maps the testdata/userinfo.json shape.
func acmeProfile(c map[string]any, _ *providers.Tokens) (*providers.Profile, error) {
	return &providers.Profile{
		ID:            oauth.String(c, "id"),
		Name:          oauth.String(c, "display"),
		Email:         oauth.String(c, "mail"),
		EmailVerified: oauth.Bool(c, "verified"),
		Image:         oauth.String(c, "avatar"),
	}, nil
}

// newAcme returns a generic OAuth 2.0 provider talking to f, with cfg's
// non-zero fields applied over the defaults.
func newAcme(t *testing.T, f *oidctest.Fake, edit func(*oauth.Config)) *oauth.Provider {
	t.Helper()
	cfg := oauth.Config{
		ID: "acme", Name: "Acme", ClientID: "client-1", ClientSecret: secret,
		AuthURL: authURL, TokenURL: tokenURL, UserinfoURL: userinfoURL,
		Scopes: []string{"read", "write"}, Profile: acmeProfile,
		HTTPClient: f.Client(), Now: func() time.Time { return fixedNow },
	}
	if edit != nil {
		edit(&cfg)
	}
	p, err := oauth.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return p
}

func TestAuthCodeURL(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*oauth.Config)
		params url.Values
		want   url.Values // "" means the parameter must be absent
	}{
		{
			name: "defaults with PKCE",
			want: url.Values{"response_type": {"code"}, "client_id": {"client-1"}, "redirect_uri": {redirectURL},
				"scope": {"read write"}, "state": {"st-1"}, "code_challenge": {"ch-1"}, "code_challenge_method": {"S256"}, "nonce": {""}},
		},
		{
			name: "extra provider params",
			edit: func(c *oauth.Config) { c.AuthParams = url.Values{"prompt": {"consent"}, "access_type": {"offline"}} },
			want: url.Values{"prompt": {"consent"}, "access_type": {"offline"}},
		},
		{
			name:   "request params win over provider params but not over protocol ones",
			edit:   func(c *oauth.Config) { c.AuthParams = url.Values{"prompt": {"consent"}} },
			params: url.Values{"prompt": {"login"}, "login_hint": {"a@b.c"}, "state": {"evil"}, "redirect_uri": {"https://evil.test"}, "code_challenge": {"x"}},
			want:   url.Values{"prompt": {"login"}, "login_hint": {"a@b.c"}, "state": {"st-1"}, "redirect_uri": {redirectURL}, "code_challenge": {"ch-1"}},
		},
		{
			name: "PKCE disabled",
			edit: func(c *oauth.Config) { c.DisablePKCE = true },
			want: url.Values{"code_challenge": {""}, "code_challenge_method": {""}},
		},
		{
			name: "response_mode form_post",
			edit: func(c *oauth.Config) { c.AuthParams = url.Values{"response_mode": {"form_post"}} },
			want: url.Values{"response_mode": {"form_post"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newAcme(t, oidctest.NewFake(t), tt.edit)
			req := providers.AuthRequest{RedirectURL: redirectURL, State: "st-1", Params: tt.params}
			if p.Checks().PKCE {
				req.CodeChallenge = "ch-1"
			}
			got, err := p.AuthCodeURL(context.Background(), req)
			if err != nil {
				t.Fatalf("AuthCodeURL: %v", err)
			}
			u, _ := url.Parse(got)
			if base := u.Scheme + "://" + u.Host + u.Path; base != authURL {
				t.Errorf("endpoint = %s, want %s", base, authURL)
			}
			q := u.Query()
			for k, v := range tt.want {
				if v[0] == "" {
					if q.Has(k) {
						t.Errorf("%s = %q, want absent", k, q.Get(k))
					}
					continue
				}
				if q.Get(k) != v[0] || len(q[k]) != 1 {
					t.Errorf("%s = %q, want %q", k, q[k], v[0])
				}
			}
		})
	}
}

func TestAuthCodeURLRequiresCheckValues(t *testing.T) {
	p := newAcme(t, oidctest.NewFake(t), nil)
	for name, req := range map[string]providers.AuthRequest{
		"no state":     {RedirectURL: redirectURL, CodeChallenge: "c"},
		"no challenge": {RedirectURL: redirectURL, State: "s"},
	} {
		if _, err := p.AuthCodeURL(context.Background(), req); err == nil {
			t.Errorf("%s: AuthCodeURL succeeded, want an error", name)
		}
	}
}

func TestExchange(t *testing.T) {
	tests := []struct {
		name      string
		style     oauth.AuthStyle
		wantBasic bool
	}{
		{"client_secret_basic", oauth.AuthStyleBasic, true},
		{"client_secret_post", oauth.AuthStylePost, false},
		{"auto detects basic first", oauth.AuthStyleAuto, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := oidctest.NewFake(t)
			f.JSON(tokenURL, http.StatusOK, oidctest.ReadFixture(t, "token.json"))
			f.JSON(userinfoURL, http.StatusOK, oidctest.ReadFixture(t, "userinfo.json"))
			p := newAcme(t, f, func(c *oauth.Config) { c.AuthStyle = tt.style })

			prof, tok, err := p.Exchange(context.Background(), providers.Callback{
				RedirectURL: redirectURL, CodeVerifier: verifier,
				Params: url.Values{"code": {"code-1"}, "state": {"st"}},
			})
			if err != nil {
				t.Fatalf("Exchange: %v", err)
			}
			want := providers.Profile{ID: "12345678901234567", Name: "Octo Cat", Email: "Octo@Example.com", EmailVerified: true, Image: "https://img.example/octo.png"}
			if prof.ID != want.ID || prof.Name != want.Name || prof.Email != want.Email || prof.EmailVerified != want.EmailVerified || prof.Image != want.Image {
				t.Errorf("profile = %+v, want %+v", *prof, want)
			}
			if prof.Raw["login"] != "octo" {
				t.Errorf("Raw = %v, want the userinfo document", prof.Raw)
			}
			if tok.AccessToken != "at-1234567890" || tok.RefreshToken != "rt-abcdef" || tok.TokenType != "Bearer" || tok.Scope != "read write" {
				t.Errorf("tokens = %+v", tok)
			}
			if want := fixedNow.Unix() + 3600; tok.ExpiresAt != want {
				t.Errorf("ExpiresAt = %d, want %d", tok.ExpiresAt, want)
			}
			if tok.Extra["refresh_token_expires_in"] != int64(15552000) || tok.Extra["ext_expires_in"] != int64(3599) {
				t.Errorf("Extra = %#v, want the non-standard fields", tok.Extra)
			}
			if custom, _ := tok.Extra["x_custom"].(map[string]any); custom["tenant"] != "t-42" {
				t.Errorf("Extra[x_custom] = %#v", tok.Extra["x_custom"])
			}
			for _, std := range []string{"access_token", "refresh_token", "expires_in", "scope", "token_type"} {
				if _, ok := tok.Extra[std]; ok {
					t.Errorf("Extra has standard field %s", std)
				}
			}

			reqs := f.Requests(tokenURL)
			if len(reqs) != 1 {
				t.Fatalf("token endpoint got %d requests, want 1", len(reqs))
			}
			r := reqs[0]
			for k, v := range map[string]string{"grant_type": "authorization_code", "code": "code-1", "code_verifier": verifier, "redirect_uri": redirectURL} {
				if r.Form.Get(k) != v {
					t.Errorf("token request %s = %q, want %q", k, r.Form.Get(k), v)
				}
			}
			user, pass, basic := (&http.Request{Header: r.Header}).BasicAuth()
			if basic != tt.wantBasic {
				t.Fatalf("basic auth used = %v, want %v", basic, tt.wantBasic)
			}
			if basic && (user != "client-1" || pass != secret || r.Form.Has("client_secret")) {
				t.Errorf("basic auth = %q:%q, form secret present = %v", user, pass, r.Form.Has("client_secret"))
			}
			if !basic && (r.Form.Get("client_id") != "client-1" || r.Form.Get("client_secret") != secret) {
				t.Errorf("post auth form = %v", r.Form)
			}
			ui := f.Requests(userinfoURL)
			if len(ui) != 1 || ui[0].Header.Get("Authorization") != "Bearer at-1234567890" {
				t.Errorf("userinfo requests = %+v, want one with the bearer token", ui)
			}
		})
	}
}

func TestExchangeFormEncodedTokenResponse(t *testing.T) {
	f := oidctest.NewFake(t)
	f.Handle(tokenURL, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/x-www-form-urlencoded")
		_, _ = w.Write(oidctest.ReadFixture(t, "token_form.txt"))
	})
	f.JSON(userinfoURL, http.StatusOK, oidctest.ReadFixture(t, "userinfo.json"))
	p := newAcme(t, f, nil)
	_, tok, err := p.Exchange(context.Background(), providers.Callback{RedirectURL: redirectURL, CodeVerifier: verifier, Params: url.Values{"code": {"c"}}})
	if err != nil {
		t.Fatalf("Exchange: %v", err)
	}
	if tok.AccessToken != "gho_form" || tok.Scope != "repo,gist" || tok.RefreshToken != "ghr_form" || tok.ExpiresAt != fixedNow.Unix()+28800 {
		t.Errorf("tokens = %+v", tok)
	}
	if tok.Extra["refresh_token_expires_in"] != "15897600" {
		t.Errorf("Extra = %#v", tok.Extra)
	}
}

func TestExchangeErrors(t *testing.T) {
	type setup func(f *oidctest.Fake)
	tokenOK := func(f *oidctest.Fake) { f.JSON(tokenURL, http.StatusOK, oidctest.ReadFixture(t, "token.json")) }
	userinfoOK := func(f *oidctest.Fake) { f.JSON(userinfoURL, http.StatusOK, oidctest.ReadFixture(t, "userinfo.json")) }
	tests := []struct {
		name     string
		setup    []setup
		params   url.Values
		verifier string
		profile  oauth.ProfileFunc
		wantIs   error
		check    func(t *testing.T, err error)
	}{
		{
			name:   "access denied by the user",
			params: url.Values{"error": {"access_denied"}, "error_description": {"The user denied"}, "state": {"s"}},
			check: func(t *testing.T, err error) {
				var ae *providers.AuthError
				if !errors.As(err, &ae) || ae.Code != "access_denied" || ae.Description != "The user denied" {
					t.Errorf("err = %v, want *providers.AuthError access_denied", err)
				}
			},
		},
		{name: "no code", params: url.Values{"state": {"s"}}, wantIs: oauth.ErrCallback},
		{name: "PKCE verifier lost", params: url.Values{"code": {"c"}}, verifier: "-", wantIs: oauth.ErrCallback},
		{
			name: "token endpoint refuses the code",
			setup: []setup{func(f *oidctest.Fake) {
				f.JSON(tokenURL, 400, `{"error":"invalid_grant","error_description":"bad code"}`)
			}},
			params: url.Values{"code": {"c"}},
			wantIs: oauth.ErrTokenEndpoint,
			check: func(t *testing.T, err error) {
				var te *oauth.TokenError
				if !errors.As(err, &te) || te.Code != "invalid_grant" || te.StatusCode != 400 || te.Provider != "acme" {
					t.Errorf("err = %#v, want TokenError invalid_grant 400", err)
				}
				var re *oauth2.RetrieveError
				if !errors.As(err, &re) {
					t.Errorf("err does not unwrap to *oauth2.RetrieveError")
				}
			},
		},
		{
			name:   "token endpoint error with HTTP 200 (GitHub style)",
			setup:  []setup{func(f *oidctest.Fake) { f.JSON(tokenURL, 200, `{"error":"bad_verification_code"}`) }},
			params: url.Values{"code": {"c"}},
			wantIs: oauth.ErrTokenEndpoint,
		},
		{
			name:   "token endpoint down",
			setup:  []setup{func(f *oidctest.Fake) { f.JSON(tokenURL, 502, "<html>bad gateway</html>") }},
			params: url.Values{"code": {"c"}},
			wantIs: oauth.ErrTokenEndpoint,
		},
		{
			name:   "token response without access token",
			setup:  []setup{func(f *oidctest.Fake) { f.JSON(tokenURL, 200, `{"token_type":"bearer"}`) }},
			params: url.Values{"code": {"c"}},
			wantIs: oauth.ErrTokenEndpoint,
		},
		{
			name: "secret echoed by the endpoint is not in the error",
			setup: []setup{func(f *oidctest.Fake) {
				f.JSON(tokenURL, 401, `{"error":"invalid_client","error_description":"Invalid client secret: `+secret+`"}`)
			}},
			params: url.Values{"code": {"c"}},
			wantIs: oauth.ErrTokenEndpoint,
			check: func(t *testing.T, err error) {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error message contains the client secret: %v", err)
				}
			},
		},
		{
			name:   "userinfo refused",
			setup:  []setup{tokenOK, func(f *oidctest.Fake) { f.JSON(userinfoURL, 401, `{"message":"Bad credentials"}`) }},
			params: url.Values{"code": {"c"}},
			wantIs: oauth.ErrUserinfo,
		},
		{
			name:   "profile without id",
			setup:  []setup{tokenOK, userinfoOK},
			params: url.Values{"code": {"c"}},
			profile: func(map[string]any, *providers.Tokens) (*providers.Profile, error) {
				return &providers.Profile{Name: "x"}, nil
			},
			wantIs: oauth.ErrProfile,
		},
		{
			name:    "standard mapper falls back to id",
			setup:   []setup{tokenOK, userinfoOK},
			params:  url.Values{"code": {"c"}},
			profile: oauth.StandardProfile, // the document has "id", so use one without
			wantIs:  nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := oidctest.NewFake(t)
			for _, s := range tt.setup {
				s(f)
			}
			p := newAcme(t, f, func(c *oauth.Config) {
				if tt.profile != nil {
					c.Profile = tt.profile
				}
			})
			v := verifier
			if tt.verifier == "-" {
				v = ""
			}
			prof, tok, err := p.Exchange(context.Background(), providers.Callback{RedirectURL: redirectURL, CodeVerifier: v, Params: tt.params})
			if tt.wantIs == nil && tt.check == nil {
				if err != nil || prof.ID != "12345678901234567" {
					t.Fatalf("Exchange = %v, %v; want the profile mapped from \"id\"", prof, err)
				}
				return
			}
			if err == nil || prof != nil || tok != nil {
				t.Fatalf("Exchange = %v, %v, %v; want an error", prof, tok, err)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("err = %v, want errors.Is %v", err, tt.wantIs)
			}
			if tt.check != nil {
				tt.check(t, err)
			}
		})
	}
}

func TestRefresh(t *testing.T) {
	tests := []struct {
		name        string
		response    string
		wantRefresh string
	}{
		{"rotating refresh token", `{"access_token":"at-2","token_type":"Bearer","expires_in":60,"refresh_token":"rt-2","ext_expires_in":60}`, "rt-2"},
		{"refresh token kept", `{"access_token":"at-2","token_type":"Bearer","expires_in":60,"ext_expires_in":60}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := oidctest.NewFake(t)
			f.JSON(tokenURL, http.StatusOK, tt.response)
			p := newAcme(t, f, func(c *oauth.Config) { c.AuthStyle = oauth.AuthStyleBasic })
			tok, err := p.Refresh(context.Background(), "rt-1")
			if err != nil {
				t.Fatalf("Refresh: %v", err)
			}
			if tok.AccessToken != "at-2" || tok.RefreshToken != tt.wantRefresh || tok.ExpiresAt != fixedNow.Unix()+60 || tok.Extra["ext_expires_in"] != int64(60) {
				t.Errorf("tokens = %+v", tok)
			}
			r := f.Requests(tokenURL)[0]
			if r.Form.Get("grant_type") != "refresh_token" || r.Form.Get("refresh_token") != "rt-1" {
				t.Errorf("refresh request form = %v", r.Form)
			}
		})
	}
}

func TestRefreshFailure(t *testing.T) {
	f := oidctest.NewFake(t)
	f.JSON(tokenURL, 400, `{"error":"invalid_grant","error_description":"refresh token rt-secret-value revoked"}`)
	p := newAcme(t, f, nil)
	_, err := p.Refresh(context.Background(), "rt-secret-value")
	var te *oauth.TokenError
	if !errors.Is(err, oauth.ErrTokenEndpoint) || !errors.As(err, &te) || te.Code != "invalid_grant" {
		t.Fatalf("Refresh error = %v, want a TokenError invalid_grant", err)
	}
	if strings.Contains(err.Error(), "rt-secret-value") {
		t.Errorf("error contains the refresh token: %v", err)
	}
	if _, err := p.Refresh(context.Background(), ""); !errors.Is(err, oauth.ErrTokenEndpoint) {
		t.Errorf("Refresh(\"\") = %v, want ErrTokenEndpoint", err)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	good := oauth.Config{ID: "acme", ClientID: "c", AuthURL: authURL, TokenURL: tokenURL, UserinfoURL: userinfoURL}
	tests := []struct {
		name string
		edit func(*oauth.Config)
		want string
	}{
		{"bad id", func(c *oauth.Config) { c.ID = "Acme Corp" }, "lowercase"},
		{"no client id", func(c *oauth.Config) { c.ClientID = "" }, "AUTH_ACME_ID"},
		{"no endpoints", func(c *oauth.Config) { c.AuthURL = "" }, "AuthURL and TokenURL"},
		{"no userinfo", func(c *oauth.Config) { c.UserinfoURL = "" }, "UserinfoURL"},
		{"relative URL", func(c *oauth.Config) { c.TokenURL = "/token" }, "absolute"},
		{"bad issuer", func(c *oauth.Config) { c.Issuer = "ftp://x" }, "Issuer"},
		{"unknown auth style", func(c *oauth.Config) { c.AuthStyle = 7 }, "AuthStyle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good
			tt.edit(&cfg)
			_, err := oauth.New(cfg)
			if !errors.Is(err, oauth.ErrConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New = %v, want ErrConfig mentioning %q", err, tt.want)
			}
		})
	}
	if _, err := oauth.New(good); err != nil {
		t.Errorf("New(good) = %v", err)
	}
}

func TestClientSecretFunc(t *testing.T) {
	f := oidctest.NewFake(t)
	f.JSON(tokenURL, http.StatusOK, oidctest.ReadFixture(t, "token.json"))
	f.JSON(userinfoURL, http.StatusOK, oidctest.ReadFixture(t, "userinfo.json"))
	calls := 0
	p := newAcme(t, f, func(c *oauth.Config) {
		c.AuthStyle = oauth.AuthStyleBasic
		c.ClientSecretFunc = func(context.Context) (string, error) { calls++; return "generated-secret", nil }
	})
	if _, _, err := p.Exchange(context.Background(), providers.Callback{RedirectURL: redirectURL, CodeVerifier: verifier, Params: url.Values{"code": {"c"}}}); err != nil {
		t.Fatal(err)
	}
	auth := f.Requests(tokenURL)[0].Header.Get("Authorization")
	if want := "Basic " + base64.StdEncoding.EncodeToString([]byte("client-1:generated-secret")); auth != want || calls != 1 {
		t.Errorf("Authorization = %q (calls %d), want %q", auth, calls, want)
	}
}

func TestAuthStyleAutoIsRemembered(t *testing.T) {
	f := oidctest.NewFake(t)
	token := oidctest.ReadFixture(t, "token.json")
	f.Handle(tokenURL, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if _, _, basic := r.BasicAuth(); basic || r.Form.Get("client_secret") != secret {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"invalid_client"}`))
			return
		}
		_, _ = w.Write(token)
	})
	f.JSON(userinfoURL, http.StatusOK, oidctest.ReadFixture(t, "userinfo.json"))
	p := newAcme(t, f, nil) // AuthStyleAuto
	for i, wantRequests := range []int{2, 3} {
		if _, _, err := p.Exchange(context.Background(), providers.Callback{RedirectURL: redirectURL, CodeVerifier: verifier, Params: url.Values{"code": {"c"}}}); err != nil {
			t.Fatalf("Exchange %d: %v", i, err)
		}
		if n := len(f.Requests(tokenURL)); n != wantRequests {
			t.Errorf("after exchange %d the token endpoint got %d requests, want %d", i+1, n, wantRequests)
		}
	}
}
