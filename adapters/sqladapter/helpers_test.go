package sqladapter_test

import (
	"context"
	"database/sql"
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
	config func(t testing.TB) sqladapter.Config
}

var backends = []backend{
	{"sqlite-memory", func(t testing.TB) sqladapter.Config {
		return sqladapter.Config{Type: "sqlite", Database: ":memory:"}
	}},
	{"sqlite-file", func(t testing.TB) sqladapter.Config {
		return sqladapter.Config{Type: "sqlite", Database: filepath.Join(t.TempDir(), "auth.db")}
	}},
	{"postgres", func(t testing.TB) sqladapter.Config {
		pg := testsvc.NewPostgres(t)
		return sqladapter.Config{URL: pg.URL}
	}},
	{"mariadb", func(t testing.TB) sqladapter.Config {
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

// sharedDB returns a pool on a fresh database of the backend and the Type
// that goes with it, for tests that open several adapters on one database.
func sharedDB(t testing.TB, name string) (*sql.DB, string) {
	t.Helper()
	switch name {
	case "sqlite-memory", "sqlite-file":
		dsn := ":memory:"
		if name == "sqlite-file" {
			dsn = "file:" + filepath.Join(t.TempDir(), "auth.db") + "?_busy_timeout=10000&_txlock=immediate"
		}
		db, err := sql.Open("sqlite", dsn)
		if err != nil {
			t.Fatal(err)
		}
		if name == "sqlite-memory" {
			db.SetMaxOpenConns(1)
		}
		t.Cleanup(func() { db.Close() })
		return db, "sqlite"
	case "postgres":
		return testsvc.NewPostgres(t).DB, "postgres"
	case "mariadb":
		return testsvc.NewMySQL(t).DB, "mariadb"
	}
	t.Fatalf("unknown backend %q", name)
	return nil, ""
}

// exec runs statements on db, failing the test on error.
func exec(t *testing.T, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%v\n  while running: %s", err, q)
		}
	}
}

// count returns the number of rows of a table.
func count(t *testing.T, db *sql.DB, quotedTable string) int {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM " + quotedTable).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", quotedTable, err)
	}
	return n
}
