package gatehouse

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/internal/web"
)

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

// TestSignInEndsThePreviousSession signs in twice on one browser (as the
// same user, then as another stored user). Every sign-in must start a new
// session token and end the one the browser held, so a token that was
// planted or seen before the sign-in is worthless after it, and no
// orphaned session rows pile up.
func TestSignInEndsThePreviousSession(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.signIn(alicePass)
	first := h.sessionCookie()
	h.signIn(alicePass)
	second := h.sessionCookie()
	if first == "" || second == "" || first == second {
		t.Fatalf("session cookies %q then %q, want two different tokens", first, second)
	}
	if n := len(h.sessions()); n != 1 {
		t.Fatalf("%d session rows after signing in twice, want 1", n)
	}
	if _, _, err := h.mem.GetSessionAndUser(ctx, web.SHA256Hex(first)); !errors.Is(err, adapter.ErrNotFound) {
		t.Fatalf("the first session still exists after the second sign-in (err %v)", err)
	}
	if s := h.session(); s == nil {
		t.Fatal("no session after the second sign-in")
	}
}

// TestOldCookieAfterSignOut checks that a copied session cookie stops
// working once its session is signed out.
func TestOldCookieAfterSignOut(t *testing.T) {
	h := newHarness(t)
	h.signIn(alicePass)
	stolen := h.sessionCookie()
	h.post("/api/auth/signout", url.Values{"csrfToken": {h.csrf()}})
	req, _ := http.NewRequest("GET", h.base+"/session", nil)
	req.AddCookie(&http.Cookie{Name: "authjs.session-token", Value: stolen})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var v any
	json.NewDecoder(res.Body).Decode(&v)
	if v != nil {
		t.Fatalf("old cookie still gives a session: %v", v)
	}
}

func TestRawTokens(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.Session.RawTokens = true })
	h.signIn(alicePass)
	stored := h.sessions()
	if len(stored) != 1 || stored[0].SessionToken != h.sessionCookie() {
		t.Fatalf("RawTokens: stored %+v, cookie %q", stored, h.sessionCookie())
	}
	if h.session() == nil {
		t.Fatal("no session with raw tokens")
	}
}

// TestSlidingExpiry: no write before UpdateAge, one write after, expiry
// deletes the row.
func TestSlidingExpiry(t *testing.T) {
	h := newHarness(t)
	h.signIn(alicePass)
	start := h.clock.Now()
	h.store.Take()

	readSession := func(wantCalls map[string]int, wantCookie bool) {
		t.Helper()
		res := h.get("/api/auth/session")
		calls := h.store.Take()
		if len(calls) != len(wantCalls) {
			t.Fatalf("at +%v adapter calls %v, want %v", h.clock.Now().Sub(start), calls, wantCalls)
		}
		for m, n := range wantCalls {
			if calls[m] != n {
				t.Fatalf("at +%v adapter calls %v, want %v", h.clock.Now().Sub(start), calls, wantCalls)
			}
		}
		set := false
		for _, c := range res.Cookies() {
			set = set || c.Name == "authjs.session-token"
		}
		if set != wantCookie {
			t.Fatalf("at +%v session cookie set: %v, want %v", h.clock.Now().Sub(start), set, wantCookie)
		}
	}

	h.clock.Advance(time.Hour)
	readSession(map[string]int{"GetSessionAndUser": 1}, false)
	h.clock.Advance(22*time.Hour + 59*time.Minute)
	readSession(map[string]int{"GetSessionAndUser": 1}, false)
	h.clock.Advance(2 * time.Minute) // past 24 h: one write, cookie re-set
	readSession(map[string]int{"GetSessionAndUser": 1, "UpdateSession": 1}, true)
	if got, want := h.sessions()[0].Expires, h.clock.Now().Add(DefaultMaxAge); !got.Equal(want) {
		t.Fatalf("expiry after refresh %v, want %v", got, want)
	}
	h.clock.Advance(time.Hour)
	readSession(map[string]int{"GetSessionAndUser": 1}, false)

	// Idle past MaxAge: the row is deleted when met and the cookie cleared.
	h.clock.Advance(DefaultMaxAge)
	readSession(map[string]int{"GetSessionAndUser": 1, "DeleteSession": 1}, true)
	if n := len(h.sessions()); n != 0 {
		t.Fatalf("%d sessions after expiry, want 0", n)
	}
	if h.session() != nil {
		t.Fatal("expired session still returned")
	}
}
