package sessioncache

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
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
	// Invalidator, when set, tells the Caches of other instances about
	// every invalidation this one makes, and applies theirs here, so that a
	// sign-out or user change on one instance is refused by all within the
	// channel's delay instead of the TTL (see the package documentation for
	// what holds when the channel drops). Call Stop to stop listening.
	// Default: nil (other instances wait for the TTL).
	Invalidator Invalidator
	// Logger receives a line when the invalidation channel fails. Default:
	// discard.
	Logger *slog.Logger
}

// Cache is an adapter.Adapter that caches GetSessionAndUser of the adapter it
// wraps. Create it with New. It is safe for concurrent use.
//
// Every other call goes to the wrapped adapter; UpdateSession,
// DeleteSession, UpdateUser and DeleteUser also drop the entries they
// affect. Cache is a wrapper (see package adapter): Unwrap returns the
// wrapped adapter, so adapter.As finds its optional capabilities through the
// Cache, and the Cache's As method intercepts those that write sessions or
// users besides these four methods: adapter.Transactor,
// adapter.UserSessionsDeleter and adapter.ExpiredCleaner.
type Cache struct {
	writes // the wrapped adapter, with writes that drop entries of this Cache

	size int
	ttl  time.Duration
	now  func() time.Time

	mu     sync.Mutex
	lru    *list.List               // of *entry, most recently used first
	byTok  map[string]*list.Element // session token → element
	byUser map[string]map[string]struct{}
	gen    uint64            // bumped by every invalidation; a fill started before one is dropped
	byHash map[string]string // tokenHash(token) → token, for remote invalidations

	inv       Invalidator
	log       *slog.Logger
	ready     chan struct{}
	readyOnce sync.Once
	stop      context.CancelFunc
	done      chan struct{}
}

type entry struct {
	token   string
	session *adapter.Session
	user    *adapter.User
	until   time.Time
}

var _ adapter.Adapter = (*Cache)(nil)

// New wraps next in a cache.
func New(next adapter.Adapter, opts Options) (*Cache, error) {
	switch {
	case next == nil:
		return nil, errors.New("sessioncache: New: the adapter to wrap is nil")
	case opts.Size < 0:
		return nil, fmt.Errorf("sessioncache: New: Options.Size is negative (%d); use 0 for the default or a positive count", opts.Size)
	case opts.TTL < 0:
		return nil, fmt.Errorf("sessioncache: New: Options.TTL is negative (%v); use 0 for the default or a few seconds", opts.TTL)
	}
	c := &Cache{
		size: opts.Size, ttl: opts.TTL, now: opts.Now,
		lru: list.New(), byTok: make(map[string]*list.Element), byUser: make(map[string]map[string]struct{}),
	}
	c.writes = writes{wrapped: next, drop: c}
	if c.size == 0 {
		c.size = DefaultSize
	}
	if c.ttl == 0 {
		c.ttl = DefaultTTL
	}
	if c.now == nil {
		c.now = time.Now
	}
	c.byHash = make(map[string]string)
	c.inv, c.log, c.ready = opts.Invalidator, opts.Logger, make(chan struct{})
	if c.log == nil {
		c.log = discardLogger()
	}
	if c.inv == nil {
		close(c.ready)
	} else {
		var ctx context.Context
		ctx, c.stop = context.WithCancel(context.Background())
		c.done = make(chan struct{})
		go c.listen(ctx)
	}
	return c, nil
}

// Unwrap returns the wrapped adapter. Writes made on it directly are not
// seen by the Cache.
func (c *Cache) Unwrap() adapter.Adapter { return c.wrapped }

// As is what adapter.As calls to find a capability the Cache intercepts.
// When target is a *adapter.Transactor and the wrapped adapter has one, it
// stores a Transactor whose transactions drop the entries of the sessions
// and users written in them, once when written and again when InTx returns
// (so that a read that refilled the cache before the commit is not kept).
// When target is a *adapter.UserSessionsDeleter or a
// *adapter.ExpiredCleaner and the wrapped adapter has one, it stores one
// that also drops the cached sessions it deletes. For any other target, or
// when the wrapped adapter lacks the capability, it reports false.
func (c *Cache) As(target any) bool { return c.writes.As(target) }

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

	s, u, err := c.wrapped.GetSessionAndUser(ctx, sessionToken)
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
	if c.inv != nil {
		c.byHash[tokenHash(sessionToken)] = sessionToken
	}
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
	if c.inv != nil {
		delete(c.byHash, tokenHash(e.token))
	}
	if toks := c.byUser[e.user.ID]; toks != nil {
		delete(toks, e.token)
		if len(toks) == 0 {
			delete(c.byUser, e.user.ID)
		}
	}
}

// dropSession drops the session's entry here and on other instances.
func (c *Cache) dropSession(token string) {
	c.local().dropSession(token)
	c.publish(msgSession + tokenHash(token))
}

// dropUser drops every entry of the user here and on other instances.
func (c *Cache) dropUser(userID string) {
	c.local().dropUser(userID)
	c.publish(msgUser + userID)
}

// dropExpired drops every entry whose session expires before t, here and
// on other instances.
func (c *Cache) dropExpired(t time.Time) {
	c.local().dropExpired(t)
	c.publish(msgExpired + strconv.FormatInt(t.UnixNano(), 10))
}

// local returns the dropper that drops entries of this instance only.
func (c *Cache) local() dropper { return localDrops{c} }

// localDrops drops entries of one Cache without publishing: what a write
// inside a transaction does, since other instances told before the commit
// could refill their entry from the old row.
type localDrops struct{ c *Cache }

func (l localDrops) local() dropper { return l }

func (l localDrops) dropSession(token string) {
	c := l.c
	c.mu.Lock()
	c.gen++
	if el, ok := c.byTok[token]; ok {
		c.remove(el)
	}
	c.mu.Unlock()
}

func (l localDrops) dropUser(userID string) {
	c := l.c
	c.mu.Lock()
	c.gen++
	for tok := range c.byUser[userID] {
		c.remove(c.byTok[tok])
	}
	c.mu.Unlock()
}

func (l localDrops) dropExpired(t time.Time) {
	c := l.c
	c.mu.Lock()
	c.gen++
	c.removeExpired(t)
	c.mu.Unlock()
}

// removeExpired drops the entries whose session expires before t; c.mu is
// held.
func (c *Cache) removeExpired(t time.Time) {
	for el := c.lru.Front(); el != nil; {
		next := el.Next()
		if el.Value.(*entry).session.Expires.Before(t) {
			c.remove(el)
		}
		el = next
	}
}

// clear drops every entry; c.mu is held.
func (c *Cache) clear() {
	c.lru.Init()
	clear(c.byTok)
	clear(c.byUser)
	clear(c.byHash)
}
