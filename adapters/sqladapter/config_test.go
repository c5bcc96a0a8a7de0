package sqladapter_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		url  string
		want sqladapter.Config // URL is filled in from url
	}{
		// The forms of the NextAuth.js v3 documentation.
		{"sqlite://localhost/:memory:?synchronize=true", sqladapter.Config{Type: "sqlite", Database: ":memory:", Synchronize: true}},
		{"mysql://root:password@localhost:3306/next-auth", sqladapter.Config{Type: "mysql", Host: "localhost", Port: 3306, Username: "root", Password: "password", Database: "next-auth"}},
		{"postgres://user:pass@host:5432/db?synchronize=true", sqladapter.Config{Type: "postgres", Host: "host", Port: 5432, Username: "user", Password: "pass", Database: "db", Synchronize: true}},
		{"sqlite:///var/data/auth.db", sqladapter.Config{Type: "sqlite", Database: "/var/data/auth.db"}},
		// Short and relative SQLite forms.
		{"sqlite::memory:", sqladapter.Config{Type: "sqlite", Database: ":memory:"}},
		{"sqlite::memory:?synchronize=true&schema=nextauth-v3", sqladapter.Config{Type: "sqlite", Database: ":memory:", Synchronize: true, Preset: "nextauth-v3"}},
		{"sqlite:auth.db", sqladapter.Config{Type: "sqlite", Database: "auth.db"}},
		{"sqlite://localhost/data/auth.db?_pragma=cache_size(-2000)", sqladapter.Config{Type: "sqlite", Database: "data/auth.db", Params: map[string]string{"_pragma": "cache_size(-2000)"}}},
		// Options and pass-through parameters.
		{"postgres://u:p@db.example:6543/auth?synchronize=true&schema=authjs&entityPrefix=nextauth_", sqladapter.Config{Type: "postgres", Host: "db.example", Port: 6543, Username: "u", Password: "p", Database: "auth", Synchronize: true, Preset: "authjs", TablePrefix: "nextauth_"}},
		{"postgresql://u@127.0.0.1/test?search_path=gh_1&sslmode=disable", sqladapter.Config{Type: "postgresql", Host: "127.0.0.1", Username: "u", Database: "test", Params: map[string]string{"search_path": "gh_1", "sslmode": "disable"}}},
		{"postgres://u:p%40ss%3Aword@[::1]:5432/db", sqladapter.Config{Type: "postgres", Host: "::1", Port: 5432, Username: "u", Password: "p@ss:word", Database: "db"}},
		{"mariadb://root@127.0.0.1:3306/test?synchronize=false&tablePrefix=gh_", sqladapter.Config{Type: "mariadb", Host: "127.0.0.1", Port: 3306, Username: "root", Database: "test", TablePrefix: "gh_"}},
		{"mysql://root@localhost/auth?tls=skip-verify", sqladapter.Config{Type: "mysql", Host: "localhost", Username: "root", Database: "auth", Params: map[string]string{"tls": "skip-verify"}}},
		{"cockroachdb://root@localhost:26257/defaultdb?sslmode=disable&preset=authjs-prisma", sqladapter.Config{Type: "cockroachdb", Host: "localhost", Port: 26257, Username: "root", Database: "defaultdb", Preset: "authjs-prisma", Params: map[string]string{"sslmode": "disable"}}},
		{"  sqlite::memory:?synchronize=1 ", sqladapter.Config{Type: "sqlite", Database: ":memory:", Synchronize: true}},
		// Pool limits: Config fields, never driver parameters.
		{"postgres://u:p@h/db?max_open_conns=20&max_idle_conns=5&conn_max_lifetime=1h&conn_max_idle_time=90s&sslmode=disable", sqladapter.Config{Type: "postgres", Host: "h", Username: "u", Password: "p", Database: "db", MaxOpenConns: 20, MaxIdleConns: 5, ConnMaxLifetime: time.Hour, ConnMaxIdleTime: 90 * time.Second, Params: map[string]string{"sslmode": "disable"}}},
		{"mysql://root@localhost/auth?max_open_conns=3", sqladapter.Config{Type: "mysql", Host: "localhost", Username: "root", Database: "auth", MaxOpenConns: 3}},
		{"sqlite:auth.db?max_open_conns=0&conn_max_lifetime=0", sqladapter.Config{Type: "sqlite", Database: "auth.db"}},
		{"postgres://u@h/db?max_open_conns=2&max_open_conns=4", sqladapter.Config{Type: "postgres", Host: "h", Username: "u", Database: "db", MaxOpenConns: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			got, err := sqladapter.ParseURL(tt.url)
			if err != nil {
				t.Fatalf("ParseURL: %v", err)
			}
			tt.want.URL = strings.TrimSpace(tt.url)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseURL(%q)\n got %+v\nwant %+v", tt.url, got, tt.want)
			}
		})
	}
}

func TestParseURLErrors(t *testing.T) {
	tests := []struct {
		url     string
		wantErr []string // substrings of the message
	}{
		{"", []string{"empty database URL"}},
		{"postgres:///db", []string{"has no host", "postgres://user:password@host:port/database"}},
		{"mysql://:3306/db", []string{"has no host"}},
		{"mongodb://localhost/auth", []string{`unsupported database type "mongodb"`, "sqlite, postgres, mysql, mariadb"}},
		{"mssql://sa@localhost/auth", []string{`unsupported database type "mssql"`}},
		{"postgres://u:secret@host:abc/db", []string{"invalid port"}},
		{"postgres://u:secret@host:99999/db", []string{`port "99999" is not a number from 1 to 65535`}},
		{"sqlite://localhost/", []string{"names no SQLite database"}},
		{"localhost:5432/db", []string{`unsupported database type "localhost"`}},
		{"just-a-word", []string{"has no scheme"}},
		{"sqlite::memory:?synchronize=maybe", []string{`synchronize="maybe" is not true or false`}},
		{"sqlite::memory:?schema=typeorm2", []string{`unknown preset "typeorm2"`, "authjs, authjs-prisma, default, nextauth-v3"}},
		{"postgres://u:secret@h/db?max_open_conns=ten", []string{`max_open_conns="ten" is not a whole number`, "max_open_conns=10"}},
		{"postgres://u:secret@h/db?max_open_conns=-1", []string{`max_open_conns="-1"`, "0 or more", "max_open_conns=10"}},
		{"mysql://u:secret@h/db?max_idle_conns=2.5", []string{`max_idle_conns="2.5" is not a whole number`, "max_idle_conns=10"}},
		{"postgres://u:secret@h/db?conn_max_lifetime=30", []string{`conn_max_lifetime="30" is not a duration`, "conn_max_lifetime=30m"}},
		{"postgres://u:secret@h/db?conn_max_idle_time=-5m", []string{`conn_max_idle_time="-5m"`, "0 or more", "conn_max_idle_time=30m"}},
		{"mariadb://u:secret@h/db?conn_max_idle_time=forever", []string{`conn_max_idle_time="forever" is not a duration`}},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			_, err := sqladapter.ParseURL(tt.url)
			if err == nil {
				t.Fatalf("ParseURL(%q) succeeded", tt.url)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error %q leaks the password", err)
			}
		})
	}
}

// TestConfigErrors checks that New never fails but reports a bad
// configuration from Init and from every method.
func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name    string
		cfg     sqladapter.Config
		wantErr string
	}{
		{"no type", sqladapter.Config{Database: "x"}, "no database type"},
		{"unknown type", sqladapter.Config{Type: "oracle"}, `unsupported database type "oracle": use one of sqlite, postgres, mysql, mariadb`},
		{"sqlite without database", sqladapter.Config{Type: "sqlite"}, "no SQLite database"},
		{"unknown driver", sqladapter.Config{Type: "postgres", DriverName: "postgres-nope"}, `no driver "postgres-nope" registered`},
		{"bad preset", sqladapter.Config{Type: "sqlite", Database: ":memory:", Preset: "django"}, `unknown preset "django"`},
		{"bad table model", sqladapter.Config{Type: "sqlite", Database: ":memory:", Tables: map[string]string{"profile": "p"}}, `no "profile" model`},
		{"bad column key", sqladapter.Config{Type: "sqlite", Database: ":memory:", Columns: map[string]string{"email": "mail"}}, `must be "model.field"`},
		{"bad column field", sqladapter.Config{Type: "sqlite", Database: ":memory:", Columns: map[string]string{"user.mail": "m"}}, `has no field "mail"`},
		{"clashing names", sqladapter.Config{Type: "sqlite", Database: ":memory:", Columns: map[string]string{"user.name": "email"}}, `two columns named "email"`},
		{"bad URL", sqladapter.Config{URL: "postgres://host:0x10/db"}, "invalid port"},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := sqladapter.New(tt.cfg)
			errs := map[string]error{"Init": a.Init(ctx)}
			_, errs["GetUser"] = a.GetUser(ctx, "1")
			errs["CreateSession"] = a.CreateSession(ctx, &adapter.Session{SessionToken: "t"})
			_, errs["Plan"] = a.Plan(ctx)
			errs["Migrate"] = a.Migrate(ctx)
			for m, err := range errs {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("%s: error %v, want one containing %q", m, err, tt.wantErr)
				}
			}
			if err := a.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
	}
}

func FuzzParseURL(f *testing.F) {
	for _, s := range []string{"sqlite::memory:", "sqlite://localhost/:memory:?synchronize=true", "postgres://u:p@h:5432/d?x=y",
		"mysql://root@localhost:3306/next-auth", "mariadb://%zz@h/d", "sqlite:///a?b=%", "postgres://[::1]:80/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cfg, err := sqladapter.ParseURL(s)
		if err != nil {
			if cfg.Password != "" && strings.Contains(err.Error(), cfg.Password) {
				t.Fatalf("error leaks password: %v", err)
			}
			return
		}
		if cfg.Type == "" {
			t.Fatalf("ParseURL(%q) succeeded without a type", s)
		}
		if cfg.Port < 0 || cfg.Port > 65535 {
			t.Fatalf("ParseURL(%q): port %d", s, cfg.Port)
		}
		// A parsed URL always makes a usable adapter value (never a panic).
		a := sqladapter.New(sqladapter.Config{URL: s, DriverName: "none"})
		if err := a.Close(); err != nil && !errors.Is(err, adapter.ErrNotFound) {
			t.Fatal(err)
		}
	})
}

// TestPoolURLOptionsPostgres opens real PostgreSQL with pool options in the
// URL: the pool gets the limit, and the server never sees the options
// (PostgreSQL refuses unknown settings, so the connection would fail).
func TestPoolURLOptionsPostgres(t *testing.T) {
	pg := testsvc.NewPostgres(t)
	ctx := t.Context()
	a, err := sqladapter.Open(ctx, sqladapter.Config{URL: pg.URL + "&max_open_conns=3&conn_max_lifetime=10m", Synchronize: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	db, err := a.DB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := db.Stats().MaxOpenConnections; got != 3 {
		t.Errorf("MaxOpenConnections = %d, want 3", got)
	}
	if got := a.Stats().MaxOpenConnections; got != 3 {
		t.Errorf("Adapter.Stats().MaxOpenConnections = %d, want 3", got)
	}
}
