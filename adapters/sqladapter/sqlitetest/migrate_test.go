package sqlitetest_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

// olderDefault is the Default layout as an earlier gatehouse version might
// have made it: no session_state or extra on accounts, no expires index on
// sessions and no authenticators table.
func olderDefault() *schema.Schema {
	s := schema.Default()
	s.Name = "default-v0"
	s.Accounts.Columns = slices.DeleteFunc(s.Accounts.Columns, func(c schema.Column) bool {
		return c.Field == schema.FieldSessionState || c.Field == schema.FieldExtra
	})
	s.Sessions.Indexes = s.Sessions.Indexes[:1]
	s.Authenticators = nil
	return s
}

func TestSynchronizeTwiceIsNoop(t *testing.T) {
	for _, b := range backends {
		for _, preset := range schema.PresetNames() {
			t.Run(b.name+"/"+preset, func(t *testing.T) {
				ctx := context.Background()
				db, typ := sharedDB(t, b.name)
				cfg := sqladapter.Config{Type: typ, DB: db, Preset: preset, Synchronize: true}
				a := open(t, cfg)
				u, err := a.CreateUser(ctx, &adapter.User{Email: "fill@murray.com"})
				if err != nil {
					t.Fatal(err)
				}
				if err := a.CreateSession(ctx, &adapter.Session{SessionToken: "s1", UserID: u.ID, Expires: time.Now().Add(time.Hour)}); err != nil {
					t.Fatal(err)
				}
				// A second adapter synchronizing the same database, and the
				// first one migrating again, change nothing.
				a2 := open(t, cfg)
				if err := a.Migrate(ctx); err != nil {
					t.Fatalf("second Migrate: %v", err)
				}
				for _, x := range []*sqladapter.Adapter{a, a2} {
					plan, err := x.Plan(ctx)
					if err != nil || len(plan) != 0 {
						t.Fatalf("Plan after synchronize = %q, %v; want empty", plan, err)
					}
				}
				if _, got, err := a2.GetSessionAndUser(ctx, "s1"); err != nil || got.ID != u.ID {
					t.Fatalf("row lost: %v %v", got, err)
				}
			})
		}
	}
}

func TestSynchronizeUpgradeKeepsRows(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			db, typ := sharedDB(t, b.name)
			old := open(t, sqladapter.Config{Type: typ, DB: db, Schema: olderDefault()})
			u, err := old.CreateUser(ctx, &adapter.User{Email: "old@example.com", Name: "Old"})
			if err != nil {
				t.Fatal(err)
			}
			acc := &adapter.Account{UserID: u.ID, Type: "oidc", Provider: "google", ProviderAccountID: "g1", IDToken: "idt"}
			if err := old.LinkAccount(ctx, acc); err != nil {
				t.Fatal(err)
			}
			if err := old.CreateSession(ctx, &adapter.Session{SessionToken: "s1", UserID: u.ID, Expires: time.Now().Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}

			// Without Synchronize the current layout reports what is missing.
			cur := sqladapter.New(sqladapter.Config{Type: typ, DB: db})
			err = cur.Init(ctx)
			if err == nil || !strings.Contains(err.Error(), `no table "authenticators"`) || !strings.Contains(err.Error(), "gatehouse migrate") {
				t.Fatalf("Init on the old layout: %v; want a missing authenticators table and the migrate command", err)
			}
			plan, err := cur.Plan(ctx)
			if err != nil {
				t.Fatal(err)
			}
			joined := strings.Join(plan, "\n")
			for _, want := range []string{"ADD COLUMN " + q(typ, "session_state"), "ADD COLUMN " + q(typ, "extra"),
				"CREATE TABLE IF NOT EXISTS " + q(typ, "authenticators"), q(typ, "sessions_expires_idx")} {
				if !strings.Contains(joined, want) {
					t.Errorf("plan lacks %q:\n%s", want, joined)
				}
			}
			if len(plan) != 5 { // 2 columns, 1 index, authenticators + its index
				t.Errorf("plan has %d statements, want 5:\n%s", len(plan), joined)
			}

			up := open(t, sqladapter.Config{Type: typ, DB: db, Synchronize: true})
			got, err := up.GetUserByAccount(ctx, "google", "g1")
			if err != nil || got.Name != "Old" {
				t.Fatalf("user after upgrade: %v, %v", got, err)
			}
			if _, _, err := up.GetSessionAndUser(ctx, "s1"); err != nil {
				t.Fatalf("session after upgrade: %v", err)
			}
			acc.SessionState = "st"
			acc.Extra = map[string]any{"oauth_token_secret": "x"}
			if err := up.UpdateAccount(ctx, acc); err != nil {
				t.Fatal(err)
			}
			ga, err := up.GetAccount(ctx, "google", "g1")
			if err != nil || ga.IDToken != "idt" || ga.SessionState != "st" || ga.Extra["oauth_token_secret"] != "x" {
				t.Fatalf("account after upgrade: %+v, %v", ga, err)
			}
			if err := up.CreateAuthenticator(ctx, &adapter.Authenticator{CredentialID: "c1", UserID: u.ID, ProviderAccountID: "p", CredentialPublicKey: "k", CredentialDeviceType: "singleDevice"}); err != nil {
				t.Fatalf("new table: %v", err)
			}
			if plan, err := up.Plan(ctx); err != nil || len(plan) != 0 {
				t.Fatalf("plan after upgrade: %q %v", plan, err)
			}
		})
	}
}

func q(typ, name string) string {
	if typ == "mariadb" || typ == "mysql" {
		return "`" + name + "`"
	}
	return `"` + name + `"`
}

func TestInitReportsMissingColumn(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			db, typ := sharedDB(t, b.name)
			open(t, sqladapter.Config{Type: typ, DB: db})
			exec(t, db, "ALTER TABLE "+q(typ, "sessions")+" DROP COLUMN "+q(typ, "updated_at"))
			err := sqladapter.New(sqladapter.Config{Type: typ, DB: db}).Init(ctx)
			if err == nil || !strings.Contains(err.Error(), `table "sessions" has no column "updated_at"`) || !strings.Contains(err.Error(), "gatehouse migrate") {
				t.Fatalf("Init: %v; want the missing column and the migrate command", err)
			}
			// Migrate before Init repairs it.
			a := sqladapter.New(sqladapter.Config{Type: typ, DB: db})
			if err := a.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if err := a.Init(ctx); err != nil {
				t.Fatalf("Init after Migrate: %v", err)
			}
		})
	}
}

func TestEmptyDatabaseWithoutSynchronize(t *testing.T) {
	ctx := context.Background()
	a := sqladapter.New(sqladapter.Config{URL: "sqlite::memory:"})
	defer a.Close()
	_, err := a.GetUser(ctx, "1")
	if err == nil || !strings.Contains(err.Error(), `no table "users"`) || !strings.Contains(err.Error(), "gatehouse migrate --database 'sqlite::memory:'") {
		t.Fatalf("GetUser on an empty database: %v", err)
	}
	if errors.Is(err, adapter.ErrNotFound) {
		t.Fatal("a missing table must not look like a missing row")
	}
	plan, err := a.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(schema.Default().DDL(schema.SQLite)); len(plan) != want {
		t.Fatalf("plan has %d statements, want the %d of the full DDL", len(plan), want)
	}
	if err := a.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.GetUser(ctx, "1"); !errors.Is(err, adapter.ErrNotFound) {
		t.Fatalf("after Migrate: %v, want ErrNotFound", err)
	}
}
