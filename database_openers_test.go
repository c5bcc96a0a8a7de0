package gatehouse

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// TestDatabaseOpeners checks Config.Openers: a Database URL whose scheme is
// mapped is opened by its opener (here one that records the URL and
// returns a real in-memory adapter), its errors reach New's caller, and an
// unmapped scheme is a configuration error that names Openers.
func TestDatabaseOpeners(t *testing.T) {
	var opened []string
	mem := memory.New()
	ok := func(raw string) (adapter.Adapter, error) { opened = append(opened, raw); return mem, nil }
	failing := func(string) (adapter.Adapter, error) { return nil, errors.New("server said no") }
	none := func(string) (adapter.Adapter, error) { return nil, nil }
	cases := []struct {
		name    string
		cfg     Config
		want    string // error text; "" means success
		invalid bool   // the error is ErrInvalidConfig
	}{
		{"mapped scheme", Config{Database: "memdb://host/app", Openers: map[string]adapter.Opener{"memdb": ok}}, "", false},
		{"scheme is case-insensitive", Config{Database: "MemDB://host/app", Openers: map[string]adapter.Opener{"memdb": ok}}, "", false},
		{"SQL URL with openers", Config{Database: "postgres", Openers: map[string]adapter.Opener{"memdb": failing}}, "", false},
		{"opener error", Config{Database: "memdb://host/app", Openers: map[string]adapter.Opener{"memdb": failing}}, "server said no", false},
		{"opener returns nil", Config{Database: "memdb://host/app", Openers: map[string]adapter.Opener{"memdb": none}}, "returned no adapter", false},
		{"unmapped scheme", Config{Database: "mongodb://host/app"}, "Config.Openers", true},
		{"with Adapter too", Config{Database: "memdb://host/app", Adapter: mem, Openers: map[string]adapter.Opener{"memdb": ok}}, "set only one", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opened = nil
			sql := c.cfg.Database == "postgres"
			if sql {
				c.cfg.Database = testsvc.NewPostgres(t).URL + "&synchronize=true"
			}
			a, err := newWithDatabase(c.cfg)
			if c.want != "" {
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Fatalf("New: error %v, want one mentioning %q", err, c.want)
				}
				if errors.Is(err, ErrInvalidConfig) != c.invalid {
					t.Fatalf("New: errors.Is(%v, ErrInvalidConfig) = %v, want %v", err, !c.invalid, c.invalid)
				}
				return
			}
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if sql {
				if _, isSQL := a.Adapter().(*sqladapter.Adapter); !isSQL || len(opened) != 0 {
					t.Fatalf("a SQL URL gave %T and went to openers %v; want the SQL adapter", a.Adapter(), opened)
				}
				_ = a.Adapter().(*sqladapter.Adapter).Close()
				return
			}
			if a.Adapter() != adapter.Adapter(mem) || len(opened) != 1 || opened[0] != c.cfg.Database {
				t.Fatalf("adapter %T, opened %v; want the opener's adapter, opened once with %q", a.Adapter(), opened, c.cfg.Database)
			}
			if a.cfg.Session.Strategy != StrategyDatabase {
				t.Fatalf("strategy %q, want database (an opened Database is storage)", a.cfg.Session.Strategy)
			}
			if _, err := a.cfg.Adapter.CreateUser(context.Background(), &adapter.User{Email: testsvc.Name("o") + "@example.com"}); err != nil {
				t.Fatalf("CreateUser through the opened adapter: %v", err)
			}
		})
	}
}

// initFails is a real in-memory adapter whose Init fails and whose Close is
// recorded.
type initFails struct {
	*memory.Adapter
	closed bool
}

func (x *initFails) Init(context.Context) error { return errors.New("init failed") }
func (x *initFails) Close() error               { x.closed = true; return nil }

// TestDatabaseOpenerClosedOnInitError checks that New closes the adapter it
// opened from Config.Database when its Init fails, and leaves an Adapter
// the application gave alone.
func TestDatabaseOpenerClosedOnInitError(t *testing.T) {
	opened := &initFails{Adapter: memory.New()}
	_, err := newWithDatabase(Config{Database: "memdb://x", Openers: map[string]adapter.Opener{
		"memdb": func(string) (adapter.Adapter, error) { return opened, nil }}})
	if err == nil || !strings.Contains(err.Error(), "init failed") {
		t.Fatalf("New: %v, want the Init error", err)
	}
	if !opened.closed {
		t.Errorf("the adapter opened from Config.Database was not closed after its Init failed")
	}
	given := &initFails{Adapter: memory.New()}
	if _, err := newWithDatabase(Config{Adapter: given}); err == nil {
		t.Fatal("New succeeded")
	}
	if given.closed {
		t.Errorf("New closed the application's own adapter")
	}
}
