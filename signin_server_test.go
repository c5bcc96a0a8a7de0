package gatehouse

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// TestServerSignInOut signs a user in and out from Go code (Auth.SignIn and
// Auth.SignOut, as Auth.js v5's server-side signIn/signOut) with both
// session strategies, and checks through the REST API that the cookies set
// on the response carry a working session, and then none.
func TestServerSignInOut(t *testing.T) {
	cases := []struct {
		name     string
		strategy SessionStrategy
		user     func(h *harness) *adapter.User
		wantName string
		stored   int // database sessions of alice after SignIn
	}{
		{"database", StrategyDatabase, func(h *harness) *adapter.User { return &adapter.User{ID: h.alice.ID} }, "Alice", 1},
		{"jwt", StrategyJWT, func(*harness) *adapter.User { return &adapter.User{Name: "Bob", Email: "bob@example.com"} }, "Bob", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var signIns, signOuts atomic.Int32
			h := newHarness(t, func(cfg *Config) {
				cfg.Session.Strategy = c.strategy
				cfg.Events.SignIn = func(_ context.Context, e SignInEvent) {
					if e.User == nil || e.User.ID == "" {
						t.Errorf("SignIn event without a user ID: %+v", e)
					}
					signIns.Add(1)
				}
				cfg.Events.SignOut = func(context.Context, SignOutEvent) { signOuts.Add(1) }
			})
			u, _ := url.Parse(h.srv.URL)

			rec := httptest.NewRecorder()
			if err := h.auth.SignIn(rec, httptest.NewRequest("POST", h.srv.URL+"/register", nil), c.user(h)); err != nil {
				t.Fatalf("SignIn: %v", err)
			}
			h.jar.SetCookies(u, rec.Result().Cookies())
			s := h.session()
			user, _ := s["user"].(map[string]any)
			if user["name"] != c.wantName || user["id"] == "" || user["id"] == nil {
				t.Fatalf("GET /session after SignIn: %v, want user %s with an id", s, c.wantName)
			}
			if n := len(h.sessions()); n != c.stored {
				t.Fatalf("%d stored sessions after SignIn, want %d", n, c.stored)
			}
			if got := h.get("/private"); got.StatusCode != http.StatusOK || !strings.Contains(got.body, c.wantName) {
				t.Fatalf("GET /private after SignIn: %d %q", got.StatusCode, got.body)
			}

			req := httptest.NewRequest("POST", h.srv.URL+"/logout", nil)
			for _, ck := range h.jar.Cookies(u) {
				req.AddCookie(ck)
			}
			rec = httptest.NewRecorder()
			if err := h.auth.SignOut(rec, req); err != nil {
				t.Fatalf("SignOut: %v", err)
			}
			cleared := false
			for _, ck := range rec.Result().Cookies() {
				cleared = cleared || (strings.HasPrefix(ck.Name, "authjs.session-token") && ck.MaxAge < 0)
			}
			if !cleared {
				t.Fatalf("SignOut set %v, want the session cookie cleared", rec.Result().Cookies())
			}
			h.jar.SetCookies(u, rec.Result().Cookies())
			if s := h.session(); s != nil {
				t.Fatalf("GET /session after SignOut: %v, want null", s)
			}
			if n := len(h.sessions()); n != 0 {
				t.Fatalf("%d stored sessions after SignOut, want 0", n)
			}
			if signIns.Load() != 1 || signOuts.Load() != 1 {
				t.Fatalf("events: %d sign-ins, %d sign-outs; want 1 and 1", signIns.Load(), signOuts.Load())
			}
			// Signing out without a session is not an error and sets nothing.
			rec = httptest.NewRecorder()
			if err := h.auth.SignOut(rec, httptest.NewRequest("POST", h.srv.URL+"/logout", nil)); err != nil || len(rec.Result().Cookies()) != 0 {
				t.Fatalf("SignOut without a session: %v, cookies %v", err, rec.Result().Cookies())
			}
		})
	}
}

// TestServerSignInReplacesSession checks that SignIn with database sessions
// ends the browser's previous session, as every sign-in does.
func TestServerSignInReplacesSession(t *testing.T) {
	h := newHarness(t)
	if res := h.signIn(alicePass); res.StatusCode != http.StatusFound {
		t.Fatalf("credentials sign-in: %d", res.StatusCode)
	}
	old := h.sessionCookie()
	req := httptest.NewRequest("POST", h.srv.URL+"/switch", nil)
	req.AddCookie(&http.Cookie{Name: "authjs.session-token", Value: old})
	rec := httptest.NewRecorder()
	if err := h.auth.SignIn(rec, req, &adapter.User{ID: h.alice.ID}); err != nil {
		t.Fatalf("SignIn: %v", err)
	}
	if n := len(h.sessions()); n != 1 {
		t.Fatalf("%d sessions after SignIn over an existing one, want 1 (the old one ended)", n)
	}
}

// TestServerSignInErrors checks the errors SignIn returns instead of
// signing anyone in, and that it then sets no cookie.
func TestServerSignInErrors(t *testing.T) {
	cases := []struct {
		name string
		user *adapter.User
		want string
	}{
		{"nil user", nil, "the user is nil"},
		{"no ID with database sessions", &adapter.User{Name: "Eve"}, "has no ID"},
		{"unknown ID with database sessions", &adapter.User{ID: "nobody"}, "not in the adapter"},
	}
	h := newHarness(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			err := h.auth.SignIn(rec, httptest.NewRequest("POST", h.srv.URL+"/register", nil), c.user)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("SignIn: %v, want an error containing %q", err, c.want)
			}
			if cs := rec.Result().Cookies(); len(cs) != 0 {
				t.Fatalf("SignIn failed but set %v", cs)
			}
		})
	}
	var none Auth
	if err := none.SignIn(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil), &adapter.User{ID: "x"}); err == nil {
		t.Fatal("SignIn on an Auth not made by New succeeded")
	}
	if err := none.SignOut(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil)); err == nil {
		t.Fatal("SignOut on an Auth not made by New succeeded")
	}
}

// TestServerSignInStoreFailure checks that a failing store is returned as
// an error wrapping the cause, with no cookie set.
func TestServerSignInStoreFailure(t *testing.T) {
	h := newHarness(t)
	h.store.Fail("CreateSession")
	rec := httptest.NewRecorder()
	err := h.auth.SignIn(rec, httptest.NewRequest("POST", h.srv.URL+"/register", nil), &adapter.User{ID: h.alice.ID})
	if err == nil || !strings.Contains(err.Error(), "creating the session") {
		t.Fatalf("SignIn with CreateSession failing: %v", err)
	}
	if cs := rec.Result().Cookies(); len(cs) != 0 {
		t.Fatalf("SignIn failed but set %v", cs)
	}
}
