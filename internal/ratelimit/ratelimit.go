package ratelimit

import (
	"container/list"
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// Memory is an adapter.RateLimitStore in this process's memory, bounded to
// MaxKeys keys. It is safe for concurrent use.
//
// When it is full it drops keys whose window has ended and, if none has,
// refuses new keys with adapter.ErrRateLimitStoreFull. It never drops a
// live key: dropping the oldest would let a flood of new keys unlock a
// locked account.
type Memory struct {
	maxKeys int
	now     func() time.Time

	mu   sync.Mutex
	keys map[string]*list.Element
	// byReset holds *entry ordered by window end when every key has the
	// same window length; with mixed lengths expired entries may sit
	// behind live ones, and sweep walks the whole list.
	byReset   *list.List
	lastSweep time.Time
}

type entry struct {
	key   string
	count int
	reset time.Time
}

// NewMemory returns an empty Memory holding at most maxKeys keys (10000
// when maxKeys <= 0). now is the clock (time.Now when nil).
func NewMemory(maxKeys int, now func() time.Time) *Memory {
	if maxKeys <= 0 {
		maxKeys = 10000
	}
	if now == nil {
		now = time.Now
	}
	return &Memory{maxKeys: maxKeys, now: now, keys: map[string]*list.Element{}, byReset: list.New()}
}

var _ adapter.RateLimitStore = (*Memory)(nil)

// AddCount implements adapter.RateLimitStore.
func (m *Memory) AddCount(_ context.Context, key string, n int, window time.Duration) (adapter.RateCount, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if el, ok := m.keys[key]; ok {
		e := el.Value.(*entry)
		if now.Before(e.reset) {
			e.count = max(e.count+n, 0)
			return adapter.RateCount{Count: e.count, Reset: e.reset}, nil
		}
		m.byReset.Remove(el)
		delete(m.keys, key)
	}
	if len(m.keys) >= m.maxKeys {
		m.sweep(now)
		if len(m.keys) >= m.maxKeys {
			return adapter.RateCount{}, fmt.Errorf("ratelimit: %d keys in memory, none expired: %w", len(m.keys), adapter.ErrRateLimitStoreFull)
		}
	}
	if n <= 0 {
		return adapter.RateCount{}, nil
	}
	e := &entry{key: key, count: n, reset: now.Add(window)}
	m.keys[key] = m.byReset.PushBack(e)
	return adapter.RateCount{Count: e.count, Reset: e.reset}, nil
}

// ResetCount implements adapter.RateLimitStore.
func (m *Memory) ResetCount(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if el, ok := m.keys[key]; ok {
		m.byReset.Remove(el)
		delete(m.keys, key)
	}
	return nil
}

// Len reports how many keys are stored (expired ones included until they
// are swept).
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.keys)
}

// sweep drops the keys whose window has ended: those at the front of the
// list, and at most once a second all of them (so that a flood of new keys
// against a full store does not walk the list on every call). Callers
// hold mu.
func (m *Memory) sweep(now time.Time) {
	for el := m.byReset.Front(); el != nil && !now.Before(el.Value.(*entry).reset); el = m.byReset.Front() {
		m.byReset.Remove(el)
		delete(m.keys, el.Value.(*entry).key)
	}
	if len(m.keys) < m.maxKeys || now.Sub(m.lastSweep) < time.Second {
		return
	}
	m.lastSweep = now
	for el := m.byReset.Front(); el != nil; {
		next := el.Next()
		if e := el.Value.(*entry); !now.Before(e.reset) {
			m.byReset.Remove(el)
			delete(m.keys, e.key)
		}
		el = next
	}
}
