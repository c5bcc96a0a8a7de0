package sqlitetest_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/adaptertest"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

// TestConformance runs the conformance suite on every backend with the
// Default preset and, on SQLite and PostgreSQL (and MariaDB), with the
// other presets. Each run shares one adapter on one fresh database, as
// production does; the suite's subtests run in parallel on it.
func TestConformance(t *testing.T) {
	extras := []schema.Column{
		{Field: "role", Kind: schema.String},
		{Field: "logins", Kind: schema.Int64},
	}
	for _, b := range backends {
		for _, preset := range schema.PresetNames() {
			t.Run(b.name+"/"+preset, func(t *testing.T) {
				cfg := b.config(t)
				cfg.Preset = preset
				cfg.ExtraUserColumns = extras
				a := open(t, cfg)
				opts := []adaptertest.Option{
					adaptertest.WithUserExtra("role", "admin", "editor"),
					adaptertest.WithUserExtra("logins", int64(3), int64(4)),
					adaptertest.WithCapabilities(adaptertest.Transactions, adaptertest.SessionListing,
						adaptertest.ExpiredCleanup, adaptertest.Pinging),
				}
				if preset == schema.PresetDefault {
					opts = append(opts, adaptertest.WithCapabilities(adaptertest.Authenticators))
					opts = append(opts, adaptertest.WithAccountExtra(map[string]any{"refresh_expires_in": float64(1800), "oauth_token_secret": "s3cr3t"}))
				}
				if maxLen := maxStringLength(b.name, preset); maxLen > 0 {
					opts = append(opts, adaptertest.WithMaxStringLength(maxLen))
				}
				adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return a }, opts...)
			})
		}
	}
}

// maxStringLength is the narrowest string column of a preset on a backend:
// MySQL indexes need VARCHAR(255), and the v3 and pg-adapter layouts
// declare VARCHAR(255) on PostgreSQL as well.
func maxStringLength(backend, preset string) int {
	switch {
	case backend == "mariadb":
		return 255
	case backend == "postgres" && (preset == schema.PresetNextAuthV3 || preset == schema.PresetAuthJS):
		return 255
	}
	return 0
}

// TestConformanceFresh runs the suite with a new in-memory adapter for every
// subtest, so that each one also goes through New, Init and Synchronize.
func TestConformanceFresh(t *testing.T) {
	adaptertest.Run(t, func(t *testing.T) adapter.Adapter {
		return open(t, sqladapter.Config{URL: "sqlite::memory:?synchronize=true"})
	}, adaptertest.WithAccountExtra(map[string]any{"refresh_expires_in": float64(1800)}),
		adaptertest.WithCapabilities(adaptertest.Authenticators, adaptertest.Transactions,
			adaptertest.SessionListing, adaptertest.ExpiredCleanup, adaptertest.Pinging))
}
