package bench

import (
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// TestSmokeURLOnly serves the URL-only target (gatehouse opening its own
// pool from Config.Database) on PostgreSQL and MariaDB and reads every
// seeded session through it.
func TestSmokeURLOnly(t *testing.T) {
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
	const users = 30
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.backend(t)
			if err != nil {
				t.Fatal(err)
			}
			if err := ResetAndSeed(t.Context(), b, users, nil); err != nil {
				t.Fatal(err)
			}
			p := startServer(t, KindGatehouseURL, b)
			res, err := Load(t.Context(), LoadConfig{
				URL: p.URL + "/api/auth/session", Cookies: Cookies(users),
				Concurrency: 8, Duration: 500 * time.Millisecond, Warmup: 100 * time.Millisecond, Expect: `"email":"user`,
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

// TestBackendURL checks the URLs the URL-only target hands to gatehouse.
func TestBackendURL(t *testing.T) {
	tests := []struct {
		name, space, server, want string
	}{
		{"postgres", "s1", "postgres://u@127.0.0.1:5432/test", "postgres://u@127.0.0.1:5432/test?search_path=s1"},
		{"mariadb", "d1", "root@tcp(127.0.0.1:3306)/test", "mysql://root@127.0.0.1:3306/d1"},
		{"mariadb", "d2", "me:pw@tcp(db:3307)/test", "mysql://me:pw@db:3307/d2"},
	}
	for _, tt := range tests {
		b, err := NewBackend(tt.name, tt.space, tt.server)
		if err != nil {
			t.Fatal(err)
		}
		got, err := b.URL()
		if err != nil || got != tt.want {
			t.Errorf("%s URL() = %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
	if _, err := (&Backend{Name: "sqlite"}).URL(); err == nil {
		t.Error("sqlite URL(): no error, want one (no server URL)")
	}
}
