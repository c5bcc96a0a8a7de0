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
// so the capabilities the cache intercepts (transactions, bulk deletes) run
// too. The cache over Redis and over compositions is tested in redisadapter.
func TestConformance(t *testing.T) {
	cached, err := sessioncache.New(memory.New(), sessioncache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return cached },
		adaptertest.WithUserExtra("role", "admin", "editor"),
		// Over the memory adapter every capability must be found through
		// the cache.
		adaptertest.WithCapabilities(adaptertest.Authenticators, adaptertest.Transactions,
			adaptertest.SessionListing, adaptertest.UserSessions, adaptertest.ExpiredCleanup,
			adaptertest.Pinging))
}

// TestTransactionDropsEntries checks that writes made inside InTx drop
// cached entries at once (the next read reaches the store), and that a
// rolled-back transaction leaves the cached values as they were.
func TestTransactionDropsEntries(t *testing.T) {
	ctx := t.Context()
	store := testutil.NewFaulty(memory.New())
	cached, err := sessioncache.New(store.WithTx(), sessioncache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tx, ok := adapter.As[adapter.Transactor](cached)
	if !ok {
		t.Fatal("adapter.As found no Transactor through the cache")
	}
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
