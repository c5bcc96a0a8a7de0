package gatehouse

import (
	"net/http"
	"strings"
	"testing"
)

func TestProvidersAndCSRFEndpoints(t *testing.T) {
	h := newHarness(t)
	res := h.get("/api/auth/providers")
	var p map[string]map[string]string
	res.json(t, &p)
	want := map[string]string{"id": "credentials", "name": "Credentials", "type": "credentials",
		"signinUrl": h.base + "/signin/credentials", "callbackUrl": h.base + "/callback/credentials"}
	for k, v := range want {
		if p["credentials"][k] != v {
			t.Errorf("/providers credentials.%s = %q, want %q", k, p["credentials"][k], v)
		}
	}
	res = h.get("/api/auth/csrf")
	if cc := res.Header.Get("Cache-Control"); cc != "private, no-cache, no-store" {
		t.Errorf("/csrf Cache-Control %q", cc)
	}
	var c struct{ CSRFToken string }
	res.json(t, &c)
	var cookie *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == "authjs.csrf-token" {
			cookie = ck
		}
	}
	if cookie == nil || !strings.HasPrefix(cookie.Value, c.CSRFToken+"%7C") || !cookie.HttpOnly {
		t.Fatalf("CSRF cookie %+v for token %s", cookie, c.CSRFToken)
	}
	// A second call with the cookie reuses the token and sets no cookie.
	res = h.get("/api/auth/csrf")
	var c2 struct{ CSRFToken string }
	res.json(t, &c2)
	if c2.CSRFToken != c.CSRFToken || len(res.Cookies()) != 0 {
		t.Errorf("second /csrf: token %s (first %s), cookies %v", c2.CSRFToken, c.CSRFToken, res.Cookies())
	}
}
