package gatehouse_test

import (
	"context"
	"net"
	"strconv"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/takeovertest"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// TestPreAccountTakeover plays the pre-account takeover through an OAuth
// provider that does not verify emails (internal/takeovertest) on the
// memory adapter and the SQL adapter over PostgreSQL and MariaDB: the
// victim's magic link must give the victim a user of their own. SQLite,
// GORM and Redis run the same in their modules.
func TestPreAccountTakeover(t *testing.T) {
	stores := []struct {
		name string
		open func(t *testing.T) adapter.Adapter
	}{
		{"memory", func(*testing.T) adapter.Adapter { return memory.New() }},
		{"postgres", func(t *testing.T) adapter.Adapter {
			return openSQLStore(t, sqladapter.Config{URL: testsvc.NewPostgres(t).URL})
		}},
		{"mariadb", func(t *testing.T) adapter.Adapter {
			my := testsvc.NewMySQL(t)
			host, port, err := net.SplitHostPort(my.Config.Addr)
			if err != nil {
				t.Fatal(err)
			}
			p, err := strconv.Atoi(port)
			if err != nil {
				t.Fatal(err)
			}
			return openSQLStore(t, sqladapter.Config{Type: "mariadb", Host: host, Port: p, Username: my.Config.User, Password: my.Config.Passwd, Database: my.Database})
		}},
	}
	for _, st := range stores {
		t.Run(st.name, func(t *testing.T) { takeovertest.Run(t, st.open(t)) })
	}
}

func openSQLStore(t *testing.T, cfg sqladapter.Config) adapter.Adapter {
	t.Helper()
	cfg.Synchronize = true
	a, err := sqladapter.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close() })
	return a
}
