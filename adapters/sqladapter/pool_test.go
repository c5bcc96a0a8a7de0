package sqladapter

import (
	"database/sql"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// TestPoolDefaults checks the limits configurePool gives a pool the
// Adapter opened, from a URL-only configuration and from explicit fields.
func TestPoolDefaults(t *testing.T) {
	tests := []struct {
		name     string
		cfg      Config
		d        schema.Dialect
		wantOpen int
	}{
		{"postgres, URL only", Config{URL: "postgres://u@h/db"}, schema.Postgres, DefaultMaxOpenConns},
		{"mysql, URL only", Config{URL: "mysql://u@h/db"}, schema.MySQL, DefaultMaxOpenConns},
		{"sqlite file", Config{Database: "auth.db"}, schema.SQLite, DefaultMaxOpenConns},
		{"sqlite memory", Config{Database: ":memory:"}, schema.SQLite, 1},
		{"sqlite memory ignores limits", Config{Database: ":memory:", MaxOpenConns: 8}, schema.SQLite, 1},
		{"explicit max open", Config{MaxOpenConns: 3}, schema.Postgres, 3},
		{"idle above open is clamped", Config{MaxOpenConns: 2, MaxIdleConns: 50}, schema.Postgres, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// sql.Open only validates the driver name; nothing connects.
			db, err := sql.Open("pgx", "postgres://unused@127.0.0.1:1/none")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			configurePool(db, tt.cfg, tt.d)
			if got := db.Stats().MaxOpenConnections; got != tt.wantOpen {
				t.Errorf("MaxOpenConnections = %d, want %d", got, tt.wantOpen)
			}
		})
	}
}

// TestPoolDefaultsUnderLoad opens PostgreSQL from a URL only and reads
// sessions from 64 goroutines: the pool must stay within
// DefaultMaxOpenConns and keep its connections between requests instead of
// closing and reopening them (database/sql's default of 2 idle connections
// closed hundreds here).
func TestPoolDefaultsUnderLoad(t *testing.T) {
	pg := testsvc.NewPostgres(t)
	ctx := t.Context()
	a, err := Open(ctx, Config{URL: pg.URL, Synchronize: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	u, err := a.CreateUser(ctx, &adapter.User{Email: "pool@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.CreateSession(ctx, &adapter.Session{SessionToken: "pool-token", UserID: u.ID, Expires: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	db, err := a.DB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const readers, reads = 64, 20
	var wg sync.WaitGroup
	errs := make(chan error, readers)
	var mu sync.Mutex
	maxOpen := 0
	for range readers {
		wg.Go(func() {
			for range reads {
				s, _, err := a.GetSessionAndUser(ctx, "pool-token")
				if err != nil || s == nil {
					errs <- err
					return
				}
				n := db.Stats().OpenConnections
				mu.Lock()
				maxOpen = max(maxOpen, n)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("GetSessionAndUser: %v (or no session)", err)
	}
	st := db.Stats()
	if maxOpen > DefaultMaxOpenConns || st.MaxOpenConnections != DefaultMaxOpenConns {
		t.Errorf("open connections peaked at %d, limit %d; want <= %d", maxOpen, st.MaxOpenConnections, DefaultMaxOpenConns)
	}
	if st.MaxIdleClosed != 0 {
		t.Errorf("%d connections closed for exceeding the idle limit; the default must keep every open connection", st.MaxIdleClosed)
	}
	if st.WaitCount == 0 {
		t.Errorf("64 readers never waited on a pool of %d: the load did not exercise the limit", DefaultMaxOpenConns)
	}
}

// TestPoolURLOptions checks that the URL's pool options reach the pool,
// that a Config field wins over them, and that they never reach the
// driver's DSN.
func TestPoolURLOptions(t *testing.T) {
	tests := []struct {
		name     string
		cfg      Config
		d        schema.Dialect
		want     [4]any // MaxOpenConns, MaxIdleConns, ConnMaxLifetime, ConnMaxIdleTime after resolve
		wantOpen int    // the pool's limit
	}{
		{"postgres URL", Config{URL: "postgres://u@h/db?max_open_conns=3&max_idle_conns=2&conn_max_lifetime=1h&conn_max_idle_time=1m&sslmode=disable"}, schema.Postgres, [4]any{3, 2, time.Hour, time.Minute}, 3},
		{"mysql URL", Config{URL: "mysql://u@h/db?max_open_conns=7&conn_max_idle_time=30s"}, schema.MySQL, [4]any{7, 0, time.Duration(0), 30 * time.Second}, 7},
		{"sqlite file URL", Config{URL: "sqlite:auth.db?max_open_conns=4"}, schema.SQLite, [4]any{4, 0, time.Duration(0), time.Duration(0)}, 4},
		{"fields win", Config{URL: "postgres://u@h/db?max_open_conns=3&max_idle_conns=1&conn_max_lifetime=1h", MaxOpenConns: 8, ConnMaxLifetime: time.Minute}, schema.Postgres, [4]any{8, 1, time.Minute, time.Duration(0)}, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, d, err := tt.cfg.resolve()
			if err != nil {
				t.Fatal(err)
			}
			if d != tt.d {
				t.Fatalf("dialect %s, want %s", d, tt.d)
			}
			if got := [4]any{cfg.MaxOpenConns, cfg.MaxIdleConns, cfg.ConnMaxLifetime, cfg.ConnMaxIdleTime}; got != tt.want {
				t.Errorf("resolved pool fields %v, want %v", got, tt.want)
			}
			dsn := cfg.dataSource(d)
			for _, opt := range []string{"max_open_conns", "max_idle_conns", "conn_max_lifetime", "conn_max_idle_time"} {
				if strings.Contains(dsn, opt) {
					t.Errorf("DSN %q passes %s to the driver", dsn, opt)
				}
			}
			db, err := sql.Open("pgx", "postgres://unused@127.0.0.1:1/none")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			configurePool(db, cfg, d)
			if got := db.Stats().MaxOpenConnections; got != tt.wantOpen {
				t.Errorf("MaxOpenConnections = %d, want %d", got, tt.wantOpen)
			}
		})
	}
}
