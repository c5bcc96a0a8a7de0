package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// TestMain doubles as the server subprocess: with GATEHOUSE_BENCH_SERVE set
// (kind,backend,space) the test binary serves instead of testing, so the
// smoke test runs servers the way the command does, in their own process.
func TestMain(m *testing.M) {
	if spec := os.Getenv("GATEHOUSE_BENCH_SERVE"); spec != "" {
		parts := strings.SplitN(spec+",,", ",", 6) // kind,backend,space[,server[,invalidator]]
		cfg := ServeConfig{Kind: parts[0], Backend: parts[1], Space: parts[2], Server: parts[3], Invalidator: parts[4], Conns: 4}
		// The flags ServeInstances adds to each instance's command line.
		for i, a := range os.Args {
			switch a {
			case "-addr":
				if i+1 < len(os.Args) {
					cfg.Addr = os.Args[i+1]
				}
			case "-reuseport":
				cfg.ReusePort = true
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		err := Serve(ctx, cfg, os.Stdout)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func seedSQLite(t *testing.T, n int) *Backend {
	t.Helper()
	b, err := NewBackend("sqlite", filepath.Join(t.TempDir(), "bench.db"), "")
	if err != nil {
		t.Fatal(err)
	}
	if err := ResetAndSeed(t.Context(), b, n, nil); err != nil {
		t.Fatal(err)
	}
	return b
}

func startServer(t *testing.T, kind string, b *Backend) *Process {
	t.Helper()
	p, err := StartProcess(t.Context(), []string{os.Args[0], "-test.run=^$"},
		[]string{"GATEHOUSE_BENCH_SERVE=" + kind + "," + b.Name + "," + b.space + "," + b.admin}, "", 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Stop)
	return p
}

// TestSmokeSQLite runs the whole harness small: seed, a server subprocess
// of each kind, one second of load with the seeded users' cookies.
func TestSmokeSQLite(t *testing.T) {
	const users = 40
	b := seedSQLite(t, users)
	for _, kind := range []string{KindFloor, KindGatehouse, KindGatehouseCache} {
		t.Run(kind, func(t *testing.T) {
			p := startServer(t, kind, b)
			row, err := Measure(t.Context(), kind, p, LoadConfig{
				URL: p.URL + "/api/auth/session", Cookies: Cookies(users),
				Concurrency: 4, Duration: time.Second, Warmup: 200 * time.Millisecond,
			})
			if err != nil {
				t.Fatal(err)
			}
			t.Log(row.Format())
			if row.Requests == 0 || row.Errors != 0 {
				t.Fatalf("%d good responses, %d errors (first: %s); want some and none", row.Requests, row.Errors, row.FirstError)
			}
			if row.RSS <= 0 || row.ServerCPU <= 0 || row.P50 <= 0 || row.P99 < row.P50 {
				t.Fatalf("RSS %d, server CPU %s, p50 %s, p99 %s: want positive figures", row.RSS, row.ServerCPU, row.P50, row.P99)
			}
		})
	}
}

// TestSmokeJWT serves gatehouse with JWT sessions and reads the cookies
// JWTCookies made, and the fixed-JSON ceiling it is compared with.
func TestSmokeJWT(t *testing.T) {
	cookies, err := JWTCookies(20)
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{KindGatehouseJWT, KindCeiling} {
		t.Run(kind, func(t *testing.T) {
			p := startServer(t, kind, &Backend{})
			res, err := Load(t.Context(), LoadConfig{
				URL: p.URL + "/api/auth/session", Cookies: cookies,
				Concurrency: 4, Duration: 500 * time.Millisecond, Warmup: 100 * time.Millisecond, Expect: `"email":"user`,
			})
			if err != nil {
				t.Fatal(err)
			}
			if res.Requests == 0 || res.Errors != 0 {
				t.Fatalf("%d good responses, %d errors (first: %s); want some and none", res.Requests, res.Errors, res.FirstError)
			}
		})
	}
}

// TestLoadCountsBadSessions checks that the load generator reports what it
// did not get: cookies of users that were never seeded are errors.
func TestLoadCountsBadSessions(t *testing.T) {
	b := seedSQLite(t, 5)
	p := startServer(t, KindGatehouse, b)
	res, err := Load(t.Context(), LoadConfig{
		URL: p.URL + "/api/auth/session", Cookies: []string{CookieToken(1000), CookieToken(1001)},
		Concurrency: 2, Duration: 300 * time.Millisecond, Warmup: 50 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 0 || res.Errors == 0 || !strings.Contains(res.FirstError, "status 200") {
		t.Fatalf("got %d good, %d errors (%q); want only errors", res.Requests, res.Errors, res.FirstError)
	}
}

func TestLoadConfigRejects(t *testing.T) {
	tests := []struct {
		name string
		cfg  LoadConfig
		want string
	}{
		{"no cookies", LoadConfig{URL: "http://127.0.0.1:1/"}, "no cookies"},
		{"remote host", LoadConfig{URL: "http://example.com/api/auth/session", Cookies: []string{"x"}}, "not loopback"},
		{"private address", LoadConfig{URL: "http://10.0.0.1/api/auth/session", Cookies: []string{"x"}}, "not loopback"},
		{"negative warm-up", LoadConfig{URL: "http://127.0.0.1:1/", Cookies: []string{"x"}, Warmup: -1}, "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(t.Context(), tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Load = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestNewBackendRejects(t *testing.T) {
	tests := []struct{ name, space, want string }{
		{"oracle", "x", "unknown backend"},
		{"postgres", `x"; DROP`, "must be lower-case"},
		{"mariadb", "", "must be lower-case"},
		{"sqlite", "", "file path"},
	}
	for _, tt := range tests {
		if _, err := NewBackend(tt.name, tt.space, ""); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewBackend(%q, %q) = %v, want an error containing %q", tt.name, tt.space, err, tt.want)
		}
	}
}

// TestStatementCountsServices counts on PostgreSQL and MariaDB, each in
// the test's own schema or database (internal/testsvc: skipped when the
// server is down, failed with GATEHOUSE_REQUIRE_SERVICES=1).
func TestStatementCountsServices(t *testing.T) {
	tests := []struct {
		name    string
		backend func(t *testing.T) (*Backend, error)
	}{
		{"postgres", func(t *testing.T) (*Backend, error) {
			pg := testsvc.NewPostgres(t)
			return NewBackend("postgres", pg.Schema, pg.BaseURL)
		}},
		{"mariadb", func(t *testing.T) (*Backend, error) {
			my := testsvc.NewMySQL(t)
			return NewBackend("mariadb", my.Database, my.DSN)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.backend(t)
			if err != nil {
				t.Fatal(err)
			}
			counts, err := StatementCounts(t.Context(), b)
			if err != nil {
				t.Fatal(err)
			}
			checkCounts(t, counts)
		})
	}
}

// TestStatementCountsSQLite pins the targets of issue 11: one statement
// per session read, two when it refreshes the expiry, one per sign-out.
func TestStatementCountsSQLite(t *testing.T) {
	b, err := NewBackend("sqlite", filepath.Join(t.TempDir(), "stmts.db"), "")
	if err != nil {
		t.Fatal(err)
	}
	counts, err := StatementCounts(t.Context(), b)
	if err != nil {
		t.Fatal(err)
	}
	checkCounts(t, counts)
}

func checkCounts(t *testing.T, counts []Count) {
	t.Helper()
	if len(counts) != len(Flows()) {
		t.Fatalf("%d counts, want one per flow (%d)", len(counts), len(Flows()))
	}
	want := map[string]int64{"session read": 1, "session read that refreshes expiry": 2, "sign-out": 1}
	got := map[string]int64{}
	for _, c := range counts {
		got[c.Flow] = c.Statements
		if c.Note == "" && c.Statements == 0 {
			t.Errorf("%s: no statements counted", c.Flow)
		}
	}
	for flow, n := range want {
		if got[flow] != n {
			t.Errorf("%s: %d statements, want %d", flow, got[flow], n)
		}
	}
}
