package memory_test

import (
	"context"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/adaptertest"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
)

var suiteOptions = []adaptertest.Option{
	adaptertest.WithUserExtra("role", "admin", "editor"),
	adaptertest.WithUserExtra("phone", "00000000000", "+44 20 7946 0000"),
	adaptertest.WithAccountExtra(map[string]any{"refresh_expires_in": 1800, "not-before-policy": 0}),
	adaptertest.WithCapabilities(adaptertest.Authenticators, adaptertest.Transactions,
		adaptertest.SessionListing, adaptertest.UserSessions, adaptertest.ExpiredCleanup, adaptertest.Pinging),
}

// TestConformance runs the suite with a fresh adapter for every subtest.
func TestConformance(t *testing.T) {
	adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return memory.New() }, suiteOptions...)
}

// TestConformanceShared runs the suite with one adapter shared by every
// subtest, as a shared database would be.
func TestConformanceShared(t *testing.T) {
	shared := memory.New()
	adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return shared }, suiteOptions...)
}

// TestConformanceSerial runs the suite one subtest at a time, with a
// declared string limit, as an adapter on a VARCHAR(255) schema would.
func TestConformanceSerial(t *testing.T) {
	adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return memory.New() },
		adaptertest.WithoutParallel(), adaptertest.WithMaxStringLength(255))
}

// TestInTxListSessions checks that the adapter InTx passes to its function
// lists sessions, as the Adapter itself does, including those created in the
// transaction.
func TestInTxListSessions(t *testing.T) {
	ctx := context.Background()
	a := memory.New()
	err := a.InTx(ctx, func(tx adapter.Adapter) error {
		u, err := tx.CreateUser(ctx, &adapter.User{Email: "list@example.com"})
		if err != nil {
			return err
		}
		if err := tx.CreateSession(ctx, &adapter.Session{SessionToken: "t1", UserID: u.ID, Expires: time.Now().Add(time.Hour)}); err != nil {
			return err
		}
		l, ok := tx.(adapter.SessionLister)
		if !ok {
			t.Fatal("the InTx adapter is not an adapter.SessionLister")
		}
		ss, err := l.ListSessions(ctx, u.ID)
		if err != nil {
			return err
		}
		if len(ss) != 1 || ss[0].SessionToken != "t1" {
			t.Errorf("ListSessions inside InTx = %v, want the session t1", ss)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
