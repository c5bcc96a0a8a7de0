package gatehouse

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/smtptest"
	"github.com/gatehouse-go/gatehouse/jwt"
)

// TestJWTEmailSignUp signs a new user up by email link with JWT sessions
// beside an adapter: the user is stored, the JWT callback sees the
// "signUp" trigger with the stored user, and no session row is written. A
// second sign-in is a "signIn".
func TestJWTEmailSignUp(t *testing.T) {
	type call struct {
		trigger Trigger
		userID  string
		isNew   bool
	}
	var (
		mu    sync.Mutex
		calls []call
	)
	h := newEmailHarness(t, smtptest.Options{}, "", func(c *Config) {
		c.Session.Strategy = StrategyJWT
		c.Callbacks.JWT = func(ctx context.Context, p JWTParams) (map[string]any, error) {
			if p.User != nil {
				mu.Lock()
				calls = append(calls, call{p.Trigger, p.User.ID, p.IsNewUser})
				mu.Unlock()
			}
			return p.Token, nil
		}
	})
	const address = "carol@example.com"
	signIn := func(n int) {
		t.Helper()
		h.requestLink(address, "/welcome")
		res := h.use(h.confirm(h.mailedLink(n, address)))
		if res.StatusCode != http.StatusFound || res.location() != h.srv.URL+"/welcome" {
			t.Fatalf("sign-in %d: %d to %q; body %s", n, res.StatusCode, res.location(), res.body)
		}
	}
	signIn(1)
	carol, err := h.mem.GetUserByEmail(context.Background(), address)
	if err != nil {
		t.Fatalf("the new user was not stored: %v", err)
	}
	claims, err := newCodec(t, jwt.V5, "authjs.session-token", h.clock.Now, testSecret).Decode(h.jarToken("authjs.session-token"))
	if err != nil || claims.Subject() != carol.ID || claims.Email() != address {
		t.Fatalf("session token: sub %q email %q (%v), want %q", claims.Subject(), claims.Email(), err, carol.ID)
	}
	if n := len(h.userSessions(carol.ID)); n != 0 {
		t.Errorf("%d session rows with JWT sessions", n)
	}
	if u := h.session()["user"].(map[string]any); u["id"] != carol.ID || u["email"] != address {
		t.Errorf("GET /session user %v", u)
	}

	h.clock.Advance(time.Minute) // past the per-address sending limit
	signIn(2)
	want := []call{{TriggerSignUp, carol.ID, true}, {TriggerSignIn, carol.ID, false}}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(calls, want) {
		t.Errorf("JWT callback calls at sign-in %+v, want %+v", calls, want)
	}
}
