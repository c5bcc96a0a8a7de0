package sqladapter_test

import (
	"context"
	"net"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// backend is one database the tests run on.
type backend struct {
	name string
	// config returns a Config connecting to a fresh, empty database.
	config func(t *testing.T) sqladapter.Config
}

var backends = []backend{
	{"sqlite-memory", func(t *testing.T) sqladapter.Config {
		return sqladapter.Config{Type: "sqlite", Database: ":memory:"}
	}},
	{"sqlite-file", func(t *testing.T) sqladapter.Config {
		return sqladapter.Config{Type: "sqlite", Database: filepath.Join(t.TempDir(), "auth.db")}
	}},
	{"postgres", func(t *testing.T) sqladapter.Config {
		pg := testsvc.NewPostgres(t)
		return sqladapter.Config{URL: pg.URL}
	}},
	{"mariadb", func(t *testing.T) sqladapter.Config {
		my := testsvc.NewMySQL(t)
		c := my.Config
		return sqladapter.Config{Type: "mariadb", Host: hostOf(c.Addr), Port: portOf(c.Addr), Username: c.User, Password: c.Passwd, Database: my.Database}
	}},
}

// open opens an adapter on cfg with Synchronize and closes it at cleanup.
func open(t testing.TB, cfg sqladapter.Config) *sqladapter.Adapter {
	t.Helper()
	cfg.Synchronize = true
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	a, err := sqladapter.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func hostOf(addr string) string {
	h, _, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	return h
}

func portOf(addr string) int {
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(p)
	return n
}
