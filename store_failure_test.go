package gatehouse

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/internal/testutil"
	"github.com/gatehouse-go/gatehouse/providers"
)

// TestAdapterFailures fails each adapter method in turn and runs every
// route that touches the adapter: each answers with an error page or JSON
// error and a log line, never a panic, and never loses a valid session.
func TestAdapterFailures(t *testing.T) {
	for _, method := range testutil.AdapterMethods() {
		t.Run(method, func(t *testing.T) {
			h := newHarness(t)
			h.signIn(alicePass)
			cookie := h.sessionCookie()
			h.clock.Advance(25 * time.Hour) // a refresh is due: UpdateSession runs
			h.store.Take()
			h.store.Fail(method)

			check := func(step string, res *response, okStatus ...int) {
				t.Helper()
				if strings.Contains(res.body, "internal error") || strings.Contains(res.body, "panic") {
					t.Fatalf("%s: %d %q looks like a panic", step, res.StatusCode, res.body)
				}
				switch {
				case res.StatusCode == http.StatusFound:
				case res.StatusCode == 200:
				case res.StatusCode == 500 && strings.Contains(res.body, `"error":"Configuration"`):
				case res.StatusCode == 500 && strings.Contains(res.body, "(Configuration)"):
				default:
					t.Fatalf("%s: unexpected %d %q", step, res.StatusCode, res.body)
				}
			}
			check("GET /session", h.get("/api/auth/session"))
			check("POST /session", h.postJSON("/api/auth/session", map[string]any{"csrfToken": h.csrf(), "data": map[string]string{"x": "y"}}))
			check("GET /private (page)", h.get("/private", "Accept", "text/html"))
			check("GET /private (api)", h.get("/private"))
			keptAfterReads := h.sessionCookie() == cookie
			res := h.post("/api/auth/signout", url.Values{"csrfToken": {h.csrf()}})
			check("POST /signout", res)
			signedOut := h.sessionCookie() == ""
			if !signedOut && res.location() != h.base+"/error?error=Configuration" {
				t.Errorf("sign-out kept the cookie but reported %q", res.location())
			}
			// Sign in again (fresh browser).
			h.jar.SetCookies(mustURL(h.srv.URL), []*http.Cookie{{Name: "authjs.session-token", MaxAge: -1}})
			res = h.signIn(alicePass)
			check("sign-in", res)
			if res.location() != h.srv.URL+"/dashboard" && h.sessionCookie() != "" {
				t.Errorf("failed sign-in (%q) still set a session cookie", res.location())
			}
			calls := h.store.Take()
			if calls[method] > 0 && !strings.Contains(h.logs.String(), "injected failure") {
				t.Errorf("%s was called and failed, but the log does not say so", method)
			}
			switch method {
			case "GetSessionAndUser", "UpdateSession":
				// The session read failed: the cookie must not have been
				// thrown away (a blip must not sign users out).
				if !keptAfterReads {
					t.Error("a store failure during a session read dropped the session cookie")
				}
			case "DeleteSession":
				if signedOut {
					t.Error("sign-out reported success although the row was not deleted")
				}
				if n := len(h.sessions()); n == 0 {
					t.Error("session row missing")
				}
			case "CreateSession", "GetUser":
				if !strings.Contains(res.location(), "error=Configuration") {
					t.Errorf("sign-in with %s failing: %q", method, res.location())
				}
			}
		})
	}
}

// TestCompleteSignInNoHalfUser: creating a user, linking its account and
// starting its session is one unit. With each of the three writes failing,
// with and without a Transactor, no user is left behind and no cookie set.
func TestCompleteSignInNoHalfUser(t *testing.T) {
	for _, withTx := range []bool{false, true} {
		for _, method := range []string{"CreateUser", "LinkAccount", "CreateSession", ""} {
			name := "fail " + method
			if method == "" {
				name = "no failure"
			}
			if withTx {
				name += " (transactor)"
			}
			t.Run(name, func(t *testing.T) {
				mem := memory.New()
				faulty := testutil.NewFaulty(mem)
				var store adapter.Adapter = faulty
				if withTx {
					store = faulty.WithTx()
				}
				var created, linked int
				a, err := New(Config{
					Secrets: []string{testSecret}, URL: "http://site.example/api/auth", Adapter: store,
					Logger: discardLogger(),
					Events: Events{
						CreateUser:  func(context.Context, *adapter.User) { created++ },
						LinkAccount: func(context.Context, LinkAccountEvent) { linked++ },
					},
				})
				if err != nil {
					t.Fatal(err)
				}
				faulty.Fail(method)
				rec := newRecorder()
				req, _ := http.NewRequest("GET", "http://site.example/api/auth/callback/x", nil)
				rq, err := a.newRequest(rec, req)
				if err != nil {
					t.Fatal(err)
				}
				a.completeSignIn(rq, &signIn{
					provider:    providers.Info{ID: "x"},
					kind:        oauthKind{},
					user:        &adapter.User{Name: "New", Email: "new@example.com"},
					newUser:     true,
					account:     &adapter.Account{Type: "oauth", Provider: "x", ProviderAccountID: "42", AccessToken: "at"},
					linkAccount: true,
					callbackURL: "http://site.example/",
				})
				res := rec.Result()
				ctx := context.Background()
				u, err := mem.GetUserByEmail(ctx, "new@example.com")
				if method == "" {
					if err != nil || res.Header.Get("Location") != "http://site.example/" || len(res.Cookies()) != 1 {
						t.Fatalf("success: user %v err %v, Location %q, cookies %v", u, err, res.Header.Get("Location"), res.Cookies())
					}
					if acc, err := mem.GetAccount(ctx, "x", "42"); err != nil || acc.UserID != u.ID {
						t.Fatalf("account %+v, %v", acc, err)
					}
					if created != 1 || linked != 1 {
						t.Errorf("events: created %d linked %d", created, linked)
					}
					return
				}
				if !errors.Is(err, adapter.ErrNotFound) {
					t.Fatalf("half-created user left behind: %+v (err %v)", u, err)
				}
				if _, err := mem.GetAccount(ctx, "x", "42"); !errors.Is(err, adapter.ErrNotFound) {
					t.Fatalf("account left behind: %v", err)
				}
				if len(res.Cookies()) != 0 {
					t.Fatalf("cookies set on failure: %v", res.Cookies())
				}
				if loc := res.Header.Get("Location"); !strings.Contains(loc, "error=OAuthCreateAccount") {
					t.Fatalf("Location %q, want error=OAuthCreateAccount", loc)
				}
				if created != 0 || linked != 0 {
					t.Errorf("events fired for a failed sign-up: created %d linked %d", created, linked)
				}
			})
		}
	}
}

// TestCompleteSignInUpdate: the email flow's update of an existing user
// (EmailVerified) is written with the session, fires UpdateUser, and with a
// Transactor is rolled back when the session cannot be created.
func TestCompleteSignInUpdate(t *testing.T) {
	for _, failSession := range []bool{false, true} {
		t.Run(fmt.Sprintf("CreateSession fails: %v", failSession), func(t *testing.T) {
			ctx := context.Background()
			mem := memory.New()
			faulty := testutil.NewFaulty(mem)
			u, err := mem.CreateUser(ctx, &adapter.User{Email: "old@example.com"})
			if err != nil {
				t.Fatal(err)
			}
			var updated []*adapter.User
			a, err := New(Config{
				Secrets: []string{testSecret}, URL: "http://site.example/api/auth", Adapter: faulty.WithTx(),
				Logger: discardLogger(),
				Events: Events{UpdateUser: func(_ context.Context, u *adapter.User) { updated = append(updated, u) }},
			})
			if err != nil {
				t.Fatal(err)
			}
			if failSession {
				faulty.Fail("CreateSession")
			}
			rec := newRecorder()
			req, _ := http.NewRequest("GET", "http://site.example/api/auth/callback/email", nil)
			rq, _ := a.newRequest(rec, req)
			when := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
			upd := u.Clone()
			upd.EmailVerified = &when
			a.completeSignIn(rq, &signIn{provider: providers.Info{ID: "email"}, kind: emailKind{}, user: u, update: upd, callbackURL: "http://site.example/"})
			stored, _ := mem.GetUser(ctx, u.ID)
			if failSession {
				if stored.EmailVerified != nil || len(updated) != 0 || len(rec.Result().Cookies()) != 0 {
					t.Fatalf("failed sign-in kept the update (%v), fired %d events, set %v", stored.EmailVerified, len(updated), rec.Result().Cookies())
				}
				return
			}
			if stored.EmailVerified == nil || !stored.EmailVerified.Equal(when) || len(updated) != 1 || len(rec.Result().Cookies()) != 1 {
				t.Fatalf("update %v, events %d, cookies %v", stored.EmailVerified, len(updated), rec.Result().Cookies())
			}
		})
	}
}
