package gatehouse

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/faultproxy"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// TestStoreFaultsThroughProxy runs gatehouse on PostgreSQL behind a TCP
// proxy and cuts, stalls and restores it under load: requests are
// answered 503 within the store deadline during a fault (never a
// Configuration error, never a wrong-password refusal), sessions survive,
// and service is back within a second of the restore.
func TestStoreFaultsThroughProxy(t *testing.T) {
	pg := testsvc.NewPostgres(t)
	if pg == nil {
		return
	}
	u, err := url.Parse(pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := faultproxy.ForTest(t, u.Host)
	u.Host = proxy.Addr()
	q := u.Query()
	q.Set("connect_timeout", "1")
	u.RawQuery = q.Encode()
	const deadline = time.Second // generous: new PostgreSQL connections on a busy machine
	var calls atomic.Int32
	var store *sqladapter.Adapter
	h := newHarness(t, func(c *Config) {
		store = sqladapter.New(sqladapter.Config{URL: u.String(), Synchronize: true})
		c.Adapter = store
		c.StoreTimeout = deadline
	}, slowAlice(t, 0, &calls))
	t.Cleanup(func() { store.Close() })
	ctx := context.Background()
	if _, err := h.auth.cfg.Adapter.CreateUser(ctx, &adapter.User{Name: "Alice", Email: "alice@example.com"}); err != nil {
		t.Fatal(err)
	}
	if res := h.signIn(alicePass); res.location() != h.srv.URL+"/dashboard" {
		t.Fatalf("sign-in before any fault: %q", res.location())
	}

	// load reads the session n times at once and returns the statuses
	// and the longest wait.
	load := func(n int) (map[int]int, time.Duration) {
		var mu sync.Mutex
		statuses := map[int]int{}
		var longest time.Duration
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				began := time.Now()
				res := h.get("/api/auth/session")
				took := time.Since(began)
				mu.Lock()
				defer mu.Unlock()
				statuses[res.StatusCode]++
				longest = max(longest, took)
				if res.StatusCode == 200 && !strings.Contains(res.body, `"Alice"`) {
					t.Errorf("200 without the session: %s", res.body)
				}
			})
		}
		wg.Wait()
		return statuses, longest
	}
	// recover polls until a session read is 200 and returns how long it took.
	recover := func() time.Duration {
		began := time.Now()
		for time.Since(began) < 5*time.Second {
			if res := h.get("/api/auth/session"); res.StatusCode == 200 && strings.Contains(res.body, `"Alice"`) {
				return time.Since(began)
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatal("no session read succeeded within 5s of the restore")
		return 0
	}

	tests := []struct {
		name  string
		fault func()
	}{
		{"stall", proxy.Stall},
		{"cut", proxy.Cut},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fault()
			statuses, longest := load(16)
			t.Logf("%s: statuses %v, longest wait %v", tt.name, statuses, longest)
			if statuses[503] != 16 {
				t.Errorf("during the %s: %v, want 16 × 503", tt.name, statuses)
			}
			if longest > deadline+700*time.Millisecond {
				t.Errorf("a request waited %v with StoreTimeout %v", longest, deadline)
			}
			// A correct password during the fault is not called wrong.
			if res := h.signIn(alicePass); strings.Contains(res.location(), "CredentialsSignin") {
				t.Errorf("correct password refused as wrong during the %s: %q", tt.name, res.location())
			}
			proxy.Restore()
			took := recover()
			t.Logf("%s: recovered %v after the restore", tt.name, took)
			if took > time.Second {
				t.Errorf("recovery took %v, want < 1s", took)
			}
			if statuses, _ := load(16); statuses[200] != 16 {
				t.Errorf("after the restore: %v", statuses)
			}
		})
	}
	logs := h.logs.String()
	if n := strings.Count(logs, "store lost"); n != 2 {
		t.Errorf("%d 'store lost' lines for two outages, want 2", n)
	}
	if strings.Contains(logs, `code=Configuration`) {
		t.Error("an outage was logged as a configuration error")
	}
}
