package gatehouse

import (
	"bufio"
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/web"
)

// redirectCase is one line of testdata/redirects.txt.
type redirectCase struct{ target, want string }

func loadRedirectCases(t testing.TB) []redirectCase {
	t.Helper()
	f, err := os.Open("testdata/redirects.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []redirectCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, '\t')
		if i < 0 {
			t.Fatalf("bad line %q", line)
		}
		cases = append(cases, redirectCase{line[:i], line[i+1:]})
	}
	return cases
}

func TestDefaultRedirect(t *testing.T) {
	const base = "https://site.example"
	cases := loadRedirectCases(t)
	if len(cases) < 20 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		want := c.want
		if want == "BASE" {
			want = base
		}
		if got := DefaultRedirect(c.target, base); got != want {
			t.Errorf("DefaultRedirect(%q) = %q, want %q", c.target, got, want)
		}
	}
}

// TestOpenRedirectThroughHandler sends each hostile callbackUrl through a
// real sign-in and sign-out and checks where the user is sent.
func TestOpenRedirectThroughHandler(t *testing.T) {
	h := newHarness(t)
	origin := h.srv.URL
	for _, c := range loadRedirectCases(t) {
		if c.want != "BASE" {
			continue
		}
		form := url.Values{"csrfToken": {h.csrf()}, "callbackUrl": {c.target}}
		res := h.post("/api/auth/signout", form)
		if res.location() != origin {
			t.Errorf("sign-out with callbackUrl %q went to %q, want %q", c.target, res.location(), origin)
		}
	}
	// The allowed form, for contrast.
	res := h.post("/api/auth/signout", url.Values{"csrfToken": {h.csrf()}, "callbackUrl": {origin + "/ok"}})
	if res.location() != origin+"/ok" {
		t.Errorf("same-origin callbackUrl: %q", res.location())
	}
}

func TestRedirectCallback(t *testing.T) {
	tests := []struct {
		name   string
		cb     func(ctx context.Context, u, base string) (string, error)
		target string
		want   string // relative to the origin unless absolute
	}{
		{"allows another site", func(_ context.Context, u, _ string) (string, error) {
			if strings.HasPrefix(u, "https://docs.example/") {
				return u, nil
			}
			return DefaultRedirect(u, ""), nil
		}, "https://docs.example/page", "https://docs.example/page"},
		{"relative result", func(context.Context, string, string) (string, error) { return "/home", nil }, "/x", "/home"},
		{"javascript result refused", func(context.Context, string, string) (string, error) { return "javascript:alert(1)", nil }, "/x", ""},
		{"protocol-relative result refused", func(context.Context, string, string) (string, error) { return "//evil.example", nil }, "/x", ""},
		{"error", func(context.Context, string, string) (string, error) { return "", context.Canceled }, "/x", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, func(c *Config) { c.Callbacks.Redirect = tt.cb })
			res := h.post("/api/auth/signout", url.Values{"csrfToken": {h.csrf()}, "callbackUrl": {tt.target}})
			want := tt.want
			if !strings.HasPrefix(want, "https://") {
				want = h.srv.URL + want
			}
			if res.location() != want {
				t.Errorf("Location %q, want %q", res.location(), want)
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

func TestTrustHost(t *testing.T) {
	tests := []struct {
		name       string
		trust      bool
		url        string
		headers    []string
		wantOrigin string // "" = the test server's
	}{
		{"URL set: forwarded headers ignored", false, "", []string{"X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https"}, ""},
		{"trusted proxy", true, "-", []string{"X-Forwarded-Host", "public.example", "X-Forwarded-Proto", "https"}, "https://public.example"},
		{"trusted, no headers", true, "-", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, func(c *Config) {
				c.TrustHost = tt.trust
				if tt.url == "-" {
					c.URL = ""
				}
			})
			res := h.get("/api/auth/providers", tt.headers...)
			want := tt.wantOrigin
			if want == "" {
				want = h.srv.URL
			}
			if !strings.Contains(res.body, `"signinUrl":"`+want+"/api/auth/signin/credentials") {
				t.Fatalf("providers %s, want origin %s", res.body, want)
			}
			if tt.wantOrigin == "https://public.example" {
				// https origin: secure cookie names and flags.
				res := h.get("/api/auth/csrf", tt.headers...)
				c := res.Cookies()
				if len(c) != 1 || c[0].Name != "__Host-authjs.csrf-token" || !c[0].Secure {
					t.Fatalf("cookies %v, want a Secure __Host-authjs.csrf-token", c)
				}
			}
		})
	}
}

func TestSecureCookieNames(t *testing.T) {
	for _, tt := range []struct {
		v4, secure bool
		session    string
		csrf       string
	}{
		{false, false, "authjs.session-token", "authjs.csrf-token"},
		{false, true, "__Secure-authjs.session-token", "__Host-authjs.csrf-token"},
		{true, false, "next-auth.session-token", "next-auth.csrf-token"},
		{true, true, "__Secure-next-auth.session-token", "__Host-next-auth.csrf-token"},
	} {
		n := web.NewCookieNames(tt.v4, tt.secure)
		if n.SessionToken != tt.session || n.CSRFToken != tt.csrf {
			t.Errorf("v4=%v secure=%v: %s %s", tt.v4, tt.secure, n.SessionToken, n.CSRFToken)
		}
	}
}
