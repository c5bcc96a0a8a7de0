package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/adaptertest"
	"github.com/gatehouse-go/gatehouse/internal/testutil"
)

func TestMemoryConformance(t *testing.T) {
	adaptertest.RunRateLimitStore(t, NewMemory(1000, nil))
}

// TestMemoryFullNeverUnlocks: a full store refuses new keys (also reads of
// them) instead of dropping live ones, so that a flood of new names cannot
// evict, and so unlock, a locked one; keys whose window ended make room.
func TestMemoryFullNeverUnlocks(t *testing.T) {
	ctx := context.Background()
	c := testutil.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	m := NewMemory(3, c.Now)
	if _, err := m.AddCount(ctx, "locked", 5, time.Hour); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if _, err := m.AddCount(ctx, fmt.Sprint("k", i), 1, time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		n    int
	}{{"add", 1}, {"read", 0}}
	for _, tt := range tests {
		if _, err := m.AddCount(ctx, "new-"+tt.name, tt.n, time.Minute); !errors.Is(err, adapter.ErrRateLimitStoreFull) {
			t.Fatalf("%s of a new key in a full store: %v, want ErrRateLimitStoreFull", tt.name, err)
		}
	}
	if got, err := m.AddCount(ctx, "locked", 0, time.Hour); err != nil || got.Count != 5 {
		t.Fatalf("locked key after the flood: %+v, %v; want count 5", got, err)
	}
	if got, err := m.AddCount(ctx, "k0", 1, time.Minute); err != nil || got.Count != 2 {
		t.Fatalf("existing key in a full store: %+v, %v", got, err)
	}
	c.Advance(2 * time.Minute) // k0 and k1 expire; the locked key does not
	if _, err := m.AddCount(ctx, "new", 1, time.Minute); err != nil {
		t.Fatalf("after keys expired: %v", err)
	}
	if got, _ := m.AddCount(ctx, "locked", 0, time.Hour); got.Count != 5 {
		t.Fatalf("locked key after the sweep: %+v", got)
	}
	if m.Len() != 2 {
		t.Fatalf("Len %d, want 2 (locked, new)", m.Len())
	}
}

func BenchmarkAddCount(b *testing.B) {
	m := NewMemory(100000, nil)
	ctx := context.Background()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			i++
			_, _ = m.AddCount(ctx, fmt.Sprint("k", i%1000), 1, time.Minute)
		}
	})
}
