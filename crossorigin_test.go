package gatehouse

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestCrossOriginPage checks that a refused cross-origin POST (the site
// browsed at 127.0.0.1 while AUTH_URL says localhost) gets a styled HTML
// error page naming both origins and AUTH_URL, and that the log says the
// same.
func TestCrossOriginPage(t *testing.T) {
	cases := []struct {
		name    string
		headers []string
		from    string // the origin the page and the log must name
	}{
		{"Origin header", []string{"Origin", "http://127.0.0.1:3000", "Sec-Fetch-Site", "cross-site"}, "http://127.0.0.1:3000"},
		{"Referer only", []string{"Referer", "http://127.0.0.1:3000/api/auth/signin", "Sec-Fetch-Site", "cross-site"}, "http://127.0.0.1:3000"},
		{"neither", []string{"Sec-Fetch-Site", "cross-site"}, "another site"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			form := url.Values{"csrfToken": {h.csrf()}, "username": {"alice"}, "password": {alicePass}}
			res := h.post("/api/auth/callback/credentials", form, c.headers...)
			if res.StatusCode != http.StatusForbidden || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				t.Fatalf("got %d %s, want 403 text/html", res.StatusCode, res.Header.Get("Content-Type"))
			}
			site := h.srv.URL
			for _, want := range []string{"<html", c.from, site, "AUTH_URL", "TrustedOrigins"} {
				if !strings.Contains(res.body, want) {
					t.Errorf("page lacks %q:\n%s", want, res.body)
				}
			}
			logs := h.logs.String()
			for _, want := range []string{"cross-origin POST refused", c.from, site, "AUTH_URL"} {
				if !strings.Contains(logs, want) {
					t.Errorf("log lacks %q:\n%s", want, logs)
				}
			}
		})
	}
	t.Run("JSON client", func(t *testing.T) {
		h := newHarness(t)
		res := h.post("/api/auth/signout", url.Values{"csrfToken": {h.csrf()}}, "Origin", "http://127.0.0.1:3000", "X-Auth-Return-Redirect", "1")
		var v struct{ Error, Message string }
		res.json(t, &v)
		if res.StatusCode != http.StatusForbidden || v.Error != "CrossOrigin" || !strings.Contains(v.Message, "AUTH_URL") {
			t.Fatalf("got %d %s", res.StatusCode, res.body)
		}
	})
}
