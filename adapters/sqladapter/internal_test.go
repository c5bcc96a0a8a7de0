package sqladapter

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
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

func TestNullTimeScan(t *testing.T) {
	want := time.Date(2021, 4, 25, 10, 11, 12, 345_000_000, time.UTC)
	berlin := time.FixedZone("CEST", 2*3600)
	tests := []struct {
		name string
		in   any
		want time.Time
	}{
		{"typeorm text", "2021-04-25 10:11:12.345", want},
		{"iso text", "2021-04-25T10:11:12.345Z", want},
		{"iso bytes", []byte("2021-04-25T10:11:12.345Z"), want},
		{"offset text", "2021-04-25T12:11:12.345+02:00", want},
		{"mysql text", "2021-04-25 10:11:12.345000", want},
		{"sqlite CURRENT_TIMESTAMP", "2021-04-25 10:11:12", want.Truncate(time.Second)},
		{"unix ms", int64(want.UnixMilli()), want},
		{"unix ms text", fmt.Sprint(want.UnixMilli()), want},
		{"time UTC", want, want},
		{"wall clock in another zone", time.Date(2021, 4, 25, 10, 11, 12, 345_000_000, berlin), want.Add(-2 * time.Hour)},
	}
	for _, tt := range tests {
		var n nullTime
		if err := n.Scan(tt.in); err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !n.Valid || !n.Time.Equal(tt.want) || n.Time.Location() != time.UTC {
			t.Errorf("%s: got %v (valid %v), want %v", tt.name, n.Time, n.Valid, tt.want)
		}
	}
	var n nullTime
	if err := n.Scan(nil); err != nil || n.Valid {
		t.Errorf("nil: %v %v", n, err)
	}
	if err := n.Scan("yesterday"); err == nil || !strings.Contains(err.Error(), `"yesterday"`) {
		t.Errorf("bad text: %v", err)
	}
}

// TestInTxPanicReleasesConnection checks that a panic inside the internal
// transaction helper rolls the transaction back: on a one-connection pool
// (SQLite :memory:) a leaked transaction would block every later call.
func TestInTxPanicReleasesConnection(t *testing.T) {
	ctx := t.Context()
	a, err := Open(ctx, Config{Type: "sqlite", Database: ":memory:", Synchronize: true})
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
		_ = a.inTx(ctx, st, func(ex execer) error { panic("deliberate") })
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
