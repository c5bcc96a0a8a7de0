package compose_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the SQLite driver, registered as "sqlite"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/adaptertest"
	"github.com/gatehouse-go/gatehouse/adapters/compose"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// openSQL opens a SQL adapter with Synchronize and closes it at cleanup.
func openSQL(t testing.TB, cfg sqladapter.Config) *sqladapter.Adapter {
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

// TestConformanceSQLAndRedis runs the suite on the production shape of
// issue 9: users, accounts and passkeys in SQL, sessions and verification
// tokens in Redis.
func TestConformanceSQLAndRedis(t *testing.T) {
	backends := []struct {
		name string
		cfg  func(t *testing.T) sqladapter.Config
	}{
		{"sqlite+redis", func(t *testing.T) sqladapter.Config {
			return sqladapter.Config{Type: "sqlite", Database: filepath.Join(t.TempDir(), "auth.db")}
		}},
		{"postgres+redis", func(t *testing.T) sqladapter.Config {
			return sqladapter.Config{URL: testsvc.NewPostgres(t).URL}
		}},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			r := keepRedis(t)
			c, err := compose.New(compose.Parts{Users: openSQL(t, b.cfg(t)), Sessions: r, Tokens: r})
			if err != nil {
				t.Fatal(err)
			}
			adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return c })
		})
	}
}
