package gatehouse

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

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

func TestAccessTokenRefresh(t *testing.T) {
	ctx := context.Background()
	h := newOAuthHarness(t)
	wantLocation(t, h.signInWith("mock", ada), h.srv.URL+"/dashboard")
	acc := h.account("mock", "ada-1")

	// A valid token comes back as stored, without a refresh.
	h.store.Take()
	tok, err := h.auth.AccessToken(ctx, acc.UserID, "mock")
	if err != nil || tok != acc.AccessToken {
		t.Fatalf("AccessToken = %q, %v; want the stored token", tok, err)
	}
	if got := writes(h.store.Take()); len(got) != 0 {
		t.Errorf("writes = %v, want none", got)
	}

	// Expired: 10 concurrent callers share one refresh.
	expired := acc.Clone()
	expired.ExpiresAt = h.clock.Now().Add(-time.Minute).Unix()
	if err := h.mem.UpdateAccount(ctx, expired); err != nil {
		t.Fatal(err)
	}
	h.op.FastForward(2 * time.Second) // so the OP's new tokens differ from the old
	h.store.Take()
	var wg sync.WaitGroup
	got := make([]string, 10)
	for i := range got {
		wg.Go(func() {
			tok, err := h.auth.AccessToken(ctx, acc.UserID, "mock")
			if err != nil {
				t.Error(err)
			}
			got[i] = tok
		})
	}
	wg.Wait()
	stored := h.account("mock", "ada-1")
	if stored.AccessToken == acc.AccessToken || stored.ExpiresAt <= expired.ExpiresAt {
		t.Fatalf("stored account after refresh = %+v", stored)
	}
	for i, tok := range got {
		if tok != stored.AccessToken {
			t.Errorf("caller %d got %q, want the refreshed token", i, tok)
		}
	}
	if calls := writes(h.store.Take()); calls["UpdateAccount"] != 1 {
		t.Errorf("writes = %v, want one UpdateAccount (single flight)", calls)
	}
	if stored.RefreshToken == "" || stored.IDToken == "" || stored.Scope != acc.Scope {
		t.Errorf("refresh lost stored fields: %+v", stored)
	}
}

func TestAccessTokenErrors(t *testing.T) {
	ctx := context.Background()
	h := newOAuthHarness(t)
	wantLocation(t, h.signInWith("mock", ada), h.srv.URL+"/dashboard")
	acc := h.account("mock", "ada-1")

	if _, err := h.auth.AccessToken(ctx, acc.UserID, "other"); !errors.Is(err, adapter.ErrNotFound) {
		t.Errorf("no such account: err = %v, want ErrNotFound", err)
	}
	if _, err := h.auth.AccessToken(ctx, h.alice.ID, "mock"); !errors.Is(err, adapter.ErrNotFound) {
		t.Errorf("alice has no mock account: err = %v, want ErrNotFound", err)
	}

	noRefresh := acc.Clone()
	noRefresh.ExpiresAt, noRefresh.RefreshToken = 1, ""
	if err := h.mem.UpdateAccount(ctx, noRefresh); err != nil {
		t.Fatal(err)
	}
	if _, err := h.auth.AccessToken(ctx, acc.UserID, "mock"); !errors.Is(err, ErrTokenUnavailable) {
		t.Errorf("expired without refresh token: err = %v, want ErrTokenUnavailable", err)
	}

	bad := acc.Clone()
	bad.ExpiresAt, bad.RefreshToken = 1, "not-a-refresh-token"
	if err := h.mem.UpdateAccount(ctx, bad); err != nil {
		t.Fatal(err)
	}
	h.store.Take()
	_, err := h.auth.AccessToken(ctx, acc.UserID, "mock")
	if !errors.Is(err, oauth.ErrTokenEndpoint) {
		t.Errorf("refused refresh token: err = %v, want oauth.ErrTokenEndpoint", err)
	}
	if err != nil && strings.Contains(err.Error(), "not-a-refresh-token") {
		t.Errorf("the error shows the refresh token: %v", err)
	}
	if got := writes(h.store.Take()); len(got) != 0 {
		t.Errorf("writes = %v after a failed refresh, want none", got)
	}

	var zero Auth
	if _, err := zero.AccessToken(ctx, "u", "mock"); !errors.Is(err, errNotCreated) {
		t.Errorf("zero Auth: err = %v", err)
	}
}
