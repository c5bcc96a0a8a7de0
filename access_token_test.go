package gatehouse

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/internal/web"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/credentials"
)

// TestRateLimitConcurrentGuesses sends many wrong passwords for one
// identifier at once. The limit must hold for concurrent attempts too: no
// more than Credentials.RateLimit.Identifier of them may reach Authorize, or a
// brute-force client simply sends its guesses in parallel.
func TestRateLimitConcurrentGuesses(t *testing.T) {
	const (
		limit    = 3
		attempts = 12
	)
	var calls atomic.Int32
	release := make(chan struct{})
	slow, err := credentials.New(credentials.Options{
		ID: "slow",
		Authorize: func(ctx context.Context, c map[string]string, r *http.Request) (*adapter.User, error) {
			calls.Add(1)
			select { // hold each attempt until all were sent (or a while)
			case <-release:
			case <-time.After(2 * time.Second):
			}
			return nil, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, func(c *Config) {
		c.Providers = []providers.Provider{slow}
		c.Credentials.RateLimit = RateLimit{Identifier: limit, IdentifierWindow: time.Hour, IP: 100, IPWindow: time.Hour}
	})
	token := h.csrf()
	var wg sync.WaitGroup
	for i := 0; i < attempts; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.post("/api/auth/callback/slow", url.Values{"csrfToken": {token}, "username": {"alice"}, "password": {"guess"}})
		}()
	}
	// Give every request time to get past the limiter, then let them go.
	deadline := time.Now().Add(time.Second)
	for calls.Load() < attempts && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	close(release)
	wg.Wait()
	if got := calls.Load(); got > limit {
		t.Fatalf("%d concurrent guesses reached Authorize; the identifier limit is %d", got, limit)
	}
}

// hungRefresher is an OAuth provider whose first refresh hangs until its
// context ends (a token endpoint that never answers); later refreshes
// answer at once.
type hungRefresher struct {
	calls atomic.Int32
	stop  chan struct{}
}

func (p *hungRefresher) Info() providers.Info {
	return providers.Info{ID: "hung", Name: "Hung"}
}
func (p *hungRefresher) Checks() providers.Checks { return providers.Checks{} }
func (p *hungRefresher) Issuer() string           { return "" }
func (p *hungRefresher) AuthCodeURL(context.Context, providers.AuthRequest) (string, error) {
	return "https://provider.example/authorize", nil
}
func (p *hungRefresher) Exchange(context.Context, providers.Callback) (*providers.Profile, *providers.Tokens, error) {
	return nil, nil, errors.New("not used in this test")
}
func (p *hungRefresher) Refresh(ctx context.Context, refreshToken string) (*providers.Tokens, error) {
	if p.calls.Add(1) == 1 {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-p.stop:
			return nil, errors.New("test over")
		}
	}
	return &providers.Tokens{AccessToken: "fresh", ExpiresAt: time.Now().Add(time.Hour).Unix()}, nil
}

// TestAccessTokenHungRefreshEnds checks that a refresh whose token endpoint
// never answers ends on its own: it is detached from the callers'
// cancellation (so it is shared), and without a bound of its own it would
// hold the account's single-flight slot for ever, so that every later
// AccessToken call for the account would wait on it and fail.
func TestAccessTokenHungRefreshEnds(t *testing.T) {
	p := &hungRefresher{stop: make(chan struct{})}
	t.Cleanup(func() { close(p.stop) })
	h := newHarness(t, func(c *Config) { c.Providers = append(c.Providers, p) })
	h.auth.refreshTimeout = 200 * time.Millisecond
	ctx := context.Background()
	if err := h.mem.LinkAccount(ctx, &adapter.Account{UserID: h.alice.ID, Type: "oauth", Provider: "hung",
		ProviderAccountID: "a-1", AccessToken: "old", RefreshToken: "r", ExpiresAt: 1}); err != nil {
		t.Fatal(err)
	}
	var tok string
	var err error
	for i := 0; i < 4 && tok == ""; i++ {
		cctx, cancel := context.WithTimeout(ctx, time.Second)
		tok, err = h.auth.AccessToken(cctx, h.alice.ID, "hung")
		cancel()
	}
	if tok != "fresh" {
		t.Fatalf("AccessToken after a hung refresh = %q, %v; want the token of a new refresh", tok, err)
	}
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
