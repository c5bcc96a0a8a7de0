package sqlitetest_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter/adaptertest"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

// TestRateLimitStoreSQLite runs the rate limit store's conformance suite
// on a SQLite file (busy timeout and WAL, as concurrent writers need).
func TestRateLimitStoreSQLite(t *testing.T) {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "rl.db")+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s, err := sqladapter.NewRateLimitStore(db, "sqlite", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateTable(context.Background()); err != nil {
		t.Fatal(err)
	}
	adaptertest.RunRateLimitStore(t, s)
}
