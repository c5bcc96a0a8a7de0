package gatehouse

import (
	"bufio"
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
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

func FuzzDefaultRedirect(f *testing.F) {
	const base = "https://site.example"
	for _, c := range loadRedirectCases(f) {
		f.Add(c.target)
	}
	f.Fuzz(func(t *testing.T, target string) {
		got := DefaultRedirect(target, base)
		if got == base {
			return
		}
		rest, ok := strings.CutPrefix(got, base)
		if !ok || !strings.HasPrefix(rest, "/") || strings.HasPrefix(rest, "//") || strings.HasPrefix(rest, "/\\") {
			t.Fatalf("DefaultRedirect(%q) = %q leaves the site", target, got)
		}
		u, err := url.Parse(got)
		if err != nil || u.Host != "site.example" || u.Scheme != "https" || u.User != nil {
			t.Fatalf("DefaultRedirect(%q) = %q parses to host %q (err %v)", target, got, u.Host, err)
		}
		for s, i := rest, 0; i < 3; i++ {
			d, err := url.PathUnescape(s)
			if err != nil {
				break
			}
			if strings.HasPrefix(d, "//") || strings.HasPrefix(d, "/\\") {
				t.Fatalf("DefaultRedirect(%q) = %q decodes to %q", target, got, d)
			}
			s = d
		}
	})
}

// TestFormPostKeepsCallbackURL: a response_mode=form_post callback (Apple)
// is a cross-site POST, which carries only SameSite=None cookies. On https
// the callback-url cookie must be one of them, or the user lands on the
// home page instead of the callbackUrl after every such sign-in.
func TestFormPostKeepsCallbackURL(t *testing.T) {
	h := newOAuthHarness(t, func(c *Config) { c.URL, c.TrustHost = "", true })
	fwd := []string{"X-Forwarded-Proto", "https", "X-Forwarded-Host", "site.example"}
	// The jar keeps Secure cookies off the plain-http test server: carry
	// the CSRF cookie by hand.
	cres := h.get("/api/auth/csrf", fwd...)
	var v struct{ CSRFToken string }
	cres.json(t, &v)
	var csrfCookie string
	for _, c := range cres.Cookies() {
		if c.Name == "__Host-authjs.csrf-token" {
			csrfCookie = c.Name + "=" + c.Value
		}
	}
	res := h.post("/api/auth/signin/mock", url.Values{"csrfToken": {v.CSRFToken}, "callbackUrl": {"/dashboard"}},
		append(fwd, "Cookie", csrfCookie)...)
	if res.StatusCode != http.StatusFound || strings.Contains(res.location(), "error=") {
		t.Fatalf("POST /signin/mock: %d %q", res.StatusCode, res.location())
	}
	var names []string
	for _, c := range res.Cookies() {
		names = append(names, c.Name)
		if c.Name == "__Secure-authjs.callback-url" {
			if !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteNoneMode {
				t.Fatalf("callback-url cookie Secure=%t HttpOnly=%t SameSite=%v, want a Secure HttpOnly SameSite=None cookie", c.Secure, c.HttpOnly, c.SameSite)
			}
			return
		}
	}
	t.Fatalf("no __Secure-authjs.callback-url cookie among %v", names)
}

func TestCallbackURLCookie(t *testing.T) {
	h := newHarness(t)
	res := h.get("/api/auth/signin?callbackUrl=%2Forders%3Fid%3D7")
	var got string
	for _, c := range res.Cookies() {
		if c.Name == "authjs.callback-url" {
			got = c.Value
		}
	}
	if want := url.QueryEscape(h.srv.URL + "/orders?id=7"); got != want {
		t.Fatalf("callback-url cookie %q, want %q", got, want)
	}
	// A later action without callbackUrl returns there.
	res = h.post("/api/auth/signout", url.Values{"csrfToken": {h.csrf()}})
	if res.location() != h.srv.URL+"/orders?id=7" {
		t.Fatalf("sign-out went to %q", res.location())
	}
	// A hostile cookie value is refused like a hostile parameter.
	h.jar.SetCookies(mustURL(h.srv.URL), []*http.Cookie{{Name: "authjs.callback-url", Value: url.QueryEscape("https://evil.example/")}})
	res = h.post("/api/auth/signout", url.Values{"csrfToken": {h.csrf()}})
	if res.location() != h.srv.URL {
		t.Fatalf("hostile cookie: sign-out went to %q", res.location())
	}
}
