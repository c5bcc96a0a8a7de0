package ratelimit

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/testutil"
)

func TestLimiter(t *testing.T) {
	c := testutil.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	l := New(Options{Limit: 3, Window: time.Minute, Now: c.Now})
	for i := 0; i < 3; i++ {
		if ok, _ := l.Allow("k"); !ok {
			t.Fatalf("refused after %d hits", i)
		}
		l.Hit("k")
	}
	ok, wait := l.Allow("k")
	if ok || wait != time.Minute {
		t.Fatalf("after 3 hits: ok=%v wait=%v, want refused for 1m", ok, wait)
	}
	if ok, _ := l.Allow("other"); !ok {
		t.Fatal("another key is limited")
	}
	c.Advance(59 * time.Second)
	if ok, wait := l.Allow("k"); ok || wait != time.Second {
		t.Fatalf("at 59s: ok=%v wait=%v", ok, wait)
	}
	c.Advance(time.Second)
	if ok, _ := l.Allow("k"); !ok {
		t.Fatal("still limited after the window")
	}
	l.Hit("k")
	l.Reset("k")
	if l.Len() != 0 {
		t.Fatalf("Len %d after Reset", l.Len())
	}
}

func TestTake(t *testing.T) {
	c := testutil.NewClock(time.Unix(0, 0))
	l := New(Options{Limit: 2, Window: time.Hour, Now: c.Now})
	got := []bool{}
	for i := 0; i < 4; i++ {
		ok, _ := l.Take("k")
		got = append(got, ok)
	}
	if fmt.Sprint(got) != "[true true false false]" {
		t.Fatalf("Take results %v", got)
	}
}

func TestRefund(t *testing.T) {
	c := testutil.NewClock(time.Unix(0, 0))
	l := New(Options{Limit: 2, Window: time.Hour, Now: c.Now})
	l.Refund("k") // no events: nothing to take back, no key made
	if l.Len() != 0 {
		t.Fatalf("Len %d after Refund of an unknown key", l.Len())
	}
	steps := []struct {
		op   string
		want bool
	}{
		{"take", true}, {"take", true}, {"take", false},
		{"refund", true}, {"take", true}, {"take", false},
		{"refund", true}, {"refund", true}, {"refund", true}, // not below zero
		{"take", true}, {"take", true}, {"take", false},
	}
	for i, s := range steps {
		if s.op == "refund" {
			l.Refund("k")
			continue
		}
		if ok, _ := l.Take("k"); ok != s.want {
			t.Fatalf("step %d: Take = %t, want %t", i, ok, s.want)
		}
	}
}

func TestBoundedMemory(t *testing.T) {
	c := testutil.NewClock(time.Unix(0, 0))
	l := New(Options{Limit: 1, Window: time.Minute, MaxKeys: 100, Now: c.Now})
	for i := 0; i < 1000; i++ {
		l.Hit(fmt.Sprint("k", i))
		if l.Len() > 100 {
			t.Fatalf("%d keys tracked, max 100", l.Len())
		}
	}
	// The newest keys are kept, the oldest forgotten.
	if ok, _ := l.Allow("k999"); ok {
		t.Error("newest key forgotten")
	}
	if ok, _ := l.Allow("k0"); !ok {
		t.Error("oldest key kept")
	}
	// Expired keys are dropped before live ones.
	c.Advance(2 * time.Minute)
	l.Hit("fresh")
	if l.Len() != 1 {
		t.Errorf("Len %d after expiry, want 1", l.Len())
	}
}

func TestConcurrent(t *testing.T) {
	l := New(Options{Limit: 50, Window: time.Hour})
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := 0
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, _ := l.Take("k"); ok {
				mu.Lock()
				allowed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if allowed != 50 {
		t.Fatalf("%d allowed, want exactly 50", allowed)
	}
}

func BenchmarkTake(b *testing.B) {
	l := New(Options{Limit: 1 << 30, Window: time.Hour})
	b.ReportAllocs()
	for b.Loop() {
		l.Take("key")
	}
}
