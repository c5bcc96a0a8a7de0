package sessioncache_test

import (
	"errors"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/adaptertest"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
	"github.com/gatehouse-go/gatehouse/internal/testutil"
)

// TestConformance runs the suite through the cache over the memory adapter,
// which is a Transactor, so the TxCache path (InTx with invalidation) runs
// too. The cache over Redis and over compositions is tested in redisadapter.
func TestConformance(t *testing.T) {
	cached, err := sessioncache.New(memory.New(), sessioncache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := cached.(adapter.Transactor); !ok {
		t.Fatalf("sessioncache.New over a Transactor returned %T, not a Transactor", cached)
	}
	adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return cached },
		adaptertest.WithUserExtra("role", "admin", "editor"),
		// Over the memory adapter the cache must pass every capability on.
		adaptertest.WithCapabilities(adaptertest.Authenticators, adaptertest.Transactions,
			adaptertest.SessionListing, adaptertest.ExpiredCleanup, adaptertest.Pinging))
}

// TestTxCacheInvalidates checks that writes made inside InTx drop cached
// entries, and that a rolled-back transaction leaves the store unchanged.
func TestTxCacheInvalidates(t *testing.T) {
	store := testutil.NewFaulty(memory.New())
	cached, err := sessioncache.New(store.WithTx(), sessioncache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tx := cached.(adapter.Transactor)
	u := seed(t, cached, 2)
	for _, tok := range []string{"tok0", "tok1"} {
		if _, _, err := read(t, cached, tok); err != nil {
			t.Fatal(err)
		}
	}
	// A rolled-back rename: the cache must not keep a name that never was.
	rollback := errors.New("roll back")
	err = tx.InTx(ctx, func(a adapter.Adapter) error {
		if _, err := a.UpdateUser(ctx, &adapter.User{ID: u.ID, Name: "Ghost", Email: u.Email}); err != nil {
			return err
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatalf("InTx = %v", err)
	}
	if _, got, err := read(t, cached, "tok1"); err != nil || got.Name != "Ada" {
		t.Fatalf("after a rolled-back rename: %v, %v", got, err)
	}
	before := reads(store)
	must(t, tx.InTx(ctx, func(a adapter.Adapter) error { return a.DeleteSession(ctx, "tok0") }))
	if err := wantNotFound(func() error { _, _, err := read(t, cached, "tok0"); return err }()); err != nil {
		t.Fatalf("a session deleted in InTx: %v", err)
	}
	if reads(store) != before+1 {
		t.Fatal("the session deleted in InTx was served from the cache")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
