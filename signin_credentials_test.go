package gatehouse

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/internal/web"
)

// TestCredentialsFlow is the end-to-end path: credentials sign-in →
// session cookie → /session shows the user → POST /session update → sign
// out → /session empty.
func TestCredentialsFlow(t *testing.T) {
	var events []string
	h := newHarness(t, func(c *Config) {
		c.Callbacks.Session = func(ctx context.Context, p SessionParams) (*Session, error) {
			s := p.Session
			if p.Trigger == TriggerUpdate && p.NewSession != nil {
				var d struct{ Name string }
				if err := json.Unmarshal(p.NewSession, &d); err != nil {
					return nil, err
				}
				u := p.User.Clone()
				u.Name = d.Name
				if _, err := c.Adapter.UpdateUser(ctx, u); err != nil {
					return nil, err
				}
				s.User.Name = d.Name
			}
			s.Extra = map[string]any{"role": "admin"}
			return s, nil
		}
		c.Events.SignIn = func(_ context.Context, e SignInEvent) { events = append(events, "signIn:"+e.User.Email) }
		c.Events.SignOut = func(_ context.Context, e SignOutEvent) { events = append(events, "signOut:"+e.Session.UserID) }
		c.Events.Session = func(_ context.Context, e SessionEvent) { events = append(events, "session:"+string(e.Trigger)) }
	})

	if s := h.session(); s != nil {
		t.Fatalf("before sign-in: session %v, want null", s)
	}

	res := h.signIn(alicePass)
	if res.StatusCode != http.StatusFound || res.location() != h.srv.URL+"/dashboard" {
		t.Fatalf("sign-in: %d Location %q, want 302 to %s/dashboard", res.StatusCode, res.location(), h.srv.URL)
	}
	cookie := h.sessionCookie()
	if len(cookie) != 64 {
		t.Fatalf("session cookie %q: want 64 hex characters (256 bits)", cookie)
	}
	for _, c := range res.Cookies() {
		if c.Name == "authjs.session-token" {
			if !c.HttpOnly || c.Path != "/" || c.SameSite != http.SameSiteLaxMode {
				t.Errorf("session cookie attributes: %+v", c)
			}
			if want := h.clock.Now().Add(DefaultMaxAge); !c.Expires.Equal(want.Truncate(time.Second)) {
				t.Errorf("session cookie expires %v, want %v", c.Expires, want)
			}
		}
	}
	stored := h.sessions()
	if len(stored) != 1 || stored[0].SessionToken != web.SHA256Hex(cookie) {
		t.Fatalf("stored sessions %+v: want one holding sha256(cookie)", stored)
	}

	s := h.session()
	user, _ := s["user"].(map[string]any)
	if user["email"] != "alice@example.com" || user["name"] != "Alice" || user["id"] != h.alice.ID || s["role"] != "admin" {
		t.Fatalf("GET /session = %v", s)
	}
	if s["expires"] != h.clock.Now().Add(DefaultMaxAge).UTC().Format("2006-01-02T15:04:05.000Z") {
		t.Errorf("expires %v", s["expires"])
	}

	// POST /session: the client's update(), JSON body.
	res = h.postJSON("/api/auth/session", map[string]any{"csrfToken": h.csrf(), "data": map[string]string{"name": "Alice B."}})
	if res.StatusCode != 200 {
		t.Fatalf("POST /session: %d %s", res.StatusCode, res.body)
	}
	var upd map[string]any
	res.json(t, &upd)
	if upd["user"].(map[string]any)["name"] != "Alice B." {
		t.Fatalf("POST /session = %v, want the new name", upd)
	}
	if u, _ := h.mem.GetUser(context.Background(), h.alice.ID); u.Name != "Alice B." {
		t.Errorf("stored name %q", u.Name)
	}

	// Sign out.
	res = h.post("/api/auth/signout", url.Values{"csrfToken": {h.csrf()}, "callbackUrl": {"/bye"}})
	if res.StatusCode != http.StatusFound || res.location() != h.srv.URL+"/bye" {
		t.Fatalf("sign-out: %d %q", res.StatusCode, res.location())
	}
	if n := len(h.sessions()); n != 0 {
		t.Fatalf("%d sessions stored after sign-out, want 0", n)
	}
	if h.sessionCookie() != "" {
		t.Error("session cookie still in the jar after sign-out")
	}
	if s := h.session(); s != nil {
		t.Fatalf("after sign-out: %v", s)
	}
	want := "signIn:alice@example.com session: session:update signOut:" + h.alice.ID
	if got := strings.Join(events, " "); got != want {
		t.Errorf("events %q, want %q", got, want)
	}
}

func TestSignInProviderRedirectsForCredentials(t *testing.T) {
	h := newHarness(t)
	res := h.post("/api/auth/signin/credentials", url.Values{"csrfToken": {h.csrf()}, "callbackUrl": {"/x"}})
	if res.StatusCode != 302 || !strings.HasPrefix(res.location(), h.base+"/signin?") {
		t.Fatalf("POST /signin/credentials: %d %q", res.StatusCode, res.location())
	}
}

func TestAuthorizeUnknownUser(t *testing.T) {
	h := newHarness(t)
	// Delete alice from the store: Authorize still returns her ID.
	if err := h.mem.DeleteUser(context.Background(), h.alice.ID); err != nil {
		t.Fatal(err)
	}
	res := h.signIn(alicePass)
	if !strings.Contains(res.location(), "error=Configuration") {
		t.Fatalf("Location %q", res.location())
	}
	if !strings.Contains(h.logs.String(), "which is not in the adapter") {
		t.Error("the log does not say the user is missing from the adapter")
	}
}

var _ = adapter.ErrNotFound
