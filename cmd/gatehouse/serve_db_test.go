package main

import (
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// forwardLater listens on addr after delay and forwards every connection
// to target, until the test ends.
func forwardLater(t *testing.T, addr, target string, delay time.Duration) {
	t.Helper()
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	go func() {
		select {
		case <-time.After(delay):
		case <-done:
			return
		}
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			t.Errorf("listen %s: %v", addr, err)
			return
		}
		go func() { <-done; ln.Close() }()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			go func() { io.Copy(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
}

// TestServeWaitForDB: with --wait-for-db, serve retries a database that
// is not up yet (here: reachable only after 700ms) with backoff and
// starts once it answers; pool flags are accepted.
func TestServeWaitForDB(t *testing.T) {
	pg := testsvc.NewPostgres(t)
	if pg == nil {
		return
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	u, _ := url.Parse(pg.URL)
	target := u.Host
	u.Host = addr
	forwardLater(t, addr, target, 700*time.Millisecond)
	s := startServe(t, nil, "--database", u.String(), "--synchronize", "--demo-user", "--wait-for-db", "20s", "--db-max-open", "4", "--db-max-idle", "2", "--db-conn-max-lifetime", "5m")
	out := s.stdout.String()
	if !strings.Contains(out, "database not ready (attempt 1)") {
		t.Errorf("no retry reported:\n%s", out)
	}
	signInDemo(t, s)
}

// TestServePoolFlagsWinOverURL: a --db-* flag given wins over the same
// limit in the database URL; a flag left at 0 keeps the URL's.
func TestServePoolFlagsWinOverURL(t *testing.T) {
	const url = "postgres://u@db.example/app?max_open_conns=3&max_idle_conns=2&conn_max_lifetime=1h&conn_max_idle_time=1m"
	tests := []struct {
		name string
		db   dbOptions
		want [4]any // MaxOpenConns, MaxIdleConns, ConnMaxLifetime, ConnMaxIdleTime
	}{
		{"no flags", dbOptions{}, [4]any{3, 2, time.Hour, time.Minute}},
		{"every flag", dbOptions{maxOpen: 9, maxIdle: 4, connMaxLifetime: time.Minute, connMaxIdle: time.Second}, [4]any{9, 4, time.Minute, time.Second}},
		{"one flag", dbOptions{maxOpen: 12}, [4]any{12, 2, time.Hour, time.Minute}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := serveOptions{database: url, db: tt.db}
			db, err := chooseServeDB(o, func(string) string { return "" })
			if err != nil {
				t.Fatal(err)
			}
			o.db.apply(&db.cfg)
			c := db.cfg
			if got := [4]any{c.MaxOpenConns, c.MaxIdleConns, c.ConnMaxLifetime, c.ConnMaxIdleTime}; got != tt.want {
				t.Errorf("pool limits %v, want %v", got, tt.want)
			}
		})
	}
}

// TestServePoolMetricsPostgres: on PostgreSQL, --metrics exposes the pool
// sized by the URL's max_open_conns, and --db-max-open wins over it.
func TestServePoolMetricsPostgres(t *testing.T) {
	pg := testsvc.NewPostgres(t)
	tests := []struct {
		name, max string
		flags     []string
	}{
		{"URL option", "3", nil},
		{"flag wins", "6", []string{"--db-max-open", "6"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"--database", pg.URL + "&max_open_conns=3", "--synchronize", "--demo-user", "--metrics", "127.0.0.1:0"}, tt.flags...)
			s := startServe(t, nil, args...)
			m := regexp.MustCompile(`metrics at (http://\S+)`).FindStringSubmatch(s.stdout.String())
			if m == nil {
				t.Fatalf("no metrics address in:\n%s", s.stdout)
			}
			signInDemo(t, s)
			res, err := http.Get(m[1])
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			for _, want := range []string{
				`gatehouse_db_pool_connections_max{db="postgres"} ` + tt.max + "\n",
				`gatehouse_db_pool_connections_in_use{db="postgres"} 0` + "\n",
				`gatehouse_db_pool_waits_total{db="postgres"} `,
			} {
				if !strings.Contains(string(body), want) {
					t.Errorf("metrics lack %q:\n%s", want, body)
				}
			}
		})
	}
}
