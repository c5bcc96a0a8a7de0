package gatehouse

import (
	"net/http"
	"strings"
	"testing"
)

// TestGetSignInProvider checks that GET /signin/{provider} is answered as
// Auth.js v5 answers it (a redirect to the error page with
// error=Configuration, or {"url"} for X-Auth-Return-Redirect), not 405, and
// that the log says how to start a sign-in instead.
func TestGetSignInProvider(t *testing.T) {
	cases := []struct {
		name    string
		pages   Pages
		headers []string
		want    string // Location or JSON url, after the server URL
		json    bool
	}{
		{"built-in error page", Pages{}, nil, "/api/auth/error?error=Configuration", false},
		{"custom error page", Pages{Error: "/oops"}, nil, "/oops?error=Configuration", false},
		{"JSON client", Pages{}, []string{"X-Auth-Return-Redirect", "1"}, "/api/auth/error?error=Configuration", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, func(cfg *Config) { cfg.Pages = c.pages })
			res := h.get("/api/auth/signin/credentials", c.headers...)
			if c.json {
				var v struct{ URL string }
				res.json(t, &v)
				if res.StatusCode != http.StatusOK || v.URL != h.srv.URL+c.want {
					t.Fatalf("got %d %s, want 200 {url: %s}", res.StatusCode, res.body, h.srv.URL+c.want)
				}
			} else if res.StatusCode != http.StatusFound || res.location() != h.srv.URL+c.want {
				t.Fatalf("got %d Location %q, want 302 %s", res.StatusCode, res.location(), h.srv.URL+c.want)
			}
			logs := h.logs.String()
			if !strings.Contains(logs, "POST to /signin/credentials") || !strings.Contains(logs, h.base+"/signin") {
				t.Fatalf("log does not say how to start a sign-in:\n%s", logs)
			}
		})
	}
}
