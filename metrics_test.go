package gatehouse

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
)

// recordingMetrics keeps "name attr=value,..." → sum of Add, and the
// names of Record calls.
type recordingMetrics struct {
	mu      sync.Mutex
	counts  map[string]int64
	records map[string]int
}

func key(name string, attrs []Attr) string {
	parts := []string{name}
	for _, a := range attrs {
		parts = append(parts, a.Key+"="+a.Value)
	}
	return strings.Join(parts, " ")
}

func (m *recordingMetrics) Add(_ context.Context, name string, n int64, attrs ...Attr) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.counts[key(name, attrs)] += n
}

func (m *recordingMetrics) Record(_ context.Context, name string, _ time.Duration, attrs ...Attr) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.records[key(name, attrs)]++
}

// TestMetrics: sign-ins by provider and outcome, session reads by result,
// store call durations by method and rate-limit refusals reach
// Config.Metrics.
func TestMetrics(t *testing.T) {
	m := &recordingMetrics{counts: map[string]int64{}, records: map[string]int{}}
	h := newHarness(t, func(c *Config) {
		c.Metrics = m
		c.Credentials.RateLimit = RateLimit{Identifier: 1}
	})
	h.get("/api/auth/session")
	h.signIn("wrong")
	h.signIn(alicePass) // refused: one failure locks with Identifier 1
	h.clock.Advance(time.Hour)
	h.signIn(alicePass)
	h.get("/api/auth/session")
	m.mu.Lock()
	defer m.mu.Unlock()
	tests := []struct {
		key  string
		want int64
	}{
		{"gatehouse.session_reads result=none", 1},
		{"gatehouse.session_reads result=session", 1},
		{"gatehouse.sign_ins provider=credentials outcome=failure", 1},
		{"gatehouse.sign_ins provider=credentials outcome=success", 1},
		{"gatehouse.rate_limited limit=credentials by=identifier", 1},
	}
	for _, tt := range tests {
		if got := m.counts[tt.key]; got != tt.want {
			t.Errorf("%s: %d, want %d (all: %v)", tt.key, got, tt.want, m.counts)
		}
	}
	if m.records["gatehouse.store.call.duration method=GetSessionAndUser result=ok"] == 0 {
		t.Errorf("no store call duration for GetSessionAndUser: %v", m.records)
	}
}

// TestStoreCallResults: the contract's answers (not found, conflict) are
// results of their own in MetricStoreCalls, not errors of the store, so
// that a dashboard of store errors does not count every first sign-in.
func TestStoreCallResults(t *testing.T) {
	ctx := context.Background()
	m := &recordingMetrics{counts: map[string]int64{}, records: map[string]int{}}
	store := newBoundedAdapter(memory.New(), time.Second, &storeWatch{}, m, nil)
	if _, err := store.CreateUser(ctx, &adapter.User{Email: "ada@example.com"}); err != nil {
		t.Fatal(err)
	}
	calls := []struct {
		name string
		call func() error
		want string
	}{
		{"unknown address", func() error { _, err := store.GetUserByEmail(ctx, "nobody@example.com"); return err }, "GetUserByEmail result=not_found"},
		{"known address", func() error { _, err := store.GetUserByEmail(ctx, "ada@example.com"); return err }, "GetUserByEmail result=ok"},
		{"address taken", func() error { _, err := store.CreateUser(ctx, &adapter.User{Email: "ada@example.com"}); return err }, "CreateUser result=conflict"},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			_ = c.call()
			m.mu.Lock()
			defer m.mu.Unlock()
			if k := "gatehouse.store.call.duration method=" + c.want; m.records[k] != 1 {
				t.Errorf("%s: %d records, want 1 (all: %v)", k, m.records[k], m.records)
			}
		})
	}
}
