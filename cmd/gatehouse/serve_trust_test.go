package main

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/smtptest"
)

// TestServeNonLoopbackNeedsURL: serve on an address other machines reach
// never trusts forwarded headers by itself. Without AUTH_URL and without
// host trust it refuses to start, naming both fixes; with either it starts.
func TestServeNonLoopbackNeedsURL(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "[::]:0"} {
		t.Run(addr, func(t *testing.T) {
			r := runCmd(t, nil, "serve", "--addr", addr, "--database", "sqlite::memory:")
			if r.code != exitError {
				t.Fatalf("exit %d, want %d; stdout %q stderr %q", r.code, exitError, r.stdout, r.stderr)
			}
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			last := lines[len(lines)-1]
			for _, want := range []string{"gatehouse serve: listening on", "without AUTH_URL", "set AUTH_URL", "AUTH_TRUST_HOST=true", "--trust-host"} {
				if !strings.Contains(last, want) {
					t.Errorf("last stderr line %q lacks %q", last, want)
				}
			}
		})
	}
	for _, tt := range []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"AUTH_TRUST_HOST", map[string]string{"AUTH_TRUST_HOST": "true"}, nil},
		{"--trust-host", nil, []string{"--trust-host"}},
		{"AUTH_URL", map[string]string{"AUTH_URL": "https://auth.example.com/api/auth"}, nil},
	} {
		t.Run("starts with "+tt.name, func(t *testing.T) {
			s := startServe(t, tt.env, append([]string{"--addr", "0.0.0.0:0", "--database", "sqlite::memory:"}, tt.args...)...)
			if !strings.Contains(s.stdout.String(), "/dev/emails is off") {
				t.Errorf("dev-mode emails listed on a non-loopback listener:\n%s", s.stdout)
			}
		})
	}
}

// TestServeForwardedHostIgnored: on all interfaces with AUTH_URL (the fix
// the refusal names), a client's X-Forwarded-Host does not change the
// origin of the emailed link.
func TestServeForwardedHostIgnored(t *testing.T) {
	addr := smtptest.UnusedAddr(t)
	_, port, _ := strings.Cut(addr, ":")
	site := "http://127.0.0.1:" + port
	s := startServe(t, map[string]string{"AUTH_URL": site + "/api/auth"}, "--addr", "0.0.0.0:"+port, "--database", "sqlite::memory:", "--demo-user=false")
	c := newBrowser(t)
	form := url.Values{"csrfToken": {csrfToken(t, c, site)}, "email": {"ann@example.com"}}
	req, _ := http.NewRequest("POST", site+"/api/auth/signin/email", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-Host", "evil.example")
	req.Header.Set("X-Forwarded-Proto", "https")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	out := s.stdout.String()
	if _, err := smtptest.FindLink(out, site+"/api/auth/callback/email?"); err != nil || strings.Contains(out, "evil.example") {
		t.Errorf("the printed link is not on %s (%v):\n%s", site, err, out)
	}
}

// TestServeTrustedProxiesFlag: a bad --trusted-proxies is a one-line error.
func TestServeTrustedProxiesFlag(t *testing.T) {
	r := runCmd(t, nil, "serve", "--addr", "127.0.0.1:0", "--database", "sqlite::memory:", "--trusted-proxies", "proxy.local")
	if r.code != exitError || !strings.Contains(r.stderr, `--trusted-proxies: "proxy.local" is not an address`) {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestServeDevEmails: /dev/emails answers only the developer's browser at
// the configured loopback origin: another Host (DNS rebinding), a proxied
// request or a non-loopback configuration is refused; the start-up output
// says how to turn dev mode off.
func TestServeDevEmails(t *testing.T) {
	addr := smtptest.UnusedAddr(t)
	_, port, _ := strings.Cut(addr, ":")
	site := "http://localhost:" + port
	s := startServe(t, map[string]string{"AUTH_URL": site + "/api/auth"}, "--addr", addr, "--database", "sqlite::memory:")
	out := s.stdout.String()
	for _, want := range []string{"set EMAIL_SERVER and EMAIL_FROM to send them by SMTP and turn dev mode off", "listed at " + site + "/dev/emails"} {
		if !strings.Contains(out, want) {
			t.Errorf("start-up output lacks %q:\n%s", want, out)
		}
	}
	tests := []struct {
		name    string
		host    string
		headers []string
		want    int
	}{
		{"configured origin", "localhost:" + port, nil, http.StatusOK},
		{"configured origin, other case", "LocalHost:" + port, nil, http.StatusOK},
		{"DNS rebinding: another name for 127.0.0.1", "attacker.example:" + port, nil, http.StatusForbidden},
		{"the listener's IP instead of the configured name", addr, nil, http.StatusForbidden},
		{"through a proxy (X-Forwarded-For)", "localhost:" + port, []string{"X-Forwarded-For", "203.0.113.9"}, http.StatusForbidden},
		{"through a proxy (Forwarded)", "localhost:" + port, []string{"Forwarded", "for=203.0.113.9"}, http.StatusForbidden},
		{"through a proxy (Via)", "localhost:" + port, []string{"Via", "1.1 proxy"}, http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", "http://"+addr+"/dev/emails", nil)
			req.Host = tt.host
			for i := 0; i+1 < len(tt.headers); i += 2 {
				req.Header.Set(tt.headers[i], tt.headers[i+1])
			}
			res, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tt.want {
				t.Fatalf("GET /dev/emails with Host %s: %d, want %d: %s", tt.host, res.StatusCode, tt.want, body)
			}
		})
	}

	// Behind a proxy by configuration: the page does not exist.
	for _, env := range []map[string]string{
		{"AUTH_TRUST_HOST": "true"},
		{"AUTH_TRUSTED_PROXIES": "127.0.0.1"},
		{"AUTH_URL": "https://auth.example.com/api/auth"},
	} {
		s := startServe(t, env, "--database", "sqlite::memory:")
		if !strings.Contains(s.stdout.String(), "/dev/emails is off: ") {
			t.Errorf("with %v the start-up output does not say /dev/emails is off:\n%s", env, s.stdout)
		}
		u, _ := url.Parse(s.URL)
		if u.Scheme != "http" || !loopbackHost(u.Hostname()) {
			continue // a public origin: nothing to ask on this machine
		}
		req, _ := http.NewRequest("GET", s.URL+"/dev/emails", nil)
		req.Host = u.Host
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("with %v GET /dev/emails: %d, want 404", env, res.StatusCode)
		}
	}
}
