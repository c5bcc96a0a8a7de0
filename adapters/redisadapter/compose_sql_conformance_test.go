package redisadapter_test

import (
	"context"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/adaptertest"
	"github.com/gatehouse-go/gatehouse/adapters/compose"
	"github.com/gatehouse-go/gatehouse/adapters/redisadapter"
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
// tokens in Redis. SQLite is left out so that this module needs no SQLite
// driver; the SQL adapter runs the suite on SQLite in
// adapters/sqladapter/sqlitetest.
func TestConformanceSQLAndRedis(t *testing.T) {
	backends := []struct {
		name string
		cfg  func(t *testing.T) sqladapter.Config
		opts []adaptertest.Option
	}{
		{"postgres+redis", func(t *testing.T) sqladapter.Config {
			return sqladapter.Config{URL: testsvc.NewPostgres(t).URL}
		}, nil},
		{"mariadb+redis", func(t *testing.T) sqladapter.Config {
			return sqladapter.Config{Type: "mariadb", DB: testsvc.NewMySQL(t).DB}
		}, []adaptertest.Option{adaptertest.WithMaxStringLength(255)}}, // MySQL indexes need VARCHAR(255)
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			r := redisadapter.ForTest(t, redisadapter.Options{KeepExpired: true})
			c, err := compose.New(compose.Parts{Users: openSQL(t, b.cfg(t)), Sessions: r, Tokens: r})
			if err != nil {
				t.Fatal(err)
			}
			adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return c }, b.opts...)
		})
	}
}
