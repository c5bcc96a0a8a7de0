package adaptertest

import (
	"context"
	"crypto/rand"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// RunRateLimitStore checks an adapter.RateLimitStore against the contract
// in its doc comment: reads of absent keys store nothing, counts add up
// and never go below zero, windows end, ResetCount deletes, and 50
// concurrent AddCount calls on one key each see a different count (the
// step is atomic). It uses real time (windows of a few hundred
// milliseconds) and random keys, so it can run against a shared store.
func RunRateLimitStore(t *testing.T, store adapter.RateLimitStore) {
	t.Helper()
	ctx := context.Background()
	key := func() string { return "t:" + rand.Text()[:20] }
	add := func(t *testing.T, k string, n int, w time.Duration) adapter.RateCount {
		t.Helper()
		c, err := store.AddCount(ctx, k, n, w)
		if err != nil {
			t.Fatalf("AddCount(%q, %d): %v", k, n, err)
		}
		return c
	}
	t.Run("count", func(t *testing.T) {
		t.Parallel()
		k := key()
		if c := add(t, k, 0, time.Hour); c != (adapter.RateCount{}) {
			t.Fatalf("reading an absent key: %+v, want zero", c)
		}
		before := time.Now()
		c := add(t, k, 1, time.Hour)
		if c.Count != 1 || c.Reset.Before(before.Add(time.Hour-time.Second)) || c.Reset.After(time.Now().Add(time.Hour+time.Second)) {
			t.Fatalf("first AddCount: %+v, want count 1 and the window ending in 1h", c)
		}
		if c2 := add(t, k, 2, time.Minute); c2.Count != 3 || c2.Reset.Sub(c.Reset).Abs() > time.Second {
			t.Fatalf("second AddCount: %+v, want count 3 and the first window's end %v (within 1s: a store may report its TTL)", c2, c.Reset)
		}
		if c2 := add(t, k, 0, time.Hour); c2.Count != 3 {
			t.Fatalf("read: %+v, want 3", c2)
		}
		if c2 := add(t, k, -5, time.Hour); c2.Count != 0 {
			t.Fatalf("after -5: %+v, want 0 (never below zero)", c2)
		}
		if c2 := add(t, k, 1, time.Hour); c2.Count != 1 {
			t.Fatalf("after -5 and +1: %+v, want 1", c2)
		}
		if c2 := add(t, key(), 0, time.Hour); c2.Count != 0 {
			t.Fatalf("another key: %+v, want 0", c2)
		}
	})
	t.Run("negativeOnAbsent", func(t *testing.T) {
		t.Parallel()
		k := key()
		if c := add(t, k, -1, time.Hour); c.Count != 0 {
			t.Fatalf("-1 on an absent key: %+v", c)
		}
		if c := add(t, k, 1, time.Hour); c.Count != 1 {
			t.Fatalf("+1 after -1 on an absent key: %+v, want 1", c)
		}
	})
	t.Run("reset", func(t *testing.T) {
		t.Parallel()
		k := key()
		add(t, k, 4, time.Hour)
		if err := store.ResetCount(ctx, k); err != nil {
			t.Fatal(err)
		}
		if c := add(t, k, 0, time.Hour); c.Count != 0 {
			t.Fatalf("after ResetCount: %+v", c)
		}
		if err := store.ResetCount(ctx, key()); err != nil {
			t.Fatalf("ResetCount of an absent key: %v", err)
		}
	})
	t.Run("window", func(t *testing.T) {
		t.Parallel()
		k := key()
		add(t, k, 3, 300*time.Millisecond)
		time.Sleep(400 * time.Millisecond)
		if c := add(t, k, 0, time.Hour); c.Count != 0 {
			t.Fatalf("after the window: %+v, want 0", c)
		}
		before := time.Now()
		if c := add(t, k, 1, time.Hour); c.Count != 1 || c.Reset.Before(before.Add(time.Hour-time.Second)) {
			t.Fatalf("first AddCount of a new window: %+v, want 1 and a new 1h window", c)
		}
	})
	t.Run("atomic", func(t *testing.T) {
		t.Parallel()
		k := key()
		const n = 50
		seen := make([]bool, n+1)
		var mu sync.Mutex
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for range n {
			wg.Go(func() {
				c, err := store.AddCount(ctx, k, 1, time.Hour)
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				defer mu.Unlock()
				if c.Count < 1 || c.Count > n || seen[c.Count] {
					errs <- fmt.Errorf("count %d returned twice or out of range", c.Count)
					return
				}
				seen[c.Count] = true
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if c := add(t, k, 0, time.Hour); c.Count != n {
			t.Fatalf("after %d concurrent AddCount: %d", n, c.Count)
		}
	})
}
