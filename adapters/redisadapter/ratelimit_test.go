package redisadapter

import (
	"context"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter/adaptertest"
)

func TestRateLimitStore(t *testing.T) {
	rdb, prefix := newClient(t)
	s, err := NewRateLimitStore(rdb, prefix)
	if err != nil {
		t.Fatal(err)
	}
	adaptertest.RunRateLimitStore(t, s)
	t.Run("oneRoundTrip", func(t *testing.T) {
		rt := &RoundTrips{}
		rdb.AddHook(rt)
		ctx := context.Background()
		if _, err := s.AddCount(ctx, "rt", 1, time.Minute); err != nil { // loads the script
			t.Fatal(err)
		}
		before := rt.Count()
		if _, err := s.AddCount(ctx, "rt", 1, time.Minute); err != nil {
			t.Fatal(err)
		}
		if got := rt.Count() - before; got != 1 {
			t.Fatalf("AddCount took %d round trips, want 1", got)
		}
	})
	t.Run("badPrefix", func(t *testing.T) {
		if _, err := NewRateLimitStore(rdb, "a{b"); err == nil {
			t.Fatal("a prefix with a brace was accepted")
		}
		if _, err := NewRateLimitStore(nil, ""); err == nil {
			t.Fatal("a nil client was accepted")
		}
	})
}
