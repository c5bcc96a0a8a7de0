package mongoadapter

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/adaptertest"
)

// TestConformance runs the conformance suite, concurrency group included,
// on the test server, once with the default layout and once with renamed,
// prefixed collections.
func TestConformance(t *testing.T) {
	modes := []struct {
		name string
		opts Options
	}{
		{"AuthjsLayout", Options{}},
		{"Renamed", Options{Prefix: "app_", Collections: Collections{Users: "people", Sessions: "logins"}}},
	}
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			a := newTestAdapter(t, m.opts)
			adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return a },
				adaptertest.WithUserExtra("role", "admin", "editor"),
				adaptertest.WithUserExtra("age", 42, 43),
				adaptertest.WithAccountExtra(map[string]any{"refresh_expires_in": 1800, "note": "x"}),
				adaptertest.WithCapabilities(adaptertest.Authenticators, adaptertest.SessionListing,
					adaptertest.UserSessions, adaptertest.ExpiredCleanup, adaptertest.Pinging),
			)
		})
	}
}
