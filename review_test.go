package gatehouse

import (
	"context"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/credentials"
)

// TestRateLimitConcurrentGuesses sends many wrong passwords for one
// identifier at once. The limit must hold for concurrent attempts too: no
// more than RateLimit.Identifier of them may reach Authorize, or a
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
		c.RateLimit = RateLimit{Identifier: limit, IP: 100, Window: time.Hour}
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
