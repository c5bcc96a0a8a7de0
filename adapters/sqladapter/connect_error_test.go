package sqladapter

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	_ "github.com/gatehouse-go/gatehouse/internal/testsvc" // registers pgx, as an application would
)

// TestConnectErrorOnce checks that a refused PostgreSQL connection (pgx
// tries TLS and then plain TCP under the default sslmode=prefer, and
// lists both identical failures) is reported with each cause once, and
// that the driver's error is still reachable.
func TestConnectErrorOnce(t *testing.T) {
	a := New(Config{URL: "postgres://nobody@127.0.0.1:1/test"})
	err := a.Init(context.Background())
	if err == nil {
		t.Fatal("Init on a closed port succeeded")
	}
	msg := err.Error()
	if n := strings.Count(msg, "connection refused"); n != 1 {
		t.Fatalf("error names the cause %d times, want once:\n%s", n, msg)
	}
	if !strings.HasPrefix(msg, "sqladapter: connect to postgres at 127.0.0.1:1/test: ") {
		t.Fatalf("error %q does not say where", msg)
	}
	var ce *pgconn.ConnectError
	if !errors.As(err, &ce) {
		t.Fatalf("errors.As(%T, *pgconn.ConnectError) = false; the driver's error must stay reachable", err)
	}
}

func TestDedupeLines(t *testing.T) {
	cases := []struct{ in, want string }{
		{"a", "a"},
		{"head:\n\tx: refused\n\tx: refused", "head:\n\tx: refused"},
		{"head:\n\tx\n\ty\n\tx", "head:\n\tx\n\ty"},
		{"a\n\nb\n\n", "a\n\nb\n\n"},
	}
	for _, c := range cases {
		if got := dedupeLines(c.in); got != c.want {
			t.Errorf("dedupeLines(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
