package pgnotify_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter/pgnotify"
	"github.com/gatehouse-go/gatehouse/internal/invalidationtest"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// TestAcrossInstances: two instances, each with its own pool and Cache
// over one PostgreSQL schema; a sign-out on one is refused by the other.
func TestAcrossInstances(t *testing.T) {
	ctx := t.Context()
	pg := testsvc.NewPostgres(t)
	channel := testsvc.Name("gh_inv_")
	var caches []*sessioncache.Cache
	var store adapter.Adapter
	for range 2 {
		a, err := sqladapter.Open(ctx, sqladapter.Config{URL: pg.URL, Synchronize: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		db, err := a.DB(ctx)
		if err != nil {
			t.Fatal(err)
		}
		inv, err := pgnotify.New(db, channel)
		if err != nil {
			t.Fatal(err)
		}
		c := invalidationtest.NewCache(t, a, inv)
		caches, store = append(caches, c), a
	}
	u, err := store.CreateUser(ctx, &adapter.User{Email: "pg-inv@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	invalidationtest.SignOutDelays(ctx, t, store, [2]*sessioncache.Cache{caches[0], caches[1]}, u.ID, 50)
}

func TestNewValidates(t *testing.T) {
	if _, err := pgnotify.New(nil, "c"); err == nil {
		t.Error("nil pool: no error")
	}
}
