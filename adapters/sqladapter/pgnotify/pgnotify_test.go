package pgnotify_test

import (
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter/pgnotify"
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
		c, err := sessioncache.New(a, sessioncache.Options{TTL: time.Hour, Invalidator: inv})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(c.Stop)
		select {
		case <-c.Ready():
		case <-time.After(5 * time.Second):
			t.Fatal("no LISTEN within 5s")
		}
		caches, store = append(caches, c), a
	}
	u, err := store.CreateUser(ctx, &adapter.User{Email: "pg-inv@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	const n = 50
	var delays []time.Duration
	for i := range n {
		tok := "pginv-" + strconv.Itoa(i)
		if err := store.CreateSession(ctx, &adapter.Session{SessionToken: tok, UserID: u.ID, Expires: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		for _, c := range caches {
			if _, _, err := c.GetSessionAndUser(ctx, tok); err != nil {
				t.Fatal(err)
			}
		}
		signer, other := caches[i%2], caches[1-i%2]
		if err := signer.DeleteSession(ctx, tok); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		for {
			_, _, err := other.GetSessionAndUser(ctx, tok)
			if errors.Is(err, adapter.ErrNotFound) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if time.Since(start) > 2*time.Second {
				t.Fatalf("session %s signed out on one instance still accepted on the other after 2s (TTL 1h)", tok)
			}
			time.Sleep(100 * time.Microsecond)
		}
		delays = append(delays, time.Since(start))
	}
	slices.Sort(delays)
	t.Logf("sign-out refused on the other instance after: p50 %v, p99 %v (%d sign-outs)", delays[n/2], delays[n*99/100], n)
}

func TestNewValidates(t *testing.T) {
	if _, err := pgnotify.New(nil, "c"); err == nil {
		t.Error("nil pool: no error")
	}
}
