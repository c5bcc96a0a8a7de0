package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// testConn is a Conn over a *sql.DB that counts the statements it runs.
type testConn struct {
	db    *sql.DB
	tx    *sql.Tx
	stmts *atomic.Int64
}

func (c testConn) ex() Executor {
	if c.tx != nil {
		return c.tx
	}
	return c.db
}

func (c testConn) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	c.stmts.Add(1)
	return c.ex().ExecContext(ctx, q, args...)
}

func (c testConn) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	c.stmts.Add(1)
	return c.ex().QueryContext(ctx, q, args...)
}

func (c testConn) InTx(ctx context.Context, fn func(Executor) error) error {
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(testConn{db: c.db, tx: tx, stmts: c.stmts}); err != nil {
		return err
	}
	return tx.Commit()
}

// openMariaDB returns a Store and a Conn on a fresh MariaDB database
// (internal/testsvc) with the preset's tables. MariaDB takes the "?"
// placeholders the store writes as they are, so no Rebind is needed.
func openMariaDB(t *testing.T, preset string) (*Store, testConn) {
	t.Helper()
	s, err := schema.Preset(preset)
	if err != nil {
		t.Fatal(err)
	}
	db := testsvc.NewMySQL(t).DB
	for _, tb := range s.Tables() {
		if _, err := db.Exec(s.CreateTable(schema.MySQL, tb)); err != nil {
			t.Fatalf("%s: %v", preset, err)
		}
		for i := range tb.Indexes {
			if _, err := db.Exec(s.CreateIndex(schema.MySQL, tb, &tb.Indexes[i])); err != nil {
				t.Fatalf("%s: %v", preset, err)
			}
		}
	}
	st, err := New(Config{Name: "test", Dialect: schema.MySQL, Schema: s})
	if err != nil {
		t.Fatal(err)
	}
	return st, testConn{db: db, stmts: new(atomic.Int64)}
}

// TestStore runs the store directly (no adapter around it) on every
// preset: a user, an account and a session round-trip, GetSessionAndUser
// is one statement, and clashes and misses are the contract's errors.
func TestStore(t *testing.T) {
	for _, preset := range schema.PresetNames() {
		t.Run(preset, func(t *testing.T) {
			ctx := t.Context()
			st, c := openMariaDB(t, preset)
			u, err := st.CreateUser(ctx, c, &adapter.User{Name: "O'Brien", Email: "ob@example.com"})
			if err != nil {
				t.Fatal(err)
			}
			if u.ID == "" || u.Name != "O'Brien" || u.Email != "ob@example.com" {
				t.Fatalf("created %+v", u)
			}
			if _, err := st.CreateUser(ctx, c, &adapter.User{Email: "ob@example.com"}); !errors.Is(err, adapter.ErrConflict) {
				t.Errorf("second user with the same email: %v, want ErrConflict", err)
			}
			if err := st.LinkAccount(ctx, c, &adapter.Account{UserID: u.ID, Type: "oauth", Provider: "github", ProviderAccountID: "42"}); err != nil {
				t.Fatal(err)
			}
			if got, err := st.GetUserByAccount(ctx, c, "github", "42"); err != nil || got.ID != u.ID {
				t.Errorf("GetUserByAccount = %+v, %v", got, err)
			}
			exp := time.Now().Add(time.Hour).UTC().Truncate(time.Millisecond)
			if err := st.CreateSession(ctx, c, &adapter.Session{SessionToken: "tok", UserID: u.ID, Expires: exp}); err != nil {
				t.Fatal(err)
			}
			before := c.stmts.Load()
			s, su, err := st.GetSessionAndUser(ctx, c, "tok")
			if err != nil {
				t.Fatal(err)
			}
			if n := c.stmts.Load() - before; n != 1 {
				t.Errorf("GetSessionAndUser ran %d statements, want 1", n)
			}
			if !s.Expires.Equal(exp) || su.ID != u.ID {
				t.Errorf("GetSessionAndUser = %+v %+v", s, su)
			}
			if err := st.DeleteUser(ctx, c, u.ID); err != nil {
				t.Fatal(err)
			}
			if _, _, err := st.GetSessionAndUser(ctx, c, "tok"); !errors.Is(err, adapter.ErrNotFound) {
				t.Errorf("session after DeleteUser: %v, want ErrNotFound", err)
			}
			if err := st.DeleteSession(ctx, c, "tok"); !errors.Is(err, adapter.ErrNotFound) || !strings.HasPrefix(err.Error(), "test: ") {
				t.Errorf("DeleteSession of a missing session: %v, want ErrNotFound prefixed with the Config.Name", err)
			}
		})
	}
}

// TestRebindAndHint checks that Config.Rebind is applied to every
// statement and that a missing table names Config.Hint.
func TestRebindAndHint(t *testing.T) {
	_, c := openMariaDB(t, "default")
	ctx := t.Context()
	if _, err := c.db.ExecContext(ctx, "DROP TABLE sessions"); err != nil {
		t.Fatal(err)
	}
	var seen []string
	st, err := New(Config{Dialect: schema.MySQL, Schema: schema.Default(), Hint: "`make db`",
		Rebind: func(q string) string { seen = append(seen, q); return q }})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) < 20 {
		t.Errorf("Rebind saw %d statements, want every one (20 or more)", len(seen))
	}
	for _, q := range seen {
		if !strings.Contains(q, "?") && !strings.HasPrefix(q, "INSERT") {
			t.Errorf("statement without placeholders rebound: %s", q)
		}
	}
	_, _, err = st.GetSessionAndUser(ctx, c, "x")
	if err == nil || !strings.Contains(err.Error(), "`make db`") || !strings.HasPrefix(err.Error(), "sqlstore: ") {
		t.Errorf("missing table: %v, want the hint and the default name", err)
	}
}

func TestNewRejectsIncompleteSchema(t *testing.T) {
	s := schema.Default()
	s.Sessions = nil
	for _, s := range []*schema.Schema{nil, s} {
		if _, err := New(Config{Dialect: schema.SQLite, Schema: s}); err == nil {
			t.Error("New accepted a schema without its required tables")
		}
	}
}

// TestUserIDArg checks which ids can exist in integer-id tables.
func TestUserIDArg(t *testing.T) {
	tests := []struct {
		d    schema.Dialect
		id   string
		want bool
	}{
		{schema.Postgres, "1", true},
		{schema.Postgres, "2147483648", false}, // SERIAL is 32 bits
		{schema.SQLite, "2147483648", true},
		{schema.MySQL, "-2147483649", false},
		{schema.Postgres, "abc", false},
	}
	for _, tt := range tests {
		st, err := New(Config{Dialect: tt.d, Schema: schema.NextAuthV3()})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := st.userIDArg(tt.id); ok != tt.want {
			t.Errorf("%s: userIDArg(%q) ok = %v, want %v", tt.d, tt.id, ok, tt.want)
		}
	}
}

// TestMissingUserStoresNothing checks, on every preset (with and without
// foreign keys to users), that LinkAccount, CreateSession and
// CreateAuthenticator for a user that does not exist (deleted, or never
// created) return ErrNotFound in one statement and store no row.
func TestMissingUserStoresNothing(t *testing.T) {
	for _, preset := range schema.PresetNames() {
		t.Run(preset, func(t *testing.T) {
			ctx := t.Context()
			st, c := openMariaDB(t, preset)
			u, err := st.CreateUser(ctx, c, &adapter.User{Email: "gone@example.com"})
			if err != nil {
				t.Fatal(err)
			}
			if err := st.DeleteUser(ctx, c, u.ID); err != nil {
				t.Fatal(err)
			}
			missing := []string{u.ID}
			if st.s.Users.ID != schema.IDSerial {
				missing = append(missing, adapter.NewID())
			}
			exp := time.Now().Add(time.Hour)
			for _, id := range missing {
				calls := []struct {
					name string
					tbl  table
					call func() error
				}{
					{"LinkAccount", st.q.a, func() error {
						return st.LinkAccount(ctx, c, &adapter.Account{UserID: id, Type: "oauth", Provider: "github", ProviderAccountID: "p" + id})
					}},
					{"CreateSession", st.q.s, func() error {
						return st.CreateSession(ctx, c, &adapter.Session{SessionToken: "t" + id, UserID: id, Expires: exp})
					}},
				}
				if st.HasAuthenticators() {
					calls = append(calls, struct {
						name string
						tbl  table
						call func() error
					}{"CreateAuthenticator", st.q.au, func() error {
						return st.CreateAuthenticator(ctx, c, &adapter.Authenticator{CredentialID: "c" + id, UserID: id,
							ProviderAccountID: "pa", CredentialPublicKey: "pk", CredentialDeviceType: "singleDevice"})
					}})
				}
				for _, tc := range calls {
					before := c.stmts.Load()
					err := tc.call()
					if !errors.Is(err, adapter.ErrNotFound) || !strings.Contains(err.Error(), "user does not exist") {
						t.Errorf("%s for missing user %q: %v, want ErrNotFound saying the user does not exist", tc.name, id, err)
					}
					if n := c.stmts.Load() - before; n != 1 {
						t.Errorf("%s ran %d statements, want 1", tc.name, n)
					}
					var rows int
					if err := c.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+tc.tbl.name).Scan(&rows); err != nil {
						t.Fatal(err)
					}
					if rows != 0 {
						t.Errorf("%s for missing user %q stored %d rows, want none", tc.name, id, rows)
					}
				}
			}
		})
	}
}

// TestUserCheckedInsertSQL checks the shape of the user-checked inserts on
// each dialect: MySQL needs FROM DUAL before WHERE and reads the id from
// LastInsertId, the others return a serial id with RETURNING.
func TestUserCheckedInsertSQL(t *testing.T) {
	tests := []struct {
		d         schema.Dialect
		preset    string
		contains  []string
		forbidden []string
	}{
		{schema.SQLite, "authjs", []string{`INSERT INTO "sessions"`, `SELECT ?, ?`, `WHERE EXISTS (SELECT 1 FROM "users" WHERE "id" = ?)`}, []string{"VALUES", "DUAL"}},
		{schema.Postgres, "nextauth-v3", []string{`WHERE EXISTS (SELECT 1 FROM "users" WHERE "id" = ?) RETURNING "id"`}, []string{"VALUES", "DUAL"}},
		{schema.MySQL, "nextauth-v3", []string{"FROM DUAL WHERE EXISTS (SELECT 1 FROM `users` WHERE `id` = ?)"}, []string{"VALUES", "RETURNING"}},
	}
	for _, tt := range tests {
		s, err := schema.Preset(tt.preset)
		if err != nil {
			t.Fatal(err)
		}
		st, err := New(Config{Dialect: tt.d, Schema: s})
		if err != nil {
			t.Fatal(err)
		}
		q := st.q.insertSession
		for _, want := range tt.contains {
			if !strings.Contains(q, want) {
				t.Errorf("%s %s: %s lacks %s", tt.d, tt.preset, q, want)
			}
		}
		for _, bad := range tt.forbidden {
			if strings.Contains(q, bad) {
				t.Errorf("%s %s: %s has %s", tt.d, tt.preset, q, bad)
			}
		}
		want := len(st.q.s.ins) + 1 // the columns and the user id
		if st.q.s.t.ID == schema.IDText {
			want++
		}
		if got := strings.Count(q, "?"); got != want {
			t.Errorf("%s %s: %d placeholders in %s, want %d", tt.d, tt.preset, got, q, want)
		}
		if strings.Contains(st.q.insertToken, "EXISTS") || strings.Contains(st.q.insertUser, "EXISTS") {
			t.Errorf("%s %s: users or verification tokens insert checks a user", tt.d, tt.preset)
		}
	}
}
