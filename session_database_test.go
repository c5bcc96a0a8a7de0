package gatehouse

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapters/memory"
)

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

// FuzzSessionCookie sends arbitrary session cookie values to GET /session:
// the answer is always 200 null.
func FuzzSessionCookie(f *testing.F) {
	a, err := New(Config{Secrets: []string{testSecret}, URL: "http://site.example/api/auth", Adapter: memory.New(), Logger: discardLogger()})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(strings.Repeat("a", 64))
	f.Add("")
	f.Add("x; authjs.session-token=y")
	f.Add(strings.Repeat("%", 5000))
	f.Fuzz(func(t *testing.T, v string) {
		req := httptest.NewRequest("GET", "http://site.example/api/auth/session", nil)
		req.Header.Set("Cookie", "authjs.session-token="+v)
		rec := httptest.NewRecorder()
		a.ServeHTTP(rec, req)
		if rec.Code != 200 || rec.Body.String() != "null\n" {
			t.Fatalf("cookie %q: %d %q", v, rec.Code, rec.Body.String())
		}
	})
}
