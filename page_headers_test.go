package gatehouse

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/smtptest"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// TestPageSecurityHeaders checks every built-in page the handler serves
// (sign-in with OAuth, email and credentials, sign-out, verify-request,
// error, the email link's confirmation): a Content-Security-Policy that
// starts from default-src 'none' with the page's style hash and the OAuth
// provider's authorization endpoint in form-action, Referrer-Policy
// no-referrer, and Strict-Transport-Security on an https site only.
func TestPageSecurityHeaders(t *testing.T) {
	for _, https := range []bool{true, false} {
		name := map[bool]string{true: "https", false: "http"}[https]
		t.Run(name, func(t *testing.T) {
			var h *oauthHarness
			eh := newEmailHarness(t, smtptest.Options{}, "", func(c *Config) {
				if https {
					c.URL = "https://auth.example/api/auth"
				}
			})
			// The OAuth providers of an oauthHarness, on the email harness.
			h = newOAuthHarness(t, func(c *Config) {
				if https {
					c.URL = "https://auth.example/api/auth"
				}
				c.Providers = append(c.Providers, eh.provider)
			})
			pages := []string{
				"/api/auth/signin",
				"/api/auth/signin?error=CredentialsSignin",
				"/api/auth/signout",
				"/api/auth/verify-request?provider=email&type=email",
				"/api/auth/error?error=Verification",
				"/api/auth/callback/email?token=0123456789abcdef&email=a%40example.com",
			}
			for _, path := range pages {
				res := h.get(path)
				if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusForbidden {
					t.Fatalf("GET %s: %d", path, res.StatusCode)
				}
				csp := res.Header.Get("Content-Security-Policy")
				if !strings.HasPrefix(csp, "default-src 'none'; style-src 'sha256-") || !strings.Contains(csp, "frame-ancestors 'none'") {
					t.Errorf("GET %s: Content-Security-Policy %q", path, csp)
				}
				if strings.HasPrefix(path, "/api/auth/signin") && !strings.Contains(csp, "form-action") {
					t.Errorf("GET %s: no form-action in %q", path, csp)
				}
				if path == "/api/auth/signin" && !strings.Contains(csp, " "+h.op.Addr()) {
					t.Errorf("GET %s: form-action does not allow the OIDC provider's endpoint %s: %q", path, h.op.Addr(), csp)
				}
				if got := res.Header.Get("Referrer-Policy"); got != "no-referrer" {
					t.Errorf("GET %s: Referrer-Policy %q", path, got)
				}
				hsts := res.Header.Get("Strict-Transport-Security")
				if https && hsts != "max-age=31536000" || !https && hsts != "" {
					t.Errorf("GET %s on %s: Strict-Transport-Security %q", path, name, hsts)
				}
			}
		})
	}
}

// TestSignInPageFormActionFallback: an OIDC provider whose discovery fails
// still gets a sign-in page quickly, whose form-action allows its issuer's
// origin and https targets, and the failure is logged.
func TestSignInPageFormActionFallback(t *testing.T) {
	issuer := "http://" + smtptest.UnusedAddr(t) + "/oidc"
	h := newHarness(t, func(c *Config) {
		p, err := oauth.New(oauth.Config{ID: "down", ClientID: "id", ClientSecret: "secret", Issuer: issuer})
		if err != nil {
			t.Fatal(err)
		}
		c.Providers = append(c.Providers, p)
	})
	began := time.Now()
	res := h.get("/api/auth/signin")
	if took := time.Since(began); res.StatusCode != http.StatusOK || took > authorizationTimeout+time.Second {
		t.Fatalf("GET /signin: %d in %v", res.StatusCode, took)
	}
	csp := res.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "form-action "+h.srv.URL+" "+strings.TrimSuffix(issuer, "/oidc")+" https:") {
		t.Errorf("form-action of %q, want the site, the issuer's origin and https:", csp)
	}
	if !strings.Contains(h.logs.String(), "finding a provider's authorization endpoint") {
		t.Errorf("the failure is not logged:\n%s", h.logs.String())
	}
}

// TestSignInPageLookupsAtOnce: several OIDC providers whose discovery
// hangs delay the sign-in page by authorizationTimeout once, not once
// each, and each still gets its fallback form-action.
func TestSignInPageLookupsAtOnce(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var held sync.WaitGroup // connections accepted and never answered
	stop := make(chan struct{})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			held.Go(func() { <-stop; c.Close() })
		}
	}()
	t.Cleanup(func() { ln.Close(); close(stop); held.Wait() })
	issuer := "http://" + ln.Addr().String()
	h := newHarness(t, func(c *Config) {
		for _, id := range []string{"hang1", "hang2", "hang3"} {
			p, err := oauth.New(oauth.Config{ID: id, ClientID: "id", ClientSecret: "secret", Issuer: issuer + "/" + id})
			if err != nil {
				t.Fatal(err)
			}
			c.Providers = append(c.Providers, p)
		}
	})
	began := time.Now()
	res := h.get("/api/auth/signin")
	took := time.Since(began)
	t.Logf("GET /signin with three hanging providers: %d in %v", res.StatusCode, took.Round(time.Millisecond))
	if res.StatusCode != http.StatusOK || took > authorizationTimeout+time.Second {
		t.Fatalf("GET /signin: %d in %v, want 200 within about %v", res.StatusCode, took, authorizationTimeout)
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, issuer+" https:") {
		t.Errorf("form-action of %q, want the issuer's origin and https:", csp)
	}
}
