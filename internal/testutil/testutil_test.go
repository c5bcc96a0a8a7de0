package testutil_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/internal/testutil"
)

func TestClock(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := testutil.NewClock(start)
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() { c.Advance(time.Second); _ = c.Now() })
	}
	wg.Wait()
	if got := c.Now().Sub(start); got != 10*time.Second {
		t.Fatalf("after 10 concurrent advances of 1s the clock moved %v", got)
	}
	c.Set(start)
	if !c.Now().Equal(start) {
		t.Fatalf("Set: %v", c.Now())
	}
}

func TestSyncBuffer(t *testing.T) {
	var b testutil.SyncBuffer
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() { fmt.Fprintf(&b, "line %d\n", i) })
	}
	wg.Wait()
	if n := strings.Count(b.String(), "\n"); n != 20 {
		t.Fatalf("%d lines, want 20", n)
	}
}

func TestFaulty(t *testing.T) {
	ctx := context.Background()
	mem := memory.New()
	u, err := mem.CreateUser(ctx, &adapter.User{Email: "a@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		method string
		call   func(a adapter.Adapter) error
	}{
		{"GetUser", func(a adapter.Adapter) error { _, err := a.GetUser(ctx, u.ID); return err }},
		{"GetSessionAndUser", func(a adapter.Adapter) error {
			_, _, err := a.GetSessionAndUser(ctx, "none")
			return err
		}},
		{"DeleteSession", func(a adapter.Adapter) error { return a.DeleteSession(ctx, "none") }},
		{"ListSessions", func(a adapter.Adapter) error {
			_, err := a.(adapter.SessionLister).ListSessions(ctx, u.ID)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			f := testutil.NewFaulty(mem)
			var hooked []string
			f.OnCall(func(m string, _ error) { hooked = append(hooked, m) })
			f.Fail(tt.method)
			if err := tt.call(f); !errors.Is(err, testutil.ErrInjected) {
				t.Fatalf("failing %s: err %v, want ErrInjected", tt.method, err)
			}
			f.Fail("")
			if err := tt.call(f); errors.Is(err, testutil.ErrInjected) {
				t.Fatalf("after Fail(\"\"): err %v", err)
			}
			if f.Count(tt.method) != 2 || f.Total() != 2 || len(hooked) != 2 || hooked[0] != tt.method {
				t.Fatalf("count %d, total %d, hook saw %v; want 2 calls of %s", f.Count(tt.method), f.Total(), hooked, tt.method)
			}
			if c := f.Take(); c[tt.method] != 2 || f.Total() != 0 {
				t.Fatalf("Take = %v, then Total %d", c, f.Total())
			}
		})
	}
}

// TestFaultyWithTx: a transaction's adapter shares the counts and the
// failures, and a failure inside rolls the transaction back.
func TestFaultyWithTx(t *testing.T) {
	ctx := context.Background()
	mem := memory.New()
	f := testutil.NewFaulty(mem)
	tx, ok := f.WithTx().(adapter.Transactor)
	if !ok {
		t.Fatal("WithTx is no adapter.Transactor")
	}
	f.Fail("LinkAccount")
	err := tx.InTx(ctx, func(a adapter.Adapter) error {
		u, err := a.CreateUser(ctx, &adapter.User{Email: "tx@example.com"})
		if err != nil {
			return err
		}
		return a.LinkAccount(ctx, &adapter.Account{UserID: u.ID, Provider: "p", ProviderAccountID: "1", Type: "oauth"})
	})
	if !errors.Is(err, testutil.ErrInjected) {
		t.Fatalf("InTx: %v", err)
	}
	if _, err := mem.GetUserByEmail(ctx, "tx@example.com"); !errors.Is(err, adapter.ErrNotFound) {
		t.Fatalf("the user of a failed transaction was kept: %v", err)
	}
	if c := f.Take(); c["CreateUser"] != 1 || c["LinkAccount"] != 1 {
		t.Fatalf("counts %v", c)
	}
	if err := testutil.NewFaulty(noTx{mem}).WithTx().(adapter.Transactor).InTx(ctx, nil); !errors.Is(err, adapter.ErrUnsupported) {
		t.Fatalf("InTx over an adapter without transactions: %v", err)
	}
}

// noTx hides the memory adapter's optional interfaces.
type noTx struct{ adapter.Adapter }

func TestAdapterMethods(t *testing.T) {
	// Every listed method is one Faulty counts under that name.
	ctx := context.Background()
	f := testutil.NewFaulty(memory.New())
	for _, m := range testutil.AdapterMethods() {
		f.Fail(m)
		var a adapter.Adapter = f
		var err error
		switch m {
		case "CreateUser":
			_, err = a.CreateUser(ctx, &adapter.User{})
		case "GetUser":
			_, err = a.GetUser(ctx, "x")
		case "GetUserByEmail":
			_, err = a.GetUserByEmail(ctx, "x")
		case "GetUserByAccount":
			_, err = a.GetUserByAccount(ctx, "p", "x")
		case "UpdateUser":
			_, err = a.UpdateUser(ctx, &adapter.User{})
		case "DeleteUser":
			err = a.DeleteUser(ctx, "x")
		case "LinkAccount":
			err = a.LinkAccount(ctx, &adapter.Account{})
		case "UpdateAccount":
			err = a.UpdateAccount(ctx, &adapter.Account{})
		case "GetAccount":
			_, err = a.GetAccount(ctx, "p", "x")
		case "ListAccounts":
			_, err = a.ListAccounts(ctx, "x")
		case "UnlinkAccount":
			err = a.UnlinkAccount(ctx, "p", "x")
		case "CreateSession":
			err = a.CreateSession(ctx, &adapter.Session{})
		case "GetSessionAndUser":
			_, _, err = a.GetSessionAndUser(ctx, "x")
		case "UpdateSession":
			err = a.UpdateSession(ctx, &adapter.Session{})
		case "DeleteSession":
			err = a.DeleteSession(ctx, "x")
		case "CreateVerificationToken":
			err = a.CreateVerificationToken(ctx, &adapter.VerificationToken{})
		case "UseVerificationToken":
			_, err = a.UseVerificationToken(ctx, "x", "y")
		default:
			t.Fatalf("AdapterMethods lists %q, which this test does not know", m)
		}
		if !errors.Is(err, testutil.ErrInjected) || f.Take()[m] != 1 {
			t.Errorf("%s: err %v, want one failed call", m, err)
		}
	}
}
