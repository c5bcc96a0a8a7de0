package oauth_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

const nonce = "nonce-0123456789abcdef"

func newOIDC(t *testing.T, op *oidctest.OP, edit func(*oauth.Config)) *oauth.Provider {
	t.Helper()
	cfg := oauth.Config{ID: "mock", ClientID: op.ClientID, ClientSecret: op.ClientSecret, Issuer: op.Issuer()}
	if edit != nil {
		edit(&cfg)
	}
	p, err := oauth.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return p
}

// signIn runs the browser part of the flow and returns the callback.
func signIn(t *testing.T, p *oauth.Provider) providers.Callback {
	t.Helper()
	u, err := p.AuthCodeURL(context.Background(), providers.AuthRequest{
		RedirectURL: redirectURL, State: "state-1", Nonce: nonce,
		CodeChallenge: oauth.S256Challenge(verifier),
	})
	if err != nil {
		t.Fatalf("AuthCodeURL: %v", err)
	}
	params := oidctest.Authorize(t, u)
	if params.Get("state") != "state-1" {
		t.Fatalf("callback state = %q", params.Get("state"))
	}
	return providers.Callback{RedirectURL: redirectURL, Params: params, CodeVerifier: verifier, Nonce: nonce}
}

func TestOIDCCodeFlow(t *testing.T) {
	op := oidctest.StartOP(t)
	op.QueueUser(&oidctest.User{Subject: "user-42", Email: "Ada@Example.com", EmailVerified: true, PreferredUsername: "ada"})
	p := newOIDC(t, op, nil)
	if info := p.Info(); providers.TypeOf(p) != providers.TypeOIDC || info.Name != "mock" {
		t.Errorf("Info = %+v", info)
	}
	if c := p.Checks(); !c.State || !c.PKCE || !c.Nonce {
		t.Errorf("Checks = %+v, want all on", c)
	}
	cb := signIn(t, p)
	prof, tok, err := p.Exchange(context.Background(), cb)
	if err != nil {
		t.Fatalf("Exchange: %v", err)
	}
	if prof.ID != "user-42" || prof.Email != "Ada@Example.com" || !prof.EmailVerified || prof.Name != "ada" {
		t.Errorf("profile = %+v", prof)
	}
	if tok.IDToken == "" || tok.AccessToken == "" || tok.RefreshToken == "" || strings.ToLower(tok.TokenType) != "bearer" {
		t.Errorf("tokens = %+v", tok)
	}
	if d := tok.ExpiresAt - time.Now().Unix(); d < 590 || d > 610 {
		t.Errorf("ExpiresAt is %d s away, want about 600", d)
	}

	// The code is single-use at the OP.
	if _, _, err := p.Exchange(context.Background(), cb); !errors.Is(err, oauth.ErrTokenEndpoint) {
		t.Errorf("second Exchange of one code = %v, want ErrTokenEndpoint", err)
	}

	// Refresh at the OP; the new ID token is verified.
	rt, err := p.Refresh(context.Background(), tok.RefreshToken)
	if err != nil {
		t.Fatalf("Refresh: %v", err)
	}
	if rt.AccessToken == "" || rt.IDToken == "" {
		t.Errorf("refreshed tokens = %+v", rt)
	}
}

func TestOIDCPKCEIsEnforced(t *testing.T) {
	op := oidctest.StartOP(t)
	p := newOIDC(t, op, nil)
	cb := signIn(t, p)
	cb.CodeVerifier = "another-verifier-0123456789-0123456789-0123"
	_, _, err := p.Exchange(context.Background(), cb)
	var te *oauth.TokenError
	if !errors.As(err, &te) || te.Code != "invalid_grant" {
		t.Fatalf("Exchange with the wrong verifier = %v, want invalid_grant from the OP", err)
	}
}

func TestOIDCUserinfo(t *testing.T) {
	op := oidctest.StartOP(t)
	op.QueueUser(&oidctest.User{Subject: "u-7", Email: "u7@example.com", PreferredUsername: "seven", Groups: []string{"ops"}})
	p := newOIDC(t, op, func(c *oauth.Config) {
		c.FetchUserinfo = true
		c.Scopes = []string{"openid", "email", "profile", "groups"}
	})
	prof, _, err := p.Exchange(context.Background(), signIn(t, p))
	if err != nil {
		t.Fatalf("Exchange: %v", err)
	}
	if prof.ID != "u-7" || prof.Email != "u7@example.com" {
		t.Errorf("profile = %+v", prof)
	}
	if g, _ := prof.Raw["groups"].([]any); len(g) != 1 || g[0] != "ops" {
		t.Errorf("Raw groups = %#v", prof.Raw["groups"])
	}
}

func TestOIDCRejectsBadIDTokens(t *testing.T) {
	type tamper func(t *testing.T, op *oidctest.OP) func(map[string]any)
	resign := func(f func(c map[string]any)) tamper {
		return func(t *testing.T, op *oidctest.OP) func(map[string]any) { return op.ResignIDToken(t, f) }
	}
	tests := []struct {
		name   string
		tamper tamper
		nonce  string
		check  func(t *testing.T, err error)
	}{
		{name: "wrong nonce", nonce: "some-other-nonce"},
		{name: "wrong audience", tamper: resign(func(c map[string]any) { c["aud"] = "another-client" })},
		{name: "wrong issuer", tamper: resign(func(c map[string]any) { c["iss"] = "https://evil.example" })},
		{
			name:   "expired",
			tamper: resign(func(c map[string]any) { c["exp"] = time.Now().Add(-time.Hour).Unix() }),
			check: func(t *testing.T, err error) {
				var exp *oidc.TokenExpiredError
				if !errors.As(err, &exp) {
					t.Errorf("err = %v, want an *oidc.TokenExpiredError inside", err)
				}
			},
		},
		{
			name: "tampered payload",
			tamper: func(t *testing.T, _ *oidctest.OP) func(map[string]any) {
				return oidctest.TamperIDTokenPayload(t, func(c map[string]any) { c["sub"] = "admin" })
			},
		},
		{name: "nonce removed", tamper: resign(func(c map[string]any) { delete(c, "nonce") })},
		{
			name: "no ID token",
			tamper: func(*testing.T, *oidctest.OP) func(map[string]any) {
				return func(r map[string]any) { delete(r, "id_token") }
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op := oidctest.StartOP(t)
			p := newOIDC(t, op, nil)
			cb := signIn(t, p)
			if tt.tamper != nil {
				op.TamperNextToken(tt.tamper(t, op))
			}
			if tt.nonce != "" {
				cb.Nonce = tt.nonce
			}
			prof, tok, err := p.Exchange(context.Background(), cb)
			if !errors.Is(err, oauth.ErrIDToken) || prof != nil || tok != nil {
				t.Fatalf("Exchange = %v, %v, %v; want ErrIDToken", prof, tok, err)
			}
			if tt.check != nil {
				tt.check(t, err)
			}
		})
	}
}

func TestOIDCClockIsInjectable(t *testing.T) {
	op := oidctest.StartOP(t)
	p := newOIDC(t, op, func(c *oauth.Config) { c.Now = func() time.Time { return time.Now().Add(2 * time.Hour) } })
	if _, _, err := p.Exchange(context.Background(), signIn(t, p)); !errors.Is(err, oauth.ErrIDToken) {
		t.Fatalf("Exchange two hours later = %v, want ErrIDToken (expired)", err)
	}
}

func TestOIDCCallbackChecks(t *testing.T) {
	op := oidctest.StartOP(t)
	p := newOIDC(t, op, nil)
	tests := []struct {
		name string
		cb   providers.Callback
		want error
	}{
		{"nonce cookie lost", providers.Callback{Params: url.Values{"code": {"c"}}, CodeVerifier: verifier}, oauth.ErrCallback},
		{"verifier cookie lost", providers.Callback{Params: url.Values{"code": {"c"}}, Nonce: nonce}, oauth.ErrCallback},
		{"iss from another issuer (RFC 9207)", providers.Callback{Params: url.Values{"code": {"c"}, "iss": {"https://evil.example"}}, CodeVerifier: verifier, Nonce: nonce}, oauth.ErrCallback},
		{"OP error queued", providers.Callback{Params: url.Values{"code": {"c"}}, CodeVerifier: verifier, Nonce: nonce}, oauth.ErrTokenEndpoint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.want == oauth.ErrTokenEndpoint {
				op.QueueError(&oidctest.ServerError{Code: 500, Error: "server_error", Description: "down"})
			}
			if _, _, err := p.Exchange(context.Background(), tt.cb); !errors.Is(err, tt.want) {
				t.Errorf("Exchange = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestOIDCDiscovery(t *testing.T) {
	op := oidctest.StartOP(t)
	t.Run("lazy and once", func(t *testing.T) {
		p := newOIDC(t, op, nil)
		if err := p.Discover(context.Background()); err != nil {
			t.Fatalf("Discover: %v", err)
		}
		u, err := p.AuthCodeURL(context.Background(), providers.AuthRequest{RedirectURL: redirectURL, State: "s", Nonce: "n", CodeChallenge: "c"})
		if err != nil || !strings.HasPrefix(u, op.AuthorizationEndpoint()+"?") {
			t.Errorf("AuthCodeURL = %q, %v; want the discovered endpoint", u, err)
		}
		q, _ := url.ParseQuery(u[strings.Index(u, "?")+1:])
		if q.Get("scope") != "openid profile email" || q.Get("nonce") != "n" || q.Get("code_challenge_method") != "S256" {
			t.Errorf("authorization parameters = %v", q)
		}
	})
	t.Run("issuer mismatch", func(t *testing.T) {
		p := newOIDC(t, op, func(c *oauth.Config) { c.Issuer = op.Addr() + "/oidc/" })
		if err := p.Discover(context.Background()); !errors.Is(err, oauth.ErrDiscovery) {
			t.Errorf("Discover = %v, want ErrDiscovery", err)
		}
	})
	t.Run("unreachable issuer, retried later", func(t *testing.T) {
		down := httptest.NewServer(http.NotFoundHandler())
		down.Close()
		p := newOIDC(t, op, func(c *oauth.Config) { c.Issuer = down.URL })
		for range 2 {
			if err := p.Discover(context.Background()); !errors.Is(err, oauth.ErrDiscovery) {
				t.Errorf("Discover = %v, want ErrDiscovery", err)
			}
		}
	})
}

func TestOIDCFormPost(t *testing.T) {
	op := oidctest.StartOP(t)
	p := newOIDC(t, op, func(c *oauth.Config) { c.AuthParams = url.Values{"response_mode": {"form_post"}} })
	cb := signIn(t, p)
	// Deliver the callback as a form_post would: a POST with the parameters
	// in the body, read into Callback.Params by the handler.
	var got *providers.Profile
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			t.Errorf("ParseForm: %v", err)
			return
		}
		prof, _, err := p.Exchange(r.Context(), providers.Callback{RedirectURL: redirectURL, Params: r.PostForm, CodeVerifier: verifier, Nonce: nonce})
		if err != nil {
			t.Errorf("Exchange: %v", err)
			return
		}
		got = prof
	}))
	defer srv.Close()
	resp, err := http.PostForm(srv.URL, cb.Params)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got == nil || got.ID != "1234567890" {
		t.Errorf("profile from form_post = %+v", got)
	}
}

func TestOIDCConcurrentUse(t *testing.T) {
	op := oidctest.StartOP(t)
	p := newOIDC(t, op, nil)
	const n = 10
	errs := make(chan error, n)
	for range n {
		go func() {
			u, err := p.AuthCodeURL(context.Background(), providers.AuthRequest{RedirectURL: redirectURL, State: "s", Nonce: nonce, CodeChallenge: oauth.S256Challenge(verifier)})
			if err != nil {
				errs <- err
				return
			}
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			resp, err := client.Get(u)
			if err != nil {
				errs <- err
				return
			}
			resp.Body.Close()
			loc, _ := url.Parse(resp.Header.Get("Location"))
			_, _, err = p.Exchange(context.Background(), providers.Callback{RedirectURL: redirectURL, Params: loc.Query(), CodeVerifier: verifier, Nonce: nonce})
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
