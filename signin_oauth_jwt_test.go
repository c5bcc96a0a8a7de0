package gatehouse

import (
	"context"
	"net/http/cookiejar"
	"strings"
	"sync"
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
)

// newOAuthJWTHarness is an oauthHarness with JWT sessions; withAdapter false
// removes the adapter.
func newOAuthJWTHarness(t *testing.T, withAdapter bool, opts ...harnessOption) *oauthHarness {
	t.Helper()
	return newOAuthHarness(t, append([]harnessOption{func(c *Config) {
		c.Session.Strategy = StrategyJWT
		if !withAdapter {
			c.Adapter = nil
		}
	}}, opts...)...)
}

func TestOAuthWithJWTSessions(t *testing.T) {
	var mu sync.Mutex
	var triggers []string
	h := newOAuthJWTHarness(t, true, func(c *Config) {
		c.Callbacks.JWT = func(ctx context.Context, p JWTParams) (map[string]any, error) {
			if p.Account != nil {
				mu.Lock()
				triggers = append(triggers, string(p.Trigger)+":"+p.Account.Provider)
				mu.Unlock()
				p.Token["provider"] = p.Account.Provider
			}
			return p.Token, nil
		}
	})
	wantLocation(t, h.signInWith("mock", ada), h.srv.URL+"/dashboard")
	u, err := h.mem.GetUserByAccount(context.Background(), "mock", "ada-1")
	if err != nil {
		t.Fatal(err)
	}
	if s := h.session(); s["user"].(map[string]any)["id"] != u.ID {
		t.Errorf("session = %v, want user %s", s, u.ID)
	}
	if sessions, _ := h.mem.ListSessions(context.Background(), u.ID); len(sessions) != 0 {
		t.Errorf("%d session rows with JWT sessions", len(sessions))
	}

	// Signed in (JWT): another provider links to the same user.
	wantLocation(t, h.signInWith("other", &oidctest.User{Subject: "ada-other", Email: "ada@elsewhere.example"}), h.srv.URL+"/dashboard")
	if acc := h.account("other", "ada-other"); acc.UserID != u.ID {
		t.Errorf("linked to %s, want the signed-in user %s", acc.UserID, u.ID)
	}

	// Another browser: the returning account signs in again.
	h.jar, _ = cookiejar.New(nil)
	h.client.Jar = h.jar
	wantLocation(t, h.signInWith("mock", ada), h.srv.URL+"/dashboard")
	if got := strings.Join(triggers, " "); got != "signUp:mock signIn:mock" {
		t.Errorf("JWT callback triggers = %q, want signUp:mock signIn:mock", got)
	}
}

func TestOAuthWithoutAdapter(t *testing.T) {
	h := newOAuthJWTHarness(t, false)
	wantLocation(t, h.signInWith("mock", ada), h.srv.URL+"/dashboard")
	s := h.session()
	user, _ := s["user"].(map[string]any)
	if user["email"] != "ada@example.com" || user["id"] != StatelessUserID("mock", "ada-1") {
		t.Errorf("session = %v, want ada's profile with StatelessUserID(mock, ada-1)", s)
	}
	if got := writes(h.store.Take()); len(got) != 0 {
		t.Errorf("adapter used without being configured: %v", got)
	}
}
