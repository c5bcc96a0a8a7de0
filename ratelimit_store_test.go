package gatehouse

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/internal/ratelimit"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/credentials"
)

// slowAlice is a credentials provider ("credentials") that takes delay to
// check a password and accepts alice (looked up by email in store) with
// alicePass.
func slowAlice(t *testing.T, delay time.Duration, calls *atomic.Int32) func(*Config) {
	return func(c *Config) {
		store := c.Adapter
		p, err := credentials.New(credentials.Options{
			Authorize: func(ctx context.Context, creds map[string]string, r *http.Request) (*adapter.User, error) {
				calls.Add(1)
				time.Sleep(delay)
				if creds["username"] == "alice" && creds["password"] == alicePass {
					return store.GetUserByEmail(ctx, "alice@example.com")
				}
				return nil, nil
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		c.Providers = []providers.Provider{p}
	}
}

// TestCorrectPasswordNeverRefusedConcurrently: only failures count, so
// many correct sign-ins in flight at once, for one name or from one
// address, are all accepted (they used to be counted before the check and
// exhaust the limit with no failure at all).
func TestCorrectPasswordNeverRefusedConcurrently(t *testing.T) {
	for _, n := range []int{16, 32} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var calls atomic.Int32
			h := newHarness(t, slowAlice(t, 5*time.Millisecond, &calls), func(c *Config) {
				c.Credentials.RateLimit = RateLimit{Identifier: 5, IP: 5}
			})
			token := h.csrf()
			var refused atomic.Int32
			var wg sync.WaitGroup
			for range n {
				wg.Go(func() {
					res := h.post("/api/auth/callback/credentials", url.Values{"csrfToken": {token}, "username": {"alice"}, "password": {alicePass}, "callbackUrl": {"/dashboard"}})
					if res.location() != h.srv.URL+"/dashboard" {
						refused.Add(1)
					}
				})
			}
			wg.Wait()
			if r := refused.Load(); r != 0 {
				t.Fatalf("%d of %d concurrent correct sign-ins refused", r, n)
			}
		})
	}
}

// countingStore is a memory RateLimitStore that records the keys written.
type countingStore struct {
	*ratelimit.Memory
	mu   sync.Mutex
	keys map[string]bool
}

func (s *countingStore) AddCount(ctx context.Context, key string, n int, w time.Duration) (adapter.RateCount, error) {
	s.mu.Lock()
	if n > 0 {
		s.keys[key] = true
	}
	s.mu.Unlock()
	return s.Memory.AddCount(ctx, key, n, w)
}

// TestRateLimitFlood: a client refused by the per-address limit stores
// nothing more (its 4 KB user names used to add an entry each), and keys
// are hashed to a bounded length.
func TestRateLimitFlood(t *testing.T) {
	store := &countingStore{Memory: ratelimit.NewMemory(1000, nil), keys: map[string]bool{}}
	h := newHarness(t, func(c *Config) {
		c.Credentials.RateLimit = RateLimit{Identifier: 5, IP: 3, Store: store}
	})
	token := h.csrf()
	for i := range 50 {
		name := strings.Repeat(fmt.Sprint(i), 4000/len(fmt.Sprint(i)))
		h.post("/api/auth/callback/credentials", url.Values{"csrfToken": {token}, "username": {name}, "password": {"x"}})
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	if len(store.keys) != 4 { // 3 names and the address
		t.Fatalf("%d keys written by 50 attempts from an address limited to 3 failures, want 4: %v", len(store.keys), store.keys)
	}
	for k := range store.keys {
		if len(k) > 64 {
			t.Errorf("key of %d bytes: %q", len(k), k)
		}
	}
}

// TestRateLimitFullStoreFailsClosed: when the store is full of live keys,
// a new name is refused rather than evicting a locked one; the locked
// name stays locked.
func TestRateLimitFullStoreFailsClosed(t *testing.T) {
	var calls atomic.Int32
	h := newHarness(t, slowAlice(t, 0, &calls), func(c *Config) {
		c.Credentials.RateLimit = RateLimit{Identifier: 2, IP: 1000, MaxKeys: 2} // 4 keys
	})
	for range 2 {
		h.signIn("wrong") // alice locked: keys alice + address
	}
	token := h.csrf()
	for i := range 5 {
		h.post("/api/auth/callback/credentials", url.Values{"csrfToken": {token}, "username": {fmt.Sprint("u", i)}, "password": {"x"}})
	}
	before := calls.Load()
	if res := h.signIn(alicePass); !strings.Contains(res.location(), "error=CredentialsSignin") {
		t.Fatalf("locked alice after filling the store: %q", res.location())
	}
	if calls.Load() != before {
		t.Fatal("a locked name reached Authorize after the store filled up")
	}
	if !strings.Contains(h.logs.String(), "rate limit store is full") {
		t.Error("the full store was not logged")
	}
}

// TestRateLimitSharedStore: two handlers (two instances of an app) on
// one store share their limits: failures on A lock the name on B, and the
// email limit holds in total.
func TestRateLimitSharedStore(t *testing.T) {
	store := ratelimit.NewMemory(1000, nil)
	opt := func(c *Config) { c.Credentials.RateLimit = RateLimit{Identifier: 3, Store: store} }
	a, b := newHarness(t, opt), newHarness(t, opt)
	for i := range 3 {
		h := []*harness{a, b}[i%2]
		h.signIn("wrong")
	}
	if res := b.signIn(alicePass); !strings.Contains(res.location(), "error=CredentialsSignin") {
		t.Fatalf("B accepted a name A and B locked together: %q", res.location())
	}
	if res := a.signIn(alicePass); !strings.Contains(res.location(), "error=CredentialsSignin") {
		t.Fatalf("A accepted a locked name: %q", res.location())
	}
}

// failingLimitStore fails every call with err.
type failingLimitStore struct{ err error }

func (f failingLimitStore) AddCount(context.Context, string, int, time.Duration) (adapter.RateCount, error) {
	return adapter.RateCount{}, f.err
}
func (f failingLimitStore) ResetCount(context.Context, string) error { return f.err }

// TestRateLimitStoreFails: a store that fails refuses the attempt (fails
// closed) without calling it a wrong password and without calling
// Authorize. A store that cannot be reached is an outage (503 with
// Retry-After, "store lost"); a store that answers with an error (here a
// missing table) is the site's configuration, logged as such, not
// reported as an outage that will pass.
func TestRateLimitStoreFails(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	tests := []struct {
		name       string
		err        error
		wantStatus int
		wantLog    string
	}{
		{"unreachable", refused, http.StatusServiceUnavailable, "store lost"},
		{"broken", errors.New("relation rate_limits does not exist"), http.StatusFound, "code=Configuration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			h := newHarness(t, slowAlice(t, 0, &calls), func(c *Config) {
				c.Credentials.RateLimit = RateLimit{Store: failingLimitStore{tt.err}}
			})
			res := h.signIn(alicePass)
			if strings.Contains(res.location(), "CredentialsSignin") || h.sessionCookie() != "" || calls.Load() != 0 {
				t.Fatalf("store fails: %q, %d Authorize calls", res.location(), calls.Load())
			}
			if res.StatusCode != tt.wantStatus {
				t.Errorf("status %d (%q), want %d", res.StatusCode, res.location(), tt.wantStatus)
			}
			if tt.wantStatus == http.StatusServiceUnavailable && res.Header.Get("Retry-After") == "" {
				t.Error("503 without Retry-After")
			}
			if tt.wantStatus == http.StatusFound && !strings.Contains(res.location(), "error=Configuration") {
				t.Errorf("redirected to %q, want the error page with Configuration", res.location())
			}
			logs := h.logs.String()
			if !strings.Contains(logs, tt.wantLog) || !strings.Contains(logs, tt.err.Error()) {
				t.Errorf("logs lack %q or the store's error:\n%s", tt.wantLog, logs)
			}
		})
	}
}

// frozenLimitStore never answers: each call waits for its context to end.
type frozenLimitStore struct{}

func (frozenLimitStore) AddCount(ctx context.Context, _ string, _ int, _ time.Duration) (adapter.RateCount, error) {
	<-ctx.Done()
	return adapter.RateCount{}, ctx.Err()
}
func (frozenLimitStore) ResetCount(ctx context.Context, _ string) error {
	<-ctx.Done()
	return ctx.Err()
}

// TestRateLimitStoreFrozen: a rate limit store that does not answer holds
// a sign-in no longer than Config.StoreTimeout, like the adapter, and the
// attempt is answered 503 with Retry-After (the store is unavailable),
// not as a wrong password or a configuration error.
func TestRateLimitStoreFrozen(t *testing.T) {
	const timeout = 200 * time.Millisecond
	var calls atomic.Int32
	h := newHarness(t, slowAlice(t, 0, &calls), func(c *Config) {
		c.StoreTimeout = timeout
		c.Credentials.RateLimit = RateLimit{Store: frozenLimitStore{}}
	})
	began := time.Now()
	res := h.signIn(alicePass)
	took := time.Since(began)
	t.Logf("answered %d in %v", res.StatusCode, took)
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Errorf("frozen store: %d %q (Retry-After %q), want 503 with Retry-After", res.StatusCode, res.location(), res.Header.Get("Retry-After"))
	}
	if took > timeout+2*time.Second || calls.Load() != 0 {
		t.Errorf("frozen store: answered after %v (StoreTimeout %v), %d Authorize calls", took, timeout, calls.Load())
	}
	if !strings.Contains(h.logs.String(), "store lost") || strings.Contains(h.logs.String(), "code=Configuration") {
		t.Errorf("logs:\n%s", h.logs)
	}
}

// switchLimitStore is a memory rate limit store that can be made
// unreachable.
type switchLimitStore struct {
	adapter.RateLimitStore
	down atomic.Bool
}

func (s *switchLimitStore) AddCount(ctx context.Context, key string, n int, window time.Duration) (adapter.RateCount, error) {
	if s.down.Load() {
		return adapter.RateCount{}, &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	}
	return s.RateLimitStore.AddCount(ctx, key, n, window)
}

// TestRateLimitStoreOutageLines: an outage of the rate limit store while
// the adapter answers is logged as the rate limit store's, once when it
// is lost and once when it is back; the adapter's successful calls
// meanwhile do not log "store back" (the lines used to alternate, one
// watch serving both stores).
func TestRateLimitStoreOutageLines(t *testing.T) {
	limits := &switchLimitStore{RateLimitStore: ratelimit.NewMemory(1000, time.Now)}
	h := newHarness(t, func(c *Config) {
		c.Credentials.RateLimit = RateLimit{Store: limits}
	})
	if h.signIn(alicePass); h.sessionCookie() == "" {
		t.Fatal("no session after signing in")
	}
	limits.down.Store(true)
	for range 3 {
		if res := h.signIn(alicePass); res.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("sign-in with the limit store down: %d %q, want 503", res.StatusCode, res.location())
		}
		if sess := h.session(); sess["user"] == nil { // the adapter answers meanwhile
			t.Fatalf("session read with the limit store down: %v", sess)
		}
	}
	limits.down.Store(false)
	if res := h.signIn(alicePass); h.sessionCookie() == "" {
		t.Fatalf("sign-in with the limit store back: %d %q", res.StatusCode, res.location())
	}
	logs := h.logs.String()
	for _, tt := range []struct {
		line string
		want int
	}{
		{"gatehouse: rate limit store lost", 1},
		{"gatehouse: rate limit store back", 1},
		{"gatehouse: store lost", 0},
		{"gatehouse: store back", 0},
	} {
		if got := strings.Count(logs, tt.line); got != tt.want {
			t.Errorf("%q logged %d times, want %d:\n%s", tt.line, got, tt.want, logs)
		}
	}
}
