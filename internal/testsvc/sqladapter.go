package testsvc

import (
	"context"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

// OpenSQL opens a SQL adapter on cfg with Synchronize set, so that its
// tables exist, and closes it when the test ends. It fails the test if the
// adapter cannot be opened within 30 seconds.
func OpenSQL(t testing.TB, cfg sqladapter.Config) *sqladapter.Adapter {
	t.Helper()
	cfg.Synchronize = true
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	a, err := sqladapter.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("sqladapter.Open: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// PostgresSQL opens a SQL adapter, with its tables, on a fresh PostgreSQL
// schema (NewPostgres) and closes it when the test ends.
func PostgresSQL(t testing.TB) *sqladapter.Adapter {
	t.Helper()
	return OpenSQL(t, sqladapter.Config{URL: NewPostgres(t).URL})
}
