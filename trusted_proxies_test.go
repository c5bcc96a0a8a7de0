package gatehouse

import (
	"fmt"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestTrustedProxiesRateLimit checks whose X-Forwarded-For counts for the
// per-address limit of failed credentials sign-ins (2 per address): with
// TrustHost alone a client rotating its own X-Forwarded-For is still one
// address and is blocked; with the test server's peer (loopback) among
// TrustedProxies, each forwarded address has its own count.
func TestTrustedProxiesRateLimit(t *testing.T) {
	tests := []struct {
		name    string
		proxies []netip.Prefix
		// blocked is whether the third address's first attempt is refused
		// by the per-address limit.
		blocked bool
	}{
		{"TrustHost without TrustedProxies", nil, true},
		{"another network trusted", []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, true},
		{"loopback proxy trusted", []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, func(c *Config) {
				c.TrustHost = true
				c.TrustedProxies = tt.proxies
				c.Credentials.RateLimit = RateLimit{Identifier: 100, IdentifierWindow: time.Minute, IP: 2, IPWindow: time.Minute}
			})
			attempt := func(client string, user int) string {
				form := url.Values{"csrfToken": {h.csrf()}, "username": {fmt.Sprint("user", user)}, "password": {"wrong"}}
				return h.post("/api/auth/callback/credentials", form, "X-Forwarded-For", client).location()
			}
			for i, client := range []string{"198.51.100.1", "198.51.100.2"} {
				attempt(client, i)
			}
			attempt("198.51.100.3", 3)
			logs := h.logs.String()
			refused := strings.Contains(logs, "too many failed attempts")
			if refused != tt.blocked {
				t.Fatalf("third address refused: %v, want %v; log:\n%s", refused, tt.blocked, logs)
			}
			if tt.blocked {
				return
			}
			// The same forwarded address is limited on its own.
			attempt("198.51.100.3", 4)
			attempt("198.51.100.3", 5)
			if !strings.Contains(h.logs.String(), "from client address 198.51.100.3") {
				t.Fatalf("a forwarded address over its limit was not refused; log:\n%s", h.logs.String())
			}
		})
	}
}

func TestParseTrustedProxies(t *testing.T) {
	tests := []struct {
		in, want, wantErr string
	}{
		{"", "", ""},
		{"10.0.0.0/8", "10.0.0.0/8", ""},
		{" 192.0.2.10 , 10.1.2.3/8,, 2001:db8::1", "192.0.2.10/32 10.0.0.0/8 2001:db8::1/128", ""},
		{"::ffff:192.0.2.1", "192.0.2.1/32", ""},
		{"proxy.local", "", `"proxy.local" is not an address`},
		{"10.0.0.0/33", "", `"10.0.0.0/33" is not an address`},
	}
	for _, tt := range tests {
		got, err := ParseTrustedProxies(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseTrustedProxies(%q): err %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		var s []string
		for _, p := range got {
			s = append(s, p.String())
		}
		if err != nil || strings.Join(s, " ") != tt.want {
			t.Errorf("ParseTrustedProxies(%q) = %v, %v; want %s", tt.in, s, err, tt.want)
		}
	}
	cfg, err := ConfigFromEnv(func(k string) string { return map[string]string{"AUTH_TRUSTED_PROXIES": "10.0.0.0/8"}[k] })
	if err != nil || len(cfg.TrustedProxies) != 1 || cfg.TrustedProxies[0].String() != "10.0.0.0/8" {
		t.Errorf("ConfigFromEnv(AUTH_TRUSTED_PROXIES) = %v, %v", cfg.TrustedProxies, err)
	}
	if _, err := ConfigFromEnv(func(k string) string { return map[string]string{"AUTH_TRUSTED_PROXIES": "nope"}[k] }); err == nil || !strings.Contains(err.Error(), "AUTH_TRUSTED_PROXIES") {
		t.Errorf("bad AUTH_TRUSTED_PROXIES: %v", err)
	}
	_, err = New(Config{Secrets: []string{testSecret}, URL: "https://example.com/api/auth", TrustedProxies: []netip.Prefix{{}}})
	if err == nil || !strings.Contains(err.Error(), "TrustedProxies[0]") {
		t.Errorf("New with a zero prefix: %v, want a TrustedProxies[0] error", err)
	}
}
