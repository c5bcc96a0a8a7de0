package gormadapter_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/adapters/gormadapter"
)

// TestStats: the Adapter reports the application's pool, busy connections
// included, on every backend.
func TestStats(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			db := b.open(t)
			a := openAdapter(t, db, gormadapter.Options{AutoMigrate: true})
			sqlDB, err := db.DB()
			if err != nil {
				t.Fatal(err)
			}
			conn, err := sqlDB.Conn(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			got := a.Stats()
			conn.Close()
			if got.InUse < 1 || got.OpenConnections < got.InUse {
				t.Fatalf("Stats() with a connection held: %+v; want at least one in use", got)
			}
			if after := a.Stats(); after.InUse != got.InUse-1 {
				t.Errorf("after release: in use %d, want %d", after.InUse, got.InUse-1)
			}
		})
	}
	if s := gormadapter.New(nil, gormadapter.Options{}).Stats(); s.OpenConnections != 0 {
		t.Errorf("Stats of an Adapter without db: %+v, want zero", s)
	}
}
