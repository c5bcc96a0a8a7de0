package redisadapter

import (
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/adaptertest"
)

// TestConformance runs the conformance suite on Redis, each mode on its own
// key prefix. KeepExpired keeps the contract to the letter. The TTL mode
// returns expired rows only while Retain keeps them, so "TTL" runs it with a
// Retain longer than the suite's oldest expiry (the year 2000), checking
// that the TTL code paths keep the rest of the contract, and "Default" runs
// the default options (keys gone at Expires) under
// adaptertest.WithSelfExpiry; that expired keys disappear at Expires +
// Retain is checked by TestSessionKeyExpiresAtExpires.
func TestConformance(t *testing.T) {
	modes := []struct {
		name string
		opts Options
		more []adaptertest.Option
	}{
		{"KeepExpired", Options{KeepExpired: true}, nil},
		{"TTL", Options{Retain: 100 * 365 * 24 * time.Hour}, nil},
		{"Default", Options{}, []adaptertest.Option{adaptertest.WithSelfExpiry()}},
	}
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			a, _ := newTestAdapter(t, m.opts)
			opts := append([]adaptertest.Option{
				adaptertest.WithUserExtra("role", "admin", "editor"),
				adaptertest.WithUserExtra("age", 42, 43),
				adaptertest.WithAccountExtra(map[string]any{"refresh_expires_in": 1800, "note": "x"}),
				adaptertest.WithCapabilities(adaptertest.Authenticators, adaptertest.SessionListing,
					adaptertest.UserSessions, adaptertest.ExpiredCleanup, adaptertest.Pinging),
			}, m.more...)
			adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return a }, opts...)
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
