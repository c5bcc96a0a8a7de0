// Package invalidationtest measures, for the tests of each
// sessioncache.Invalidator (Redis pub/sub, PostgreSQL LISTEN/NOTIFY), how
// long a session signed out on one instance stays accepted by another.
package invalidationtest

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
)

// NewCache returns a Cache over store with inv and an hour of TTL (so that
// only the invalidation can make another instance refuse a revoked
// session within a test), stopped at cleanup, once it has subscribed.
func NewCache(t testing.TB, store adapter.Adapter, inv sessioncache.Invalidator) *sessioncache.Cache {
	t.Helper()
	c, err := sessioncache.New(store, sessioncache.Options{TTL: time.Hour, Invalidator: inv})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Stop)
	select {
	case <-c.Ready():
	case <-time.After(5 * time.Second):
		t.Fatal("the cache did not subscribe within 5s")
	}
	return c
}

// SignOutDelays makes n sessions of userID in store, reads each through
// both caches, signs it out through one (alternating) and measures how
// long the other keeps accepting it; it fails the test past 2 seconds.
// The delays come back sorted.
func SignOutDelays(ctx context.Context, t testing.TB, store adapter.Adapter, caches [2]*sessioncache.Cache, userID string, n int) []time.Duration {
	t.Helper()
	var delays []time.Duration
	for i := range n {
		tok := "inv-" + strconv.Itoa(i)
		if err := store.CreateSession(ctx, &adapter.Session{SessionToken: tok, UserID: userID, Expires: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		for _, c := range caches {
			if _, _, err := c.GetSessionAndUser(ctx, tok); err != nil {
				t.Fatalf("read %s: %v", tok, err)
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
	t.Logf("sign-out refused on the other instance after: p50 %v, p99 %v, max %v (%d sign-outs)",
		delays[n/2], delays[n*99/100], delays[n-1], n)
	return delays
}
