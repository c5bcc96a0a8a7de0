package gatehouse

import (
	"net/url"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/smtptest"
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
