package sqladapter

import (
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/internal/sqlstore"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

func TestDriverError(t *testing.T) {
	tests := []struct {
		name, want string
	}{
		{"pgx", `sqladapter: no driver "pgx" registered: add import _ "github.com/jackc/pgx/v5/stdlib"`},
		{"sqlite", `sqladapter: no driver "sqlite" registered: add import _ "modernc.org/sqlite"`},
		{"mysql", `sqladapter: no driver "mysql" registered: add import _ "github.com/go-sql-driver/mysql"`},
		{"odbc", `sqladapter: no driver "odbc" registered: import the package that registers it (registered: [other])`},
	}
	for _, tt := range tests {
		err := driverError(tt.name, []string{"other"})
		if err == nil || err.Error() != tt.want {
			t.Errorf("driverError(%q) = %v, want %s", tt.name, err, tt.want)
		}
	}
	if err := driverError("pgx", []string{"mysql", "pgx"}); err != nil {
		t.Errorf("registered driver: %v", err)
	}
}

func TestRebind(t *testing.T) {
	tests := []struct{ in, pg string }{
		{"SELECT 1 WHERE a = ? AND b = ?", "SELECT 1 WHERE a = $1 AND b = $2"},
		{`SELECT "odd?name" FROM t WHERE x = ?`, `SELECT "odd?name" FROM t WHERE x = $1`},
		{`SELECT '?' WHERE "a""?" = ?`, `SELECT '?' WHERE "a""?" = $1`},
	}
	for _, tt := range tests {
		if got := rebind(schema.Postgres, tt.in); got != tt.pg {
			t.Errorf("rebind(%q) = %q, want %q", tt.in, got, tt.pg)
		}
		if got := rebind(schema.MySQL, tt.in); got != tt.in {
			t.Errorf("rebind MySQL changed %q", tt.in)
		}
	}
}

// TestInTxPanicReleasesConnection checks that a panic inside the internal
// transaction helper rolls the transaction back: on a one-connection pool
// a leaked transaction would block every later call.
func TestInTxPanicReleasesConnection(t *testing.T) {
	ctx := t.Context()
	db := testsvc.NewPostgres(t).DB
	db.SetMaxOpenConns(1)
	a, err := Open(ctx, Config{Type: "postgres", DB: db, Synchronize: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	st, err := a.ready(ctx)
	if err != nil {
		t.Fatal(err)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the panic inside inTx did not reach the caller")
			}
		}()
		_ = conn{st: st}.InTx(ctx, func(sqlstore.Executor) error { panic("deliberate") })
	}()
	done := make(chan error, 1)
	go func() {
		_, err := a.CreateUser(ctx, &adapter.User{Email: "after-panic@example.com"})
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("CreateUser after a panic in inTx: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("CreateUser after a panic in inTx blocked: the transaction's connection was never released")
	}
}
