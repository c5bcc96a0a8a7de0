package sessioncache

import (
	"context"
	"fmt"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

func unsupported(op string, next any) error {
	return fmt.Errorf("sessioncache: %s: the wrapped adapter %T does not support it: %w", op, next, adapter.ErrUnsupported)
}

// CreateAuthenticator passes the call on, or returns adapter.ErrUnsupported.
func (c *Cache) CreateAuthenticator(ctx context.Context, x *adapter.Authenticator) error {
	a, ok := c.Adapter.(adapter.AuthenticatorStore)
	if !ok {
		return unsupported("create authenticator", c.Adapter)
	}
	return a.CreateAuthenticator(ctx, x)
}

// GetAuthenticator passes the call on, or returns adapter.ErrUnsupported.
func (c *Cache) GetAuthenticator(ctx context.Context, credentialID string) (*adapter.Authenticator, error) {
	a, ok := c.Adapter.(adapter.AuthenticatorStore)
	if !ok {
		return nil, unsupported("get authenticator", c.Adapter)
	}
	return a.GetAuthenticator(ctx, credentialID)
}

// ListAuthenticators passes the call on, or returns adapter.ErrUnsupported.
func (c *Cache) ListAuthenticators(ctx context.Context, userID string) ([]*adapter.Authenticator, error) {
	a, ok := c.Adapter.(adapter.AuthenticatorStore)
	if !ok {
		return nil, unsupported("list authenticators", c.Adapter)
	}
	return a.ListAuthenticators(ctx, userID)
}

// UpdateAuthenticatorCounter passes the call on, or returns
// adapter.ErrUnsupported.
func (c *Cache) UpdateAuthenticatorCounter(ctx context.Context, credentialID string, counter int64) (*adapter.Authenticator, error) {
	a, ok := c.Adapter.(adapter.AuthenticatorStore)
	if !ok {
		return nil, unsupported("update authenticator counter", c.Adapter)
	}
	return a.UpdateAuthenticatorCounter(ctx, credentialID, counter)
}

// ListSessions passes the call on (uncached), or returns
// adapter.ErrUnsupported.
func (c *Cache) ListSessions(ctx context.Context, userID string) ([]*adapter.Session, error) {
	l, ok := c.Adapter.(adapter.SessionLister)
	if !ok {
		return nil, unsupported("list sessions", c.Adapter)
	}
	return l.ListSessions(ctx, userID)
}

// DeleteExpired passes the call on, or returns adapter.ErrUnsupported.
// Cached entries of the deleted sessions stay until their TTL; they are
// expired, which gatehouse checks on every read.
func (c *Cache) DeleteExpired(ctx context.Context, now time.Time, limit int) (int64, int64, error) {
	e, ok := c.Adapter.(adapter.ExpiredCleaner)
	if !ok {
		return 0, 0, unsupported("delete expired", c.Adapter)
	}
	return e.DeleteExpired(ctx, now, limit)
}

// Ping passes the call on, or returns adapter.ErrUnsupported.
func (c *Cache) Ping(ctx context.Context) error {
	p, ok := c.Adapter.(adapter.Pinger)
	if !ok {
		return unsupported("ping", c.Adapter)
	}
	return p.Ping(ctx)
}

// Init passes the call on; it does nothing if the wrapped adapter is not an
// adapter.Initializer.
func (c *Cache) Init(ctx context.Context) error {
	if i, ok := c.Adapter.(adapter.Initializer); ok {
		return i.Init(ctx)
	}
	return nil
}

// Migrate passes the call on, or returns adapter.ErrUnsupported.
func (c *Cache) Migrate(ctx context.Context) error {
	m, ok := c.Adapter.(adapter.Migrator)
	if !ok {
		return unsupported("migrate", c.Adapter)
	}
	return m.Migrate(ctx)
}

// InTx runs fn in a transaction of the wrapped adapter. Writes made through
// the transaction invalidate the cache when they are made and again when
// InTx returns, so that a reader that refilled the cache before the commit
// does not keep the old values.
func (t TxCache) InTx(ctx context.Context, fn func(tx adapter.Adapter) error) error {
	var (
		tokens []string
		users  []string
	)
	err := t.Adapter.(adapter.Transactor).InTx(ctx, func(tx adapter.Adapter) error {
		return fn(&txView{Adapter: tx, c: t.Cache, tokens: &tokens, users: &users})
	})
	for _, s := range tokens {
		t.invalidateSession(s)
	}
	for _, u := range users {
		t.invalidateUser(u)
	}
	return err
}

// txView is the adapter passed to an InTx callback: the wrapped adapter's
// transaction, with invalidation on the writes the cache cares about. It is
// used by one goroutine (fn), so the slices need no lock.
type txView struct {
	adapter.Adapter
	c      *Cache
	tokens *[]string
	users  *[]string
}

func (v *txView) UpdateSession(ctx context.Context, s *adapter.Session) error {
	err := v.Adapter.UpdateSession(ctx, s)
	if s != nil {
		v.c.invalidateSession(s.SessionToken)
		*v.tokens = append(*v.tokens, s.SessionToken)
	}
	return err
}

func (v *txView) DeleteSession(ctx context.Context, sessionToken string) error {
	err := v.Adapter.DeleteSession(ctx, sessionToken)
	v.c.invalidateSession(sessionToken)
	*v.tokens = append(*v.tokens, sessionToken)
	return err
}

func (v *txView) UpdateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	got, err := v.Adapter.UpdateUser(ctx, u)
	if u != nil {
		v.c.invalidateUser(u.ID)
		*v.users = append(*v.users, u.ID)
	}
	return got, err
}

func (v *txView) DeleteUser(ctx context.Context, id string) error {
	err := v.Adapter.DeleteUser(ctx, id)
	v.c.invalidateUser(id)
	*v.users = append(*v.users, id)
	return err
}

// The transaction view offers the passkey and session-list methods of the
// wrapped transaction, as Cache does for the wrapped adapter, so that code
// inside InTx finds the same capabilities with and without the cache.
var (
	_ adapter.AuthenticatorStore = (*txView)(nil)
	_ adapter.SessionLister      = (*txView)(nil)
)

func (v *txView) CreateAuthenticator(ctx context.Context, x *adapter.Authenticator) error {
	a, ok := v.Adapter.(adapter.AuthenticatorStore)
	if !ok {
		return unsupported("create authenticator", v.Adapter)
	}
	return a.CreateAuthenticator(ctx, x)
}

func (v *txView) GetAuthenticator(ctx context.Context, credentialID string) (*adapter.Authenticator, error) {
	a, ok := v.Adapter.(adapter.AuthenticatorStore)
	if !ok {
		return nil, unsupported("get authenticator", v.Adapter)
	}
	return a.GetAuthenticator(ctx, credentialID)
}

func (v *txView) ListAuthenticators(ctx context.Context, userID string) ([]*adapter.Authenticator, error) {
	a, ok := v.Adapter.(adapter.AuthenticatorStore)
	if !ok {
		return nil, unsupported("list authenticators", v.Adapter)
	}
	return a.ListAuthenticators(ctx, userID)
}

func (v *txView) UpdateAuthenticatorCounter(ctx context.Context, credentialID string, counter int64) (*adapter.Authenticator, error) {
	a, ok := v.Adapter.(adapter.AuthenticatorStore)
	if !ok {
		return nil, unsupported("update authenticator counter", v.Adapter)
	}
	return a.UpdateAuthenticatorCounter(ctx, credentialID, counter)
}

func (v *txView) ListSessions(ctx context.Context, userID string) ([]*adapter.Session, error) {
	l, ok := v.Adapter.(adapter.SessionLister)
	if !ok {
		return nil, unsupported("list sessions", v.Adapter)
	}
	return l.ListSessions(ctx, userID)
}
