package redisadapter

import (
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/adaptertest"
)

// TestConformance runs the conformance suite on Redis, each mode on its own
// key prefix. KeepExpired keeps the contract to the letter. The TTL mode
// (the default) returns expired rows only while Retain keeps them, so it
// runs with a Retain longer than the suite's oldest expiry (the year 2000)
// to check that the TTL code paths keep the rest of the contract; that
// expired keys disappear at Expires + Retain is checked by
// TestSessionKeyExpiresAtExpires.
func TestConformance(t *testing.T) {
	modes := []struct {
		name string
		opts Options
	}{
		{"KeepExpired", Options{KeepExpired: true}},
		{"TTL", Options{Retain: 100 * 365 * 24 * time.Hour}},
	}
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			a, _ := newTestAdapter(t, m.opts)
			adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return a },
				adaptertest.WithUserExtra("role", "admin", "editor"),
				adaptertest.WithUserExtra("age", 42, 43),
				adaptertest.WithAccountExtra(map[string]any{"refresh_expires_in": 1800, "note": "x"}),
				adaptertest.WithCapabilities(adaptertest.Authenticators, adaptertest.SessionListing,
					adaptertest.ExpiredCleanup, adaptertest.Pinging),
			)
		})
	}
}

// TestConformanceCluster runs the suite on a real Redis Cluster (see
// newClusterAdapter), where cross-slot access would fail.
func TestConformanceCluster(t *testing.T) {
	a := newClusterAdapter(t, Options{KeepExpired: true})
	adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return a },
		adaptertest.WithUserExtra("role", "admin", "editor"),
		adaptertest.WithAccountExtra(map[string]any{"refresh_expires_in": 1800, "note": "x"}),
	)
}
