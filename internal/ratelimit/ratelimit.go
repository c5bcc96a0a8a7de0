package ratelimit

import (
	"container/list"
	"sync"
	"time"
)

// Options configures a Limiter.
type Options struct {
	// Limit is how many events a key may have per Window. Default 5.
	Limit int
	// Window is how long a key's events are counted, from its first one.
	// Default 15 minutes.
	Window time.Duration
	// MaxKeys bounds memory: when this many keys are tracked, expired ones
	// are dropped and then the oldest. Default 10000.
	MaxKeys int
	// Now is the clock. Default time.Now.
	Now func() time.Time
}

// Limiter counts events per key. It is safe for concurrent use.
type Limiter struct {
	limit   int
	window  time.Duration
	maxKeys int
	now     func() time.Time

	mu    sync.Mutex
	keys  map[string]*list.Element
	order *list.List // of *entry, oldest window start first
}

type entry struct {
	key   string
	count int
	reset time.Time // when the window ends
}

// New returns a Limiter.
func New(o Options) *Limiter {
	if o.Limit <= 0 {
		o.Limit = 5
	}
	if o.Window <= 0 {
		o.Window = 15 * time.Minute
	}
	if o.MaxKeys <= 0 {
		o.MaxKeys = 10000
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Limiter{limit: o.Limit, window: o.Window, maxKeys: o.MaxKeys, now: o.Now,
		keys: map[string]*list.Element{}, order: list.New()}
}

// live returns key's entry if its window has not ended. Callers hold mu.
func (l *Limiter) live(key string, now time.Time) *entry {
	el, ok := l.keys[key]
	if !ok {
		return nil
	}
	e := el.Value.(*entry)
	if !now.Before(e.reset) {
		l.order.Remove(el)
		delete(l.keys, key)
		return nil
	}
	return e
}

// Allow reports whether key is under its limit, and if not, how long until
// its window ends. It does not count an event.
func (l *Limiter) Allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	e := l.live(key, now)
	if e == nil || e.count < l.limit {
		return true, 0
	}
	return false, e.reset.Sub(now)
}

// Hit counts one event for key.
func (l *Limiter) Hit(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.hit(key, l.now())
}

func (l *Limiter) hit(key string, now time.Time) *entry {
	if e := l.live(key, now); e != nil {
		e.count++
		return e
	}
	l.makeRoom(now)
	e := &entry{key: key, count: 1, reset: now.Add(l.window)}
	l.keys[key] = l.order.PushBack(e)
	return e
}

// Take counts one event for key and reports whether it was within the
// limit (check and count in one step, for limiting attempts rather than
// failures).
func (l *Limiter) Take(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if e := l.live(key, now); e != nil && e.count >= l.limit {
		return false, e.reset.Sub(now)
	}
	l.hit(key, now)
	return true, 0
}

// Refund takes back one event counted for key (by Take or Hit), for an
// attempt that turned out not to count. It does nothing when key has no
// events in its current window.
func (l *Limiter) Refund(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if e := l.live(key, l.now()); e != nil && e.count > 0 {
		e.count--
	}
}

// Reset forgets key's events.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if el, ok := l.keys[key]; ok {
		l.order.Remove(el)
		delete(l.keys, key)
	}
}

// Len reports how many keys are tracked.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.keys)
}

// makeRoom drops expired keys, oldest first, and then, if still full, the
// oldest key. Entries are ordered by window start, so expired ones are at
// the front. Callers hold mu.
func (l *Limiter) makeRoom(now time.Time) {
	for l.order.Len() > 0 {
		front := l.order.Front()
		e := front.Value.(*entry)
		if now.Before(e.reset) && l.order.Len() < l.maxKeys {
			return
		}
		l.order.Remove(front)
		delete(l.keys, e.key)
	}
}
