package compose

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// UserAccountStore stores users together with their accounts: the two must
// share a store, because GetUserByAccount and DeleteUser join them.
type UserAccountStore interface {
	adapter.UserStore
	adapter.AccountStore
}

// SessionGetter is implemented by session stores that can read a session
// without its user (redisadapter.Adapter does). Parts.Sessions must have it,
// because its own GetSessionAndUser would look for the user in the wrong
// store.
type SessionGetter interface {
	// GetSession returns the session with this token, expired or not, or an
	// error wrapping adapter.ErrNotFound.
	GetSession(ctx context.Context, sessionToken string) (*adapter.Session, error)
}

// UncheckedSessionCreator is implemented by session stores that can store a
// session without looking for its user in their own store
// (redisadapter.Adapter does). Parts.Sessions must have it: CreateSession
// checks the user in Parts.Users and then calls it, because the store's own
// CreateSession would look for the user in the wrong store.
type UncheckedSessionCreator interface {
	// CreateSessionUnchecked stores a new session like CreateSession, but
	// does not check that s.UserID exists.
	CreateSessionUnchecked(ctx context.Context, s *adapter.Session) error
}

// SessionPart is what Parts.Sessions must implement.
type SessionPart interface {
	adapter.SessionStore
	SessionGetter
	UncheckedSessionCreator
}

// Parts names the stores a composed Adapter routes to. All are required.
// The same value may fill several fields.
type Parts struct {
	// Users stores users and accounts, and passkeys when it implements
	// adapter.AuthenticatorStore.
	Users UserAccountStore
	// Sessions stores sessions.
	Sessions SessionPart
	// Tokens stores verification tokens.
	Tokens adapter.VerificationTokenStore
}

// Adapter is an adapter.Adapter whose parts live in different stores. Create
// it with New. It is safe for concurrent use when its parts are.
type Adapter struct {
	p Parts
}

var (
	_ adapter.Adapter             = (*Adapter)(nil)
	_ adapter.AuthenticatorStore  = (*Adapter)(nil)
	_ adapter.SessionLister       = (*Adapter)(nil)
	_ adapter.ExpiredCleaner      = (*Adapter)(nil)
	_ adapter.Pinger              = (*Adapter)(nil)
	_ adapter.Initializer         = (*Adapter)(nil)
	_ adapter.Migrator            = (*Adapter)(nil)
	_ adapter.UserSessionsDeleter = (*Adapter)(nil)
	_ SessionGetter               = (*Adapter)(nil)
)

// New returns an Adapter that routes each call to its part. It returns an
// error naming the missing part if one is nil.
func New(p Parts) (*Adapter, error) {
	switch {
	case isNil(p.Users):
		return nil, errors.New("compose: New: Parts.Users is nil; give the store that keeps users and accounts")
	case isNil(p.Sessions):
		return nil, errors.New("compose: New: Parts.Sessions is nil; give a session store that implements compose.SessionPart (for example a redisadapter.Adapter)")
	case isNil(p.Tokens):
		return nil, errors.New("compose: New: Parts.Tokens is nil; give the store that keeps verification tokens")
	}
	return &Adapter{p: p}, nil
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	r := reflect.ValueOf(v)
	switch r.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Interface, reflect.Chan:
		return r.IsNil()
	}
	return false
}

// capability finds the capability T of a part, through the wrappers around
// it (adapter.As) when the part is an adapter.Adapter.
func capability[T any](part any) (T, bool) {
	if a, ok := part.(adapter.Adapter); ok {
		return adapter.As[T](a)
	}
	t, ok := part.(T)
	return t, ok
}

// each calls f with the capability T of every distinct part that has it, in
// the order users, sessions, tokens, and stops at the first error. It
// reports how many parts had T.
func each[T any](c *Adapter, f func(part string, x T) error) (int, error) {
	n := 0
	for _, p := range c.parts() {
		if x, ok := capability[T](p.v); ok {
			n++
			if err := f(p.name, x); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// same reports whether two parts are the same store, without panicking on
// values of incomparable types.
func same(a, b any) bool {
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	return ta == tb && ta != nil && ta.Comparable() && a == b
}

// parts lists the distinct stores.
func (c *Adapter) parts() []struct {
	name string
	v    any
} {
	all := []struct {
		name string
		v    any
	}{{"users", c.p.Users}, {"sessions", c.p.Sessions}, {"tokens", c.p.Tokens}}
	out := all[:0:0]
next:
	for _, x := range all {
		for i, y := range out {
			if same(x.v, y.v) {
				out[i].name += "+" + x.name
				continue next
			}
		}
		out = append(out, x)
	}
	return out
}

// Users and accounts.

// CreateUser calls Parts.Users.
func (c *Adapter) CreateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	return c.p.Users.CreateUser(ctx, u)
}

// GetUser calls Parts.Users.
func (c *Adapter) GetUser(ctx context.Context, id string) (*adapter.User, error) {
	return c.p.Users.GetUser(ctx, id)
}

// GetUserByEmail calls Parts.Users.
func (c *Adapter) GetUserByEmail(ctx context.Context, email string) (*adapter.User, error) {
	return c.p.Users.GetUserByEmail(ctx, email)
}

// GetUserByAccount calls Parts.Users.
func (c *Adapter) GetUserByAccount(ctx context.Context, provider, providerAccountID string) (*adapter.User, error) {
	return c.p.Users.GetUserByAccount(ctx, provider, providerAccountID)
}

// UpdateUser calls Parts.Users.
func (c *Adapter) UpdateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	return c.p.Users.UpdateUser(ctx, u)
}

// DeleteUser deletes the user (with its accounts and passkeys) in
// Parts.Users, then its sessions in Parts.Sessions. If the user does not
// exist it returns adapter.ErrNotFound and deletes nothing. See the package
// doc for what happens when the second step fails.
func (c *Adapter) DeleteUser(ctx context.Context, id string) error {
	if err := c.p.Users.DeleteUser(ctx, id); err != nil {
		return err
	}
	if err := c.DeleteUserSessions(ctx, id); err != nil && !errors.Is(err, adapter.ErrUnsupported) {
		return fmt.Errorf("compose: delete user: the user is deleted, but not all its sessions (they cannot be used and will expire): %w", err)
	}
	return nil
}

// DeleteUserSessions deletes the user's sessions in Parts.Sessions, through
// its adapter.UserSessionsDeleter or else its adapter.SessionLister and
// DeleteSession. It returns adapter.ErrUnsupported if the store has neither.
func (c *Adapter) DeleteUserSessions(ctx context.Context, userID string) error {
	if d, ok := capability[adapter.UserSessionsDeleter](c.p.Sessions); ok {
		return d.DeleteUserSessions(ctx, userID)
	}
	l, ok := capability[adapter.SessionLister](c.p.Sessions)
	if !ok {
		return fmt.Errorf("compose: the session store can neither delete nor list a user's sessions: %w", adapter.ErrUnsupported)
	}
	ss, err := l.ListSessions(ctx, userID)
	if err != nil {
		return err
	}
	var errs []error
	for _, s := range ss {
		if err := c.p.Sessions.DeleteSession(ctx, s.SessionToken); err != nil && !errors.Is(err, adapter.ErrNotFound) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// LinkAccount calls Parts.Users.
func (c *Adapter) LinkAccount(ctx context.Context, a *adapter.Account) error {
	return c.p.Users.LinkAccount(ctx, a)
}

// UpdateAccount calls Parts.Users.
func (c *Adapter) UpdateAccount(ctx context.Context, a *adapter.Account) error {
	return c.p.Users.UpdateAccount(ctx, a)
}

// GetAccount calls Parts.Users.
func (c *Adapter) GetAccount(ctx context.Context, provider, providerAccountID string) (*adapter.Account, error) {
	return c.p.Users.GetAccount(ctx, provider, providerAccountID)
}

// ListAccounts calls Parts.Users.
func (c *Adapter) ListAccounts(ctx context.Context, userID string) ([]*adapter.Account, error) {
	return c.p.Users.ListAccounts(ctx, userID)
}

// UnlinkAccount calls Parts.Users.
func (c *Adapter) UnlinkAccount(ctx context.Context, provider, providerAccountID string) error {
	return c.p.Users.UnlinkAccount(ctx, provider, providerAccountID)
}

// Sessions.

// CreateSession stores the session in Parts.Sessions if its user exists in
// Parts.Users, and returns adapter.ErrNotFound, storing nothing, if not.
// When the two parts are one store it calls that store's CreateSession.
// Otherwise it reads the user, stores the session (through
// Parts.Sessions' CreateSessionUnchecked) and reads the user
// again: if a DeleteUser removed the user in between, it deletes the
// session and returns adapter.ErrNotFound, so that no session outlives its
// user (DeleteUser deletes the user before its sessions, so a session
// stored after that second read is deleted by DeleteUser itself).
func (c *Adapter) CreateSession(ctx context.Context, s *adapter.Session) error {
	if s == nil || same(c.p.Users, c.p.Sessions) {
		return c.p.Sessions.CreateSession(ctx, s)
	}
	if _, err := c.p.Users.GetUser(ctx, s.UserID); err != nil {
		return fmt.Errorf("compose: create session: reading its user: %w", err)
	}
	if err := c.p.Sessions.CreateSessionUnchecked(ctx, s); err != nil {
		return err
	}
	if _, err := c.p.Users.GetUser(ctx, s.UserID); errors.Is(err, adapter.ErrNotFound) {
		if derr := c.p.Sessions.DeleteSession(context.WithoutCancel(ctx), s.SessionToken); derr != nil && !errors.Is(derr, adapter.ErrNotFound) {
			return fmt.Errorf("compose: create session: the user was deleted meanwhile (%w), and deleting the session again failed (%v); it cannot be used and will expire", err, derr)
		}
		return fmt.Errorf("compose: create session: the user was deleted meanwhile: %w", err)
	}
	return nil
}

// GetSession calls Parts.Sessions.
func (c *Adapter) GetSession(ctx context.Context, sessionToken string) (*adapter.Session, error) {
	return c.p.Sessions.GetSession(ctx, sessionToken)
}

// GetSessionAndUser reads the session from Parts.Sessions and then its user
// from Parts.Users. It returns adapter.ErrNotFound if either is missing.
func (c *Adapter) GetSessionAndUser(ctx context.Context, sessionToken string) (*adapter.Session, *adapter.User, error) {
	s, err := c.p.Sessions.GetSession(ctx, sessionToken)
	if err != nil {
		return nil, nil, err
	}
	u, err := c.p.Users.GetUser(ctx, s.UserID)
	if err != nil {
		return nil, nil, err
	}
	return s, u, nil
}

// UpdateSession calls Parts.Sessions.
func (c *Adapter) UpdateSession(ctx context.Context, s *adapter.Session) error {
	return c.p.Sessions.UpdateSession(ctx, s)
}

// DeleteSession calls Parts.Sessions.
func (c *Adapter) DeleteSession(ctx context.Context, sessionToken string) error {
	return c.p.Sessions.DeleteSession(ctx, sessionToken)
}

// ListSessions calls Parts.Sessions, or returns adapter.ErrUnsupported if it
// is not an adapter.SessionLister.
func (c *Adapter) ListSessions(ctx context.Context, userID string) ([]*adapter.Session, error) {
	l, ok := capability[adapter.SessionLister](c.p.Sessions)
	if !ok {
		return nil, fmt.Errorf("compose: list sessions: the session store cannot list sessions: %w", adapter.ErrUnsupported)
	}
	return l.ListSessions(ctx, userID)
}

// Verification tokens.

// CreateVerificationToken calls Parts.Tokens.
func (c *Adapter) CreateVerificationToken(ctx context.Context, t *adapter.VerificationToken) error {
	return c.p.Tokens.CreateVerificationToken(ctx, t)
}

// UseVerificationToken calls Parts.Tokens.
func (c *Adapter) UseVerificationToken(ctx context.Context, identifier, token string) (*adapter.VerificationToken, error) {
	return c.p.Tokens.UseVerificationToken(ctx, identifier, token)
}

// Passkeys.

func (c *Adapter) authenticators(op string) (adapter.AuthenticatorStore, error) {
	a, ok := capability[adapter.AuthenticatorStore](c.p.Users)
	if !ok {
		return nil, fmt.Errorf("compose: %s: the user store does not store passkeys: %w", op, adapter.ErrUnsupported)
	}
	return a, nil
}

// CreateAuthenticator calls Parts.Users, or returns adapter.ErrUnsupported
// if it is not an adapter.AuthenticatorStore.
func (c *Adapter) CreateAuthenticator(ctx context.Context, x *adapter.Authenticator) error {
	a, err := c.authenticators("create authenticator")
	if err != nil {
		return err
	}
	return a.CreateAuthenticator(ctx, x)
}

// GetAuthenticator calls Parts.Users, or returns adapter.ErrUnsupported.
func (c *Adapter) GetAuthenticator(ctx context.Context, credentialID string) (*adapter.Authenticator, error) {
	a, err := c.authenticators("get authenticator")
	if err != nil {
		return nil, err
	}
	return a.GetAuthenticator(ctx, credentialID)
}

// ListAuthenticators calls Parts.Users, or returns adapter.ErrUnsupported.
func (c *Adapter) ListAuthenticators(ctx context.Context, userID string) ([]*adapter.Authenticator, error) {
	a, err := c.authenticators("list authenticators")
	if err != nil {
		return nil, err
	}
	return a.ListAuthenticators(ctx, userID)
}

// UpdateAuthenticatorCounter calls Parts.Users, or returns
// adapter.ErrUnsupported.
func (c *Adapter) UpdateAuthenticatorCounter(ctx context.Context, credentialID string, counter int64) (*adapter.Authenticator, error) {
	a, err := c.authenticators("update authenticator counter")
	if err != nil {
		return nil, err
	}
	return a.UpdateAuthenticatorCounter(ctx, credentialID, counter)
}

// Whole-store capabilities.

// DeleteExpired deletes expired sessions in Parts.Sessions and expired
// tokens in Parts.Tokens, through their adapter.ExpiredCleaner, and reports
// the sessions counted by the first and the tokens counted by the second. A
// part without ExpiredCleaner is skipped; if neither has one it returns
// adapter.ErrUnsupported.
func (c *Adapter) DeleteExpired(ctx context.Context, now time.Time, limit int) (sessions, tokens int64, err error) {
	sc, sok := capability[adapter.ExpiredCleaner](c.p.Sessions)
	tc, tok := capability[adapter.ExpiredCleaner](c.p.Tokens)
	if !sok && !tok {
		return 0, 0, fmt.Errorf("compose: delete expired: no part can delete expired rows: %w", adapter.ErrUnsupported)
	}
	if sok {
		s, t, err := sc.DeleteExpired(ctx, now, limit)
		if err != nil {
			return 0, 0, fmt.Errorf("compose: delete expired sessions: %w", err)
		}
		sessions = s
		if same(sc, tc) {
			return s, t, nil
		}
	}
	if tok {
		_, t, err := tc.DeleteExpired(ctx, now, limit)
		if err != nil {
			return sessions, 0, fmt.Errorf("compose: delete expired tokens: %w", err)
		}
		tokens = t
	}
	return sessions, tokens, nil
}

// Ping pings every distinct part that is an adapter.Pinger and returns their
// errors joined, each naming its part. Parts that are not Pingers are not
// checked. If no part is a Pinger it returns adapter.ErrUnsupported: a
// health check that checks nothing must not report healthy.
func (c *Adapter) Ping(ctx context.Context) error {
	var errs []error
	n, _ := each(c, func(part string, p adapter.Pinger) error {
		if err := p.Ping(ctx); err != nil {
			errs = append(errs, fmt.Errorf("compose: ping %s store: %w", part, err))
		}
		return nil
	})
	if n == 0 {
		return fmt.Errorf("compose: ping: no part can be pinged (none implements adapter.Pinger): %w", adapter.ErrUnsupported)
	}
	return errors.Join(errs...)
}

// Init calls Init on every distinct part that is an adapter.Initializer, in
// the order users, sessions, tokens, and stops at the first error. If no
// part is an Initializer it does nothing and returns nil: Init means "do
// what must be done before first use", and for such parts that is nothing
// (gatehouse.New calls Init on every adapter that has it).
func (c *Adapter) Init(ctx context.Context) error {
	_, err := each(c, func(part string, x adapter.Initializer) error {
		if err := x.Init(ctx); err != nil {
			return fmt.Errorf("compose: init %s store: %w", part, err)
		}
		return nil
	})
	return err
}

// Migrate calls Migrate on every distinct part that is an adapter.Migrator,
// in the order users, sessions, tokens, and stops at the first error. If no
// part is a Migrator it returns adapter.ErrUnsupported, so that `gatehouse
// migrate` does not report a schema it never touched as migrated.
func (c *Adapter) Migrate(ctx context.Context) error {
	n, err := each(c, func(part string, x adapter.Migrator) error {
		if err := x.Migrate(ctx); err != nil {
			return fmt.Errorf("compose: migrate %s store: %w", part, err)
		}
		return nil
	})
	if n == 0 {
		return fmt.Errorf("compose: migrate: no part can migrate its schema (none implements adapter.Migrator): %w", adapter.ErrUnsupported)
	}
	return err
}
