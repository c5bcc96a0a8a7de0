package sessioncache

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// Defaults for Options.
const (
	DefaultSize = 10000
	DefaultTTL  = 5 * time.Second
)

// Options configures a Cache.
type Options struct {
	// Size is the most sessions kept; the least recently used are dropped
	// first. Must not be negative. Default: DefaultSize (10000).
	Size int
	// TTL is how long a session read from the store is served from the
	// cache; it bounds how stale a revoked session can be on other
	// instances. Must not be negative. Default: DefaultTTL (5s).
	TTL time.Duration
	// Now returns the current time, for tests. Default: time.Now.
	Now func() time.Time
}

// Cache is an adapter.Adapter that caches GetSessionAndUser of the adapter it
// wraps. Create it with New. It is safe for concurrent use.
type Cache struct {
	adapter.Adapter // the wrapped adapter: every call not overridden goes there

	size int
	ttl  time.Duration
	now  func() time.Time

	mu     sync.Mutex
	lru    *list.List               // of *entry, most recently used first
	byTok  map[string]*list.Element // session token → element
	byUser map[string]map[string]struct{}
	gen    uint64 // bumped by every invalidation; a fill started before one is dropped
}

// TxCache is a Cache over an adapter.Transactor; it is an adapter.Transactor
// too.
type TxCache struct{ *Cache }

type entry struct {
	token   string
	session *adapter.Session
	user    *adapter.User
	until   time.Time
}

var (
	_ adapter.Adapter            = (*Cache)(nil)
	_ adapter.AuthenticatorStore = (*Cache)(nil)
	_ adapter.SessionLister      = (*Cache)(nil)
	_ adapter.ExpiredCleaner     = (*Cache)(nil)
	_ adapter.Pinger             = (*Cache)(nil)
	_ adapter.Initializer        = (*Cache)(nil)
	_ adapter.Migrator           = (*Cache)(nil)
	_ adapter.Transactor         = TxCache{}
)

// New wraps next in a cache. The result is a *Cache, or a TxCache if next is
// an adapter.Transactor.
func New(next adapter.Adapter, opts Options) (adapter.Adapter, error) {
	c, err := newCache(next, opts)
	if err != nil {
		return nil, err
	}
	if _, ok := next.(adapter.Transactor); ok {
		return TxCache{c}, nil
	}
	return c, nil
}

func newCache(next adapter.Adapter, opts Options) (*Cache, error) {
	switch {
	case next == nil:
		return nil, errors.New("sessioncache: New: the adapter to wrap is nil")
	case opts.Size < 0:
		return nil, fmt.Errorf("sessioncache: New: Options.Size is negative (%d); use 0 for the default or a positive count", opts.Size)
	case opts.TTL < 0:
		return nil, fmt.Errorf("sessioncache: New: Options.TTL is negative (%v); use 0 for the default or a few seconds", opts.TTL)
	}
	c := &Cache{
		Adapter: next, size: opts.Size, ttl: opts.TTL, now: opts.Now,
		lru: list.New(), byTok: make(map[string]*list.Element), byUser: make(map[string]map[string]struct{}),
	}
	if c.size == 0 {
		c.size = DefaultSize
	}
	if c.ttl == 0 {
		c.ttl = DefaultTTL
	}
	if c.now == nil {
		c.now = time.Now
	}
	return c, nil
}

// Len reports how many sessions are cached, expired entries included.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

// GetSessionAndUser returns the session and user from the cache if it holds
// them and they are younger than Options.TTL; otherwise it asks the wrapped
// adapter and caches what it gets.
func (c *Cache) GetSessionAndUser(ctx context.Context, sessionToken string) (*adapter.Session, *adapter.User, error) {
	c.mu.Lock()
	if el, ok := c.byTok[sessionToken]; ok {
		e := el.Value.(*entry)
		if c.now().Before(e.until) {
			c.lru.MoveToFront(el)
			s, u := *e.session, e.user.Clone()
			c.mu.Unlock()
			return &s, u, nil
		}
		c.remove(el)
	}
	gen := c.gen
	c.mu.Unlock()

	s, u, err := c.Adapter.GetSessionAndUser(ctx, sessionToken)
	if err != nil {
		return nil, nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		// Something was invalidated while we read: what we read may be what
		// was just revoked, so serve it this once but do not keep it.
		return s, u, nil
	}
	if el, ok := c.byTok[sessionToken]; ok {
		c.remove(el)
	}
	cs := *s
	e := &entry{token: sessionToken, session: &cs, user: u.Clone(), until: c.now().Add(c.ttl)}
	c.byTok[sessionToken] = c.lru.PushFront(e)
	toks := c.byUser[u.ID]
	if toks == nil {
		toks = make(map[string]struct{})
		c.byUser[u.ID] = toks
	}
	toks[sessionToken] = struct{}{}
	for c.lru.Len() > c.size {
		c.remove(c.lru.Back())
	}
	return s, u, nil
}

// remove drops one entry; c.mu is held.
func (c *Cache) remove(el *list.Element) {
	e := c.lru.Remove(el).(*entry)
	delete(c.byTok, e.token)
	if toks := c.byUser[e.user.ID]; toks != nil {
		delete(toks, e.token)
		if len(toks) == 0 {
			delete(c.byUser, e.user.ID)
		}
	}
}

// invalidateSession drops the session's entry.
func (c *Cache) invalidateSession(token string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if el, ok := c.byTok[token]; ok {
		c.remove(el)
	}
}

// invalidateUser drops every entry of the user.
func (c *Cache) invalidateUser(userID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for tok := range c.byUser[userID] {
		c.remove(c.byTok[tok])
	}
}

// UpdateSession updates the session in the wrapped adapter and drops it
// from the cache.
func (c *Cache) UpdateSession(ctx context.Context, s *adapter.Session) error {
	err := c.Adapter.UpdateSession(ctx, s)
	if s != nil {
		c.invalidateSession(s.SessionToken)
	}
	return err
}

// DeleteSession deletes the session in the wrapped adapter and drops it from
// the cache.
func (c *Cache) DeleteSession(ctx context.Context, sessionToken string) error {
	err := c.Adapter.DeleteSession(ctx, sessionToken)
	c.invalidateSession(sessionToken)
	return err
}

// UpdateUser updates the user in the wrapped adapter and drops the user's
// sessions from the cache.
func (c *Cache) UpdateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	got, err := c.Adapter.UpdateUser(ctx, u)
	if u != nil {
		c.invalidateUser(u.ID)
	}
	return got, err
}

// DeleteUser deletes the user in the wrapped adapter and drops the user's
// sessions from the cache.
func (c *Cache) DeleteUser(ctx context.Context, id string) error {
	err := c.Adapter.DeleteUser(ctx, id)
	c.invalidateUser(id)
	return err
}
