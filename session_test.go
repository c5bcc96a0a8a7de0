package gatehouse

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"
)

func TestAuthSession(t *testing.T) {
	h := newHarness(t)
	h.signIn(alicePass)
	req := httptest_request(h)
	h.store.Take()
	s, err := h.auth.Session(req)
	if err != nil || s.User.Email != "alice@example.com" {
		t.Fatalf("Session = %+v, %v", s, err)
	}
	if n := h.store.Total(); n != 1 {
		t.Errorf("Session made %d adapter calls, want 1", n)
	}
	// Past UpdateAge Session still makes one call and writes nothing.
	h.clock.Advance(48 * time.Hour)
	if _, err := h.auth.Session(req); err != nil {
		t.Fatal(err)
	}
	if c := h.store.Take(); c["UpdateSession"] != 0 {
		t.Errorf("Session wrote: %v", c)
	}
	req.Header.Del("Cookie")
	if _, err := h.auth.Session(req); err != ErrNoSession {
		t.Errorf("no cookie: %v, want ErrNoSession", err)
	}
}

// httptest_request builds a request carrying the jar's cookies for the site.
func httptest_request(h *harness) *http.Request {
	req, _ := http.NewRequest("GET", h.srv.URL+"/page", nil)
	u, _ := url.Parse(h.srv.URL)
	for _, c := range h.jar.Cookies(u) {
		req.AddCookie(c)
	}
	return req
}

func TestSignOutEverywhere(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		h.jar.SetCookies(mustURL(h.srv.URL), []*http.Cookie{{Name: "authjs.session-token", Value: "", MaxAge: -1}})
		h.signIn(alicePass)
	}
	if n := len(h.sessions()); n != 3 {
		t.Fatalf("%d sessions, want 3", n)
	}
	n, err := h.auth.SignOutEverywhere(ctx, h.alice.ID)
	if err != nil || n != 3 || len(h.sessions()) != 0 {
		t.Fatalf("SignOutEverywhere = %d, %v; %d left", n, err, len(h.sessions()))
	}
	if h.session() != nil {
		t.Fatal("session survives SignOutEverywhere")
	}
}
