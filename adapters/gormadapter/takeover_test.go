package gormadapter_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/adapters/gormadapter"
	"github.com/gatehouse-go/gatehouse/internal/takeovertest"
)

// TestPreAccountTakeover plays the pre-account takeover through an OAuth
// provider that does not verify emails (internal/takeovertest) on the GORM
// adapter over every backend: the victim's magic link must give the victim
// a user of their own.
func TestPreAccountTakeover(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			takeovertest.Run(t, openAdapter(t, b.open(t), gormadapter.Options{AutoMigrate: true}))
		})
	}
}
