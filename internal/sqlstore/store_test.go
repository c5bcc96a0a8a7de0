package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
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

// openSQLite returns a Store and a Conn on a fresh in-memory SQLite
// database with the preset's tables.
func openSQLite(t *testing.T, preset string) (*Store, testConn) {
	t.Helper()
	s, err := schema.Preset(preset)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	for _, tb := range s.Tables() {
		if _, err := db.Exec(s.CreateTable(schema.SQLite, tb)); err != nil {
			t.Fatalf("%s: %v", preset, err)
		}
		for i := range tb.Indexes {
			if _, err := db.Exec(s.CreateIndex(schema.SQLite, tb, &tb.Indexes[i])); err != nil {
				t.Fatalf("%s: %v", preset, err)
			}
		}
	}
	st, err := New(Config{Name: "test", Dialect: schema.SQLite, Schema: s})
	if err != nil {
		t.Fatal(err)
	}
	return st, testConn{db: db, stmts: new(atomic.Int64)}
}

// TestStoreSQLite runs the store directly (no adapter around it) on every
// preset: a user, an account and a session round-trip, GetSessionAndUser
// is one statement, and clashes and misses are the contract's errors.
func TestStoreSQLite(t *testing.T) {
	for _, preset := range schema.PresetNames() {
		t.Run(preset, func(t *testing.T) {
			ctx := t.Context()
			st, c := openSQLite(t, preset)
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
	_, c := openSQLite(t, "default")
	ctx := t.Context()
	if _, err := c.db.ExecContext(ctx, "DROP TABLE sessions"); err != nil {
		t.Fatal(err)
	}
	var seen []string
	st, err := New(Config{Dialect: schema.SQLite, Schema: schema.Default(), Hint: "`make db`",
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
