package sqlitetest_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

// TestMigrateAddsMissingForeignKeys starts from the tables an earlier
// gatehouse made for the authjs preset, without its foreign keys, with a
// user and its session and account in them: Plan lists the two ALTER TABLE
// statements, Migrate runs them, and the keys are then those of
// @auth/pg-adapter's schema.sql (deleting the user with SQL takes the
// session and the account with it).
func TestMigrateAddsMissingForeignKeys(t *testing.T) {
	for _, backend := range []string{"postgres", "mariadb"} {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			db, typ := sharedDB(t, backend)
			old, err := schema.Preset("authjs")
			if err != nil {
				t.Fatal(err)
			}
			for _, tb := range old.Tables() {
				for i := range tb.Columns {
					tb.Columns[i].References = false
				}
			}
			d := schema.Postgres
			if backend == "mariadb" {
				d = schema.MySQL
			}
			exec(t, db, old.DDL(d)...)
			ph := func(q string) string {
				if d == schema.MySQL {
					return strings.NewReplacer("$1", "?", "$2", "?", "$3", "?", `"`, "`").Replace(q)
				}
				return q
			}
			mustExec(t, db, ph(`INSERT INTO users (email) VALUES ($1)`), "fk@example.com")
			mustExec(t, db, ph(`INSERT INTO sessions ("userId", expires, "sessionToken") VALUES (1, $1, $2)`), time.Now().Add(time.Hour).UTC(), "fk-session")
			mustExec(t, db, ph(`INSERT INTO accounts ("userId", type, provider, "providerAccountId") VALUES (1, $1, $2, $3)`), "oauth", "github", "fk-1")

			a := sqladapter.New(sqladapter.Config{Type: typ, DB: db, Preset: "authjs"})
			t.Cleanup(func() { a.Close() })
			plan, err := a.Plan(ctx)
			if err != nil {
				t.Fatal(err)
			}
			s, _ := schema.Preset("authjs")
			want := []string{
				s.AddForeignKey(d, s.Accounts, s.Accounts.Column(schema.FieldUserID)),
				s.AddForeignKey(d, s.Sessions, s.Sessions.Column(schema.FieldUserID)),
			}
			if !slices.Equal(plan, want) {
				t.Fatalf("plan:\n%s\nwant:\n%s", strings.Join(plan, "\n"), strings.Join(want, "\n"))
			}
			if err := a.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if plan, err := a.Plan(ctx); err != nil || len(plan) != 0 {
				t.Fatalf("plan after Migrate: %q %v, want none", plan, err)
			}
			mustExec(t, db, `DELETE FROM users`)
			for _, table := range []string{"sessions", "accounts"} {
				if n := count(t, db, table); n != 0 {
					t.Errorf("%d rows left in %s after deleting their user", n, table)
				}
			}
		})
	}
}
