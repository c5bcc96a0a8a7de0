package sqlstore

import (
	"sync"
	"sync/atomic"
)

// Lazy holds what an adapter sets up on first use (its Init): the
// connection, the checked schema, the Store. Get builds it once and keeps
// it; a build that fails is tried again by the next Get. The zero value is
// empty and ready to use.
type Lazy[T any] struct{ p atomic.Pointer[T] }

// Get returns the value, building it first with build, under mu, if there
// is none yet. mu is the adapter's lock for its schema work (Init, Migrate),
// so that a build never runs at the same time as those.
func (l *Lazy[T]) Get(mu *sync.Mutex, build func() (*T, error)) (*T, error) {
	if v := l.p.Load(); v != nil {
		return v, nil
	}
	mu.Lock()
	defer mu.Unlock()
	if v := l.p.Load(); v != nil {
		return v, nil
	}
	v, err := build()
	if err != nil {
		return nil, err
	}
	l.p.Store(v)
	return v, nil
}

// Load returns the value, or nil if it has not been built.
func (l *Lazy[T]) Load() *T { return l.p.Load() }

// Store replaces the value (after a Migrate changed what it holds).
func (l *Lazy[T]) Store(v *T) { l.p.Store(v) }
