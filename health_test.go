package gatehouse

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
)

// pingStore is a memory adapter whose Ping fails while down is set.
type pingStore struct {
	*memory.Adapter
	down atomic.Bool
}

func (p *pingStore) Ping(context.Context) error {
	if p.down.Load() {
		return errors.New("dial tcp: connection refused")
	}
	return nil
}

var _ adapter.Pinger = (*pingStore)(nil)

// TestHealth: liveness is always ok; readiness follows the store's ping
// and turns off for good when draining.
func TestHealth(t *testing.T) {
	store := &pingStore{Adapter: memory.New()}
	h := newHarness(t, func(c *Config) { c.Adapter = store })
	health := h.auth.Health()
	probe := func(hd http.Handler) (int, string) {
		rec := httptest.NewRecorder()
		hd.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		return rec.Code, rec.Body.String()
	}
	tests := []struct {
		name      string
		fail      bool
		drain     bool
		live, rdy int
		body      string
	}{
		{"up", false, false, 200, 200, "ok"},
		{"store down", true, false, 200, 503, "store unreachable"},
		{"store back", false, false, 200, 200, "ok"},
		{"draining", false, true, 200, 503, "shutting down"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store.down.Store(tt.fail)
			if tt.drain {
				health.SetDraining()
			}
			if code, _ := probe(health.Live()); code != tt.live {
				t.Errorf("live: %d", code)
			}
			code, body := probe(health.Ready())
			if code != tt.rdy || !strings.Contains(body, tt.body) {
				t.Errorf("ready: %d %q, want %d %q", code, body, tt.rdy, tt.body)
			}
			if strings.Contains(body, "refused") {
				t.Errorf("ready shows the cause to the caller: %q", body)
			}
		})
	}
}
