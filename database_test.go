package gatehouse

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/testsvc" // also registers the PostgreSQL driver, as an application would import it
)

// TestDatabaseForms checks NextAuth.js v3's "exactly equivalent" configurations:
// each gives a working default SQL adapter with its schema synchronized,
// here on a fresh PostgreSQL schema each (the same on SQLite runs in
// adapters/sqladapter/sqlitetest).
func TestDatabaseForms(t *testing.T) {
	forms := []struct {
		name string
		cfg  func(url string) Config
	}{
		{"Database URL", func(url string) Config { return Config{Database: url + "&synchronize=true"} }},
		{"Database sqladapter.Config", func(url string) Config { return Config{Database: sqladapter.Config{URL: url, Synchronize: true}} }},
		{"Database *sqladapter.Config", func(url string) Config { return Config{Database: &sqladapter.Config{URL: url, Synchronize: true}} }},
		{"Adapter adapters.Default", func(url string) Config {
			return Config{Adapter: adapters.Default(sqladapter.Config{URL: url, Synchronize: true})}
		}},
		{"Adapter sqladapter.New", func(url string) Config {
			return Config{Adapter: sqladapter.New(sqladapter.Config{URL: url, Synchronize: true})}
		}},
	}
	for _, f := range forms {
		t.Run(f.name, func(t *testing.T) {
			a, err := newWithDatabase(f.cfg(testsvc.NewPostgres(t).URL))
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			sa, ok := adapter.As[*sqladapter.Adapter](a.cfg.Adapter) // through the deadline wrapper
			if !ok {
				t.Fatalf("adapter is %T, want *sqladapter.Adapter", a.cfg.Adapter)
			}
			t.Cleanup(func() { _ = sa.Close() })
			if a.cfg.Session.Strategy != StrategyDatabase {
				t.Fatalf("strategy %q, want database", a.cfg.Session.Strategy)
			}
			ctx := context.Background()
			u, err := a.cfg.Adapter.CreateUser(ctx, &adapter.User{Email: "fill@murray.com"})
			if err != nil {
				t.Fatalf("CreateUser on the synchronized schema: %v", err)
			}
			if _, err := a.cfg.Adapter.GetUserByEmail(ctx, "fill@murray.com"); err != nil || u.ID == "" {
				t.Fatalf("GetUserByEmail: %v (id %q)", err, u.ID)
			}
		})
	}
}

// newWithDatabase is New on cfg with a secret and a URL.
func newWithDatabase(cfg Config) (*Auth, error) {
	cfg.Secrets = []string{strings.Repeat("s", 32)}
	cfg.URL = "http://localhost:3000"
	return New(cfg)
}

func TestDatabaseErrors(t *testing.T) {
	sqlCfg := sqladapter.Config{Type: "postgres", Host: "db.internal", Database: "app"}
	cases := []struct {
		name string
		cfg  Config
		want string
	}{
		{"both", Config{Database: "postgres://db.internal/app", Adapter: sqladapter.New(sqlCfg)}, "set only one"},
		{"bad URL", Config{Database: "oracle://x/y"}, "oracle"},
		{"wrong type", Config{Database: 42}, "Database is a int"},
		{"unreachable database", Config{Database: "postgres://postgres@127.0.0.1:1/test"}, "127.0.0.1:1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := newWithDatabase(c.cfg)
			if err == nil {
				t.Fatal("New succeeded")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q does not mention %q", err, c.want)
			}
			if c.name != "unreachable database" && !errors.Is(err, ErrInvalidConfig) {
				t.Fatalf("error %v is not ErrInvalidConfig", err)
			}
		})
	}
}
