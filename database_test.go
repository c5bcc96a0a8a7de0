package gatehouse

import (
	"context"
	"errors"
	"strings"
	"testing"

	_ "modernc.org/sqlite" // the SQLite driver, as an application would import it

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

// TestDatabaseForms checks the seed's "exactly equivalent" configurations:
// each gives a working default SQL adapter with its schema synchronized.
func TestDatabaseForms(t *testing.T) {
	sqlCfg := sqladapter.Config{Type: "sqlite", Database: ":memory:", Synchronize: true}
	forms := []struct {
		name string
		cfg  Config
	}{
		{"Database URL", Config{Database: "sqlite::memory:?synchronize=true"}},
		{"Database sqladapter.Config", Config{Database: sqlCfg}},
		{"Database *sqladapter.Config", Config{Database: &sqlCfg}},
		{"Adapter adapters.Default", Config{Adapter: adapters.Default(sqlCfg)}},
		{"Adapter sqladapter.New", Config{Adapter: sqladapter.New(sqlCfg)}},
	}
	for _, f := range forms {
		t.Run(f.name, func(t *testing.T) {
			a, err := newWithDatabase(f.cfg)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if _, ok := a.cfg.Adapter.(*sqladapter.Adapter); !ok {
				t.Fatalf("adapter is %T, want *sqladapter.Adapter", a.cfg.Adapter)
			}
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
	sqlCfg := sqladapter.Config{Type: "sqlite", Database: ":memory:", Synchronize: true}
	cases := []struct {
		name string
		cfg  Config
		want string
	}{
		{"both", Config{Database: "sqlite::memory:", Adapter: sqladapter.New(sqlCfg)}, "set only one"},
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
