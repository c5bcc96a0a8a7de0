package gatehouse

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/smtptest"
	"github.com/gatehouse-go/gatehouse/internal/web"
)

// TestCSRFOnEmailAndOAuthPOSTs covers the state-changing POSTs that
// TestCSRFOnEveryPOST does not: requesting a sign-in link (sends mail),
// using one (consumes the token, signs in) and starting an OAuth sign-in
// (sets the check cookies). Each refusal must change nothing.
func TestCSRFOnEmailAndOAuthPOSTs(t *testing.T) {
	badTokens := []struct {
		name  string
		token func(real string) string
	}{
		{"no token", func(string) string { return "" }},
		{"wrong token", func(string) string { return strings.Repeat("a", 64) }},
		{"token in upper case", func(real string) string { return strings.ToUpper(real) }},
	}
	for _, bt := range badTokens {
		t.Run("signin/email/"+bt.name, func(t *testing.T) {
			h := newEmailHarness(t, smtptest.Options{}, "")
			res := h.post("/api/auth/signin/email", url.Values{"csrfToken": {bt.token(h.csrf())}, "email": {"bob@example.com"}})
			wantErrorRedirect(t, res, "/signin", "MissingCSRF")
			if n := len(h.provider.requests()); n != 0 {
				t.Fatalf("%d sign-in links sent without a valid CSRF token", n)
			}
		})
		t.Run("callback/email/"+bt.name, func(t *testing.T) {
			h := newEmailHarness(t, smtptest.Options{}, "")
			h.requestLink("bob@example.com", "/dashboard")
			form := h.confirm(h.mailedLink(1, "bob@example.com"))
			good := form.Get("csrfToken")
			form.Set("csrfToken", bt.token(good))
			wantErrorRedirect(t, h.use(form), "/signin", "MissingCSRF")
			if h.sessionCookie() != "" {
				t.Fatal("signed in without a valid CSRF token")
			}
			// The refused POST did not use the link up.
			form.Set("csrfToken", good)
			if res := h.use(form); res.location() != h.srv.URL+"/dashboard" || h.sessionCookie() == "" {
				t.Fatalf("the link after a refused POST: %d %q, want a sign-in", res.StatusCode, res.location())
			}
		})
		t.Run("signin/oauth/"+bt.name, func(t *testing.T) {
			h := newOAuthHarness(t)
			res := h.post("/api/auth/signin/mock", url.Values{"csrfToken": {bt.token(h.csrf())}, "callbackUrl": {"/dashboard"}})
			wantErrorRedirect(t, res, "/signin", "MissingCSRF")
			for name, v := range h.checkCookies() {
				if v != "" {
					t.Fatalf("check cookie %s set without a valid CSRF token", name)
				}
			}
		})
	}
}

// TestCSRFOnEveryPOST: a missing or wrong token, a missing cookie or one
// signed with another secret are refused on every POST route, and nothing
// happens.
func TestCSRFOnEveryPOST(t *testing.T) {
	type attack struct {
		name  string
		setup func(h *harness) url.Values // returns the form fields for csrf
	}
	attacks := []attack{
		{"no token", func(h *harness) url.Values { h.csrf(); return url.Values{} }},
		{"wrong token", func(h *harness) url.Values {
			h.csrf()
			return url.Values{"csrfToken": {strings.Repeat("a", 64)}}
		}},
		{"no cookie", func(h *harness) url.Values {
			tok := h.csrf()
			h.jar.SetCookies(mustURL(h.srv.URL), []*http.Cookie{{Name: "authjs.csrf-token", Value: "", MaxAge: -1}})
			return url.Values{"csrfToken": {tok}}
		}},
		{"cookie signed with another secret", func(h *harness) url.Values {
			tok := strings.Repeat("b", 64)
			v := tok + "%7C" + web.SHA256Hex(tok+testSecret2)
			h.jar.SetCookies(mustURL(h.srv.URL), []*http.Cookie{{Name: "authjs.csrf-token", Value: v}})
			return url.Values{"csrfToken": {tok}}
		}},
		{"cookie token without hash", func(h *harness) url.Values {
			tok := strings.Repeat("c", 64)
			h.jar.SetCookies(mustURL(h.srv.URL), []*http.Cookie{{Name: "authjs.csrf-token", Value: tok}})
			return url.Values{"csrfToken": {tok}}
		}},
	}
	routes := []string{"/api/auth/signin/credentials", "/api/auth/callback/credentials", "/api/auth/signout", "/api/auth/session"}
	for _, route := range routes {
		for _, at := range attacks {
			t.Run(route+"/"+at.name, func(t *testing.T) {
				h := newHarness(t)
				h.signIn(alicePass) // a session to (not) sign out or update
				cookie := h.sessionCookie()
				form := at.setup(h)
				form.Set("username", "alice")
				form.Set("password", alicePass)
				res := h.post(route, form)
				if route == "/api/auth/session" {
					if res.StatusCode != 403 || !strings.Contains(res.body, "MissingCSRF") {
						t.Fatalf("got %d %s, want 403 MissingCSRF", res.StatusCode, res.body)
					}
				} else if res.location() != h.base+"/signin?error=MissingCSRF" {
					t.Fatalf("got %d Location %q, want the sign-in page with MissingCSRF", res.StatusCode, res.location())
				}
				if got := h.sessions(); len(got) != 1 || h.sessionCookie() != cookie {
					t.Fatalf("state changed: %d sessions, cookie changed %v", len(got), h.sessionCookie() != cookie)
				}
				if !strings.Contains(h.logs.String(), "csrfToken field does not match") {
					t.Error("refusal not logged")
				}
			})
		}
	}
}

func TestCSRFSecretRotation(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.Secrets = []string{testSecret, testSecret2} })
	tok := strings.Repeat("d", 64)
	// A cookie signed with the old secret, now second in the list.
	old := tok + "%7C" + web.SHA256Hex(tok+testSecret2)
	h.jar.SetCookies(mustURL(h.srv.URL), []*http.Cookie{{Name: "authjs.csrf-token", Value: old}})
	if got := h.csrf(); got != tok {
		t.Fatalf("token %s, want the one from the old-secret cookie", got)
	}
	if res := h.signIn(alicePass); res.location() != h.srv.URL+"/dashboard" {
		t.Fatalf("sign-in with old-secret CSRF cookie: %q", res.location())
	}
}

func TestCrossOriginPOST(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.TrustedOrigins = []string{"https://app.example"} })
	tests := []struct {
		name    string
		headers []string
		refused bool
	}{
		{"cross-site fetch", []string{"Sec-Fetch-Site", "cross-site"}, true},
		{"foreign Origin", []string{"Origin", "https://evil.example"}, true},
		{"same-origin fetch", []string{"Sec-Fetch-Site", "same-origin"}, false},
		{"trusted origin", []string{"Origin", "https://app.example", "Sec-Fetch-Site", "cross-site"}, false},
		{"no browser headers", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := url.Values{"csrfToken": {h.csrf()}, "username": {"alice"}, "password": {alicePass}}
			res := h.post("/api/auth/callback/credentials", form, tt.headers...)
			if refused := res.StatusCode == 403; refused != tt.refused {
				t.Fatalf("status %d %s; want refused=%v", res.StatusCode, res.body, tt.refused)
			}
		})
	}
}
