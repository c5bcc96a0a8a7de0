package gatehouse

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/internal/testutil"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// FuzzOAuthCallback sends arbitrary callback parameters (as a GET query and
// as a form_post body) with arbitrary state and PKCE cookies to an OAuth
// callback. Whatever arrives, the answer is a redirect to the sign-in or
// error page with an error code and nothing is written to the store. The
// seeds include valid check cookies, so the fuzzer reaches the token
// endpoint (a server that refuses every code).
func FuzzOAuthCallback(f *testing.F) {
	tokenSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":"invalid_grant"}`))
	}))
	f.Cleanup(tokenSrv.Close)
	p, err := oauth.New(oauth.Config{ID: "fz", ClientID: "id", ClientSecret: "secret",
		AuthURL: tokenSrv.URL + "/authorize", TokenURL: tokenSrv.URL + "/token", UserinfoURL: tokenSrv.URL + "/me"})
	if err != nil {
		f.Fatal(err)
	}
	store := testutil.NewFaulty(memory.New())
	clk := newClock()
	a, err := New(Config{Secrets: []string{testSecret}, URL: "http://site.example/api/auth", Adapter: store,
		Providers: []providers.Provider{p}, Logger: discardLogger(), Now: clk.Now})
	if err != nil {
		f.Fatal(err)
	}
	rq := testRequest(a, false)
	state, _ := a.checkCookie(rq, checkState, "fz", "S")
	pkce, _ := a.checkCookie(rq, checkPKCE, "fz", strings.Repeat("v", 43))
	other, _ := a.checkCookie(rq, checkState, "other", "S")
	f.Add("code=c&state=S", state.Value, pkce.Value, false)
	f.Add("code=c&state=S", state.Value, pkce.Value, true)
	f.Add("error=access_denied&state=S", state.Value, "", false)
	f.Add("code=c&state=S", other.Value, pkce.Value, false)
	f.Add("state=S", state.Value, "", true)
	f.Add("code=c&state=T", state.Value, pkce.Value, false)
	f.Add("%zz&&==;", "", "", false)
	f.Fuzz(func(t *testing.T, params, stateCookie, pkceCookie string, post bool) {
		var req *http.Request
		if post {
			req = httptest.NewRequest("POST", "http://site.example/api/auth/callback/fz", strings.NewReader(params))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		} else {
			req = httptest.NewRequest("GET", "http://site.example/api/auth/callback/fz", nil)
			req.URL.RawQuery = params
		}
		for name, v := range map[string]string{"authjs.state": stateCookie, "authjs.pkce.code_verifier": pkceCookie} {
			if v != "" && cookieSafe(v) {
				req.AddCookie(&http.Cookie{Name: name, Value: v})
			}
		}
		w := httptest.NewRecorder()
		a.ServeHTTP(w, req)
		if w.Code == http.StatusBadRequest {
			return // an unreadable form body
		}
		loc := w.Header().Get("Location")
		if w.Code != http.StatusFound || !(strings.HasPrefix(loc, "http://site.example/api/auth/signin?error=") || strings.HasPrefix(loc, "http://site.example/api/auth/error?error=")) {
			t.Fatalf("callback %q answered %d to %q, want a redirect with an error code", params, w.Code, loc)
		}
		if n := writes(store.Take()); len(n) != 0 {
			t.Fatalf("callback %q wrote %v", params, n)
		}
	})
}

// FuzzCheckCookie decodes arbitrary check-cookie values: only a value
// encrypted with the secret for this provider and cookie is accepted (the
// only one ever made holds "nonce-value"; the corpus keeps it, possibly from
// another process), and nothing panics.
func FuzzCheckCookie(f *testing.F) {
	a, err := New(Config{Secrets: []string{testSecret}, URL: "https://site.example/api/auth", Adapter: memory.New(),
		Providers: []providers.Provider{mustOAuth(f)}, Logger: discardLogger(), Now: newClock().Now})
	if err != nil {
		f.Fatal(err)
	}
	rq := testRequest(a, true)
	c, _ := a.checkCookie(rq, checkNonce, "fz", "nonce-value")
	f.Add(c.Value)
	f.Add(c.Value[:len(c.Value)-2])
	f.Add("a.b.c.d.e")
	f.Add("")
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := a.parseCheck(true, checkNonce, "fz", raw)
		if err == nil && (v != "nonce-value" || strings.Count(raw, ".") != 4) {
			t.Fatalf("accepted %q as %q", raw, v)
		}
	})
}

func mustOAuth(tb testing.TB) providers.Provider {
	tb.Helper()
	p, err := oauth.New(oauth.Config{ID: "fz", ClientID: "id", AuthURL: "https://op.example/a", TokenURL: "https://op.example/t", UserinfoURL: "https://op.example/u"})
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// cookieSafe reports whether v can travel as a cookie value unquoted.
func cookieSafe(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c <= ' ' || c >= 0x7f || c == '"' || c == ';' || c == ',' || c == '\\' {
			return false
		}
	}
	return true
}

func TestCheckCookieBinding(t *testing.T) {
	h := newOAuthHarness(t)
	rq := testRequest(h.auth, true)
	c, err := h.auth.checkCookie(rq, checkNonce, "mock", "the-nonce")
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "__Secure-authjs.nonce" || !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteNoneMode || c.MaxAge != int(checkMaxAge/time.Second) {
		t.Errorf("cookie = %+v", c)
	}
	cases := []struct {
		name     string
		secure   bool
		kind     checkKind
		provider string
		ok       bool
	}{
		{"same", true, checkNonce, "mock", true},
		{"other provider", true, checkNonce, "other", false},
		{"other cookie (salt)", true, checkState, "mock", false},
		{"plain-http cookie name (salt)", false, checkNonce, "mock", false},
	}
	for _, tc := range cases {
		v, err := h.auth.parseCheck(tc.secure, tc.kind, tc.provider, c.Value)
		if tc.ok != (err == nil) || (tc.ok && v != "the-nonce") {
			t.Errorf("%s: parseCheck = %q, %v", tc.name, v, err)
		}
		if err != nil && !errors.Is(err, errCheck) {
			t.Errorf("%s: error %v does not wrap errCheck", tc.name, err)
		}
	}
}
