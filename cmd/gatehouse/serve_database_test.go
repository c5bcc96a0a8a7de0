package main

import (
	"context"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// TestServeNeverAltersOtherDatabases checks that serve writes to a database
// other than its own scratch one only when asked: the URL's
// ?synchronize=false wins over the default, an exported DATABASE_URL is
// named as the source and left alone, and --synchronize/--demo-user are
// needed for tables and the demo user. Each case runs on a fresh
// PostgreSQL schema.
func TestServeNeverAltersOtherDatabases(t *testing.T) {
	cases := []struct {
		name       string
		env        func(url string) map[string]string
		args       func(url string) []string
		wantTables bool
		wantDemo   bool
		wantOut    []string
	}{
		{"URL says synchronize=false", nil,
			func(u string) []string { return []string{"--database", u + "&synchronize=false"} },
			false, false, []string{"(from --database)", "the tables are checked, not created", "no demo user (--demo-user adds one)"}},
		{"exported DATABASE_URL", func(u string) map[string]string { return map[string]string{"DATABASE_URL": u} },
			func(string) []string { return nil },
			false, false, []string{"(from DATABASE_URL)", "the tables are checked, not created"}},
		{"URL says synchronize=true", nil,
			func(u string) []string { return []string{"--database", u + "&synchronize=true"} },
			true, false, []string{"missing tables, columns and indexes are created", "no demo user"}},
		{"asked for both", nil,
			func(u string) []string { return []string{"--database", u, "--synchronize", "--demo-user"} },
			true, true, []string{"missing tables, columns and indexes are created", "the demo user demo@example.com is added if absent"}},
		{"flag overrides the URL", nil,
			func(u string) []string { return []string{"--database", u + "&synchronize=true", "--synchronize=false"} },
			false, false, []string{"the tables are checked, not created"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pg := testsvc.NewPostgres(t)
			var env map[string]string
			if c.env != nil {
				env = c.env(pg.URL)
			}
			env = withSecret(env)
			var out string
			if c.wantTables {
				s := startServe(t, env, c.args(pg.URL)...)
				out = s.stdout.String()
			} else {
				r := runCmd(t, env, append([]string{"serve", "--addr", "127.0.0.1:0"}, c.args(pg.URL)...)...)
				if r.code == 0 {
					t.Fatalf("serve on an empty database without --synchronize exited 0")
				}
				if !strings.Contains(r.stderr, "--synchronize") || !strings.Contains(r.stderr, "gatehouse migrate") {
					t.Errorf("serve's error does not say how to create the tables: %s", r.stderr)
				}
				out = r.stdout
			}
			for _, w := range c.wantOut {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			var tables int
			if err := pg.DB.QueryRowContext(context.Background(),
				"SELECT count(*) FROM information_schema.tables WHERE table_schema = $1", pg.Schema).Scan(&tables); err != nil {
				t.Fatal(err)
			}
			if got := tables > 0; got != c.wantTables {
				t.Fatalf("%d tables in the schema, want tables: %v", tables, c.wantTables)
			}
			if !c.wantTables {
				return
			}
			var demos int
			if err := pg.DB.QueryRowContext(context.Background(), "SELECT count(*) FROM users WHERE email = 'demo@example.com'").Scan(&demos); err != nil {
				t.Fatal(err)
			}
			if (demos == 1) != c.wantDemo {
				t.Fatalf("%d demo users, want demo user: %v", demos, c.wantDemo)
			}
		})
	}
}

// withSecret adds AUTH_SECRET to env, so serve prints no warning.
func withSecret(env map[string]string) map[string]string {
	out := map[string]string{"AUTH_SECRET": "a-test-secret-that-is-at-least-32-bytes"}
	for k, v := range env {
		out[k] = v
	}
	return out
}
