package main

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/smtptest"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// backend gives a test a fresh, empty database and its URL.
type backend struct {
	name string
	url  func(t *testing.T) string
}

var backends = []backend{
	{"sqlite", func(t *testing.T) string {
		return "sqlite://" + filepath.Join(t.TempDir(), "gatehouse.db")
	}},
	{"postgres", func(t *testing.T) string { return testsvc.NewPostgres(t).URL }},
	{"mariadb", func(t *testing.T) string {
		my := testsvc.NewMySQL(t)
		u := url.URL{Scheme: "mysql", Host: my.Config.Addr, Path: "/" + my.Database}
		if my.Config.Passwd != "" {
			u.User = url.UserPassword(my.Config.User, my.Config.Passwd)
		} else {
			u.User = url.User(my.Config.User)
		}
		return u.String()
	}},
}

var statementRE = regexp.MustCompile(`(?m)^-- gatehouse migrate --dry-run: (\d+) statements`)

func TestMigrate(t *testing.T) {
	for _, b := range backends {
		for _, preset := range []string{"default", "nextauth-v3", "authjs"} {
			t.Run(b.name+"/"+preset, func(t *testing.T) {
				db := b.url(t)
				dry := runCmd(t, nil, "migrate", "--database", db, "--schema", preset, "--dry-run")
				if dry.code != 0 {
					t.Fatalf("dry run: exit %d: %s", dry.code, dry.stderr)
				}
				m := statementRE.FindStringSubmatch(dry.stdout)
				if m == nil {
					t.Fatalf("dry run printed no header:\n%s", dry.stdout)
				}
				creates := strings.Count(dry.stdout, "CREATE TABLE")
				if creates < 4 {
					t.Errorf("dry run creates %d tables, want at least 4:\n%s", creates, dry.stdout)
				}
				if n := strings.Count(dry.stdout, ";\n"); fmt.Sprint(n) != m[1] {
					t.Errorf("header says %s statements, printed %d", m[1], n)
				}
				// A dry run changes nothing: a second one prints the same.
				if again := runCmd(t, nil, "migrate", "--database", db, "--schema", preset, "--dry-run"); again.stdout != dry.stdout {
					t.Errorf("second dry run differs, so the first changed the database:\n%s", again.stdout)
				}

				apply := runCmd(t, nil, "migrate", "--database", db, "--schema", preset)
				if apply.code != 0 {
					t.Fatalf("migrate: exit %d: %s", apply.code, apply.stderr)
				}
				want := fmt.Sprintf("Migrated to the %s schema: %d tables created", preset, creates)
				if !strings.Contains(apply.stdout, want) {
					t.Errorf("migrate printed %q, want it to contain %q", apply.stdout, want)
				}

				// Idempotent: nothing left to do, and saying so.
				for _, args := range [][]string{
					{"migrate", "--database", db, "--schema", preset},
					{"migrate", "--database", db, "--schema", preset, "--dry-run"},
				} {
					r := runCmd(t, nil, args...)
					if r.code != 0 || !strings.Contains(r.stdout, "up to date with the "+preset+" schema") {
						t.Errorf("%v after migrating: exit %d, %q %q", args, r.code, r.stdout, r.stderr)
					}
				}
			})
		}
	}
}

func TestMigrateSchemaFromURL(t *testing.T) {
	db := "sqlite://" + filepath.Join(t.TempDir(), "v3.db") + "?schema=nextauth-v3"
	r := runCmd(t, nil, "migrate", "--database", db, "--dry-run")
	if r.code != 0 || !strings.Contains(r.stdout, "verification_requests") {
		t.Fatalf("exit %d; want the nextauth-v3 table verification_requests in:\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestMigrateDatabaseFromEnv(t *testing.T) {
	db := "sqlite://" + filepath.Join(t.TempDir(), "env.db")
	r := runCmd(t, map[string]string{"DATABASE_URL": db}, "migrate")
	if r.code != 0 || !strings.Contains(r.stdout, "Migrated to the default schema") {
		t.Fatalf("exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
}

func TestDatabaseErrors(t *testing.T) {
	dead := smtptest.UnusedAddr(t) // a loopback port nobody listens on
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"postgres unreachable", []string{"migrate", "--database", "postgres://postgres:hunter2@" + dead + "/app", "--dry-run"}, "cannot read the database's schema"},
		{"mysql unreachable", []string{"migrate", "--database", "mysql://root:hunter2@" + dead + "/app"}, "cannot read the database's schema"},
		{"cleanup unreachable", []string{"cleanup", "--database", "postgres://postgres:hunter2@" + dead + "/app"}, "refused"},
		{"cleanup before migrate", []string{"cleanup", "--database", "sqlite://" + filepath.Join(t.TempDir(), "empty.db")}, "gatehouse migrate"},
		{"sqlite directory missing", []string{"migrate", "--database", "sqlite:///nonexistent-dir/x/y.db"}, "sqlite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCmd(t, nil, tt.args...)
			if r.code != exitError {
				t.Fatalf("exit %d, want %d; stdout %q stderr %q", r.code, exitError, r.stdout, r.stderr)
			}
			oneLineErr(t, r, tt.want)
			if strings.Contains(r.stderr, "hunter2") {
				t.Errorf("the error shows the database password: %s", r.stderr)
			}
		})
	}
}
