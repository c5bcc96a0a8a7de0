package gatehouse

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
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
