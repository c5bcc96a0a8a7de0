package gatehouse

import (
	"net/url"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/smtptest"
	"github.com/gatehouse-go/gatehouse/providers/email"
)

// TestVerifyRequestDevMode checks that in email dev mode the verify-request
// page says that nothing was sent and where the link went (the server's
// log, and the app's list of links when it has one), and that it says
// nothing of the kind when the email was sent.
func TestVerifyRequestDevMode(t *testing.T) {
	cases := []struct {
		name    string
		opts    *email.Options // nil: sent by SMTP
		want    []string
		notWant []string
	}{
		{"dev mode with a links page", &email.Options{DevMode: true, DevLinksPage: "/dev/emails"},
			[]string{"<strong>Development mode:</strong> no email was sent", "server's terminal", `<a href="/dev/emails">/dev/emails</a>`}, nil},
		{"dev mode alone", &email.Options{DevMode: true},
			[]string{"<strong>Development mode:</strong> no email was sent", "server's terminal"}, []string{"/dev/emails"}},
		{"sent by SMTP", nil, []string{"Check your email"}, []string{"Development mode"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var h *harness
			if c.opts == nil {
				h = newEmailHarness(t, smtptest.Options{}, "").harness
			} else {
				o := *c.opts
				o.Logger = discardLogger()
				p, err := email.New(o)
				if err != nil {
					t.Fatal(err)
				}
				h = newHarness(t, func(cfg *Config) { cfg.Providers = append(cfg.Providers, p) })
			}
			res := h.post("/api/auth/signin/email", url.Values{"csrfToken": {h.csrf()}, "email": {"ann@example.com"}})
			loc, err := url.Parse(res.location())
			if err != nil || loc.Path != "/api/auth/verify-request" {
				t.Fatalf("after asking for a link: %d to %q, want the verify-request page", res.StatusCode, res.location())
			}
			page := h.get(loc.RequestURI()).body
			for _, w := range c.want {
				if !strings.Contains(page, w) {
					t.Errorf("verify-request page lacks %q:\n%s", w, page)
				}
			}
			for _, w := range c.notWant {
				if strings.Contains(page, w) {
					t.Errorf("verify-request page has %q:\n%s", w, page)
				}
			}
		})
	}
}
