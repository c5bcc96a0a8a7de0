package gatehouse

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

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

// TestEmailLinksPerClientLimit: the per-address limit alone lets one client
// have the site mail any number of addresses (mail bombing, spam through
// the site's reputation). A client address may request at most
// Email.RateLimit.IP links per Email.RateLimit.IPWindow, whatever the addresses.
func TestEmailLinksPerClientLimit(t *testing.T) {
	h := newEmailHarness(t, smtptest.Options{}, "", func(c *Config) {
		c.Email.RateLimit.IP = 3
		c.Email.RateLimit.IPWindow = 10 * time.Minute
	})
	for i := range 3 {
		addr := fmt.Sprintf("user%d@example.com", i)
		if res := h.requestLink(addr, "/"); !strings.Contains(res.location(), "/verify-request") {
			t.Fatalf("link %d: %d %q, want the verify-request page", i, res.StatusCode, res.location())
		}
	}
	res := h.requestLink("user9@example.com", "/")
	wantErrorRedirect(t, res, "/signin", "EmailRateLimited")
	if res.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After on the refused request")
	}
	if n := len(h.provider.requests()); n != 3 {
		t.Fatalf("%d links sent, want 3", n)
	}
	h.clock.Advance(11 * time.Minute)
	if res := h.requestLink("user9@example.com", "/"); !strings.Contains(res.location(), "/verify-request") {
		t.Fatalf("after the window: %q", res.location())
	}
}
