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

// UserSessionsDeleter is implemented by session stores that can delete all
// of a user's sessions at once (redisadapter.Adapter does). DeleteUser uses
// it when present.
type UserSessionsDeleter interface {
	// DeleteUserSessions deletes every session of the user; a user with none
	// is not an error.
	DeleteUserSessions(ctx context.Context, userID string) error
}

// SessionPart is what Parts.Sessions must implement.
type SessionPart interface {
	adapter.SessionStore
	SessionGetter
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
	_ adapter.Adapter            = (*Adapter)(nil)
	_ adapter.AuthenticatorStore = (*Adapter)(nil)
	_ adapter.SessionLister      = (*Adapter)(nil)
	_ adapter.ExpiredCleaner     = (*Adapter)(nil)
	_ adapter.Pinger             = (*Adapter)(nil)
	_ adapter.Initializer        = (*Adapter)(nil)
	_ adapter.Migrator           = (*Adapter)(nil)
	_ SessionGetter              = (*Adapter)(nil)
	_ UserSessionsDeleter        = (*Adapter)(nil)
)

// New returns an Adapter that routes each call to its part. It returns an
// error naming the missing part if one is nil.
func New(p Parts) (*Adapter, error) {
	switch {
	case isNil(p.Users):
		return nil, errors.New("compose: New: Parts.Users is nil; give the store that keeps users and accounts")
	case isNil(p.Sessions):
		return nil, errors.New("compose: New: Parts.Sessions is nil; give a session store that implements compose.SessionGetter (for example a redisadapter.Adapter)")
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
// its UserSessionsDeleter or else its SessionLister and DeleteSession. It
// returns adapter.ErrUnsupported if the store has neither.
func (c *Adapter) DeleteUserSessions(ctx context.Context, userID string) error {
	if d, ok := c.p.Sessions.(UserSessionsDeleter); ok {
		return d.DeleteUserSessions(ctx, userID)
	}
	l, ok := c.p.Sessions.(adapter.SessionLister)
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

// CreateSession calls Parts.Sessions.
func (c *Adapter) CreateSession(ctx context.Context, s *adapter.Session) error {
	return c.p.Sessions.CreateSession(ctx, s)
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
	l, ok := c.p.Sessions.(adapter.SessionLister)
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
	a, ok := c.p.Users.(adapter.AuthenticatorStore)
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
	sc, sok := c.p.Sessions.(adapter.ExpiredCleaner)
	tc, tok := c.p.Tokens.(adapter.ExpiredCleaner)
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
// errors joined, each naming its part.
func (c *Adapter) Ping(ctx context.Context) error {
	var errs []error
	for _, p := range c.parts() {
		if x, ok := p.v.(adapter.Pinger); ok {
			if err := x.Ping(ctx); err != nil {
				errs = append(errs, fmt.Errorf("compose: ping %s store: %w", p.name, err))
			}
		}
	}
	return errors.Join(errs...)
}

// Init calls Init on every distinct part that is an adapter.Initializer, in
// the order users, sessions, tokens, and stops at the first error.
func (c *Adapter) Init(ctx context.Context) error {
	for _, p := range c.parts() {
		if x, ok := p.v.(adapter.Initializer); ok {
			if err := x.Init(ctx); err != nil {
				return fmt.Errorf("compose: init %s store: %w", p.name, err)
			}
		}
	}
	return nil
}

// Migrate calls Migrate on every distinct part that is an adapter.Migrator,
// in the order users, sessions, tokens, and stops at the first error.
func (c *Adapter) Migrate(ctx context.Context) error {
	for _, p := range c.parts() {
		if x, ok := p.v.(adapter.Migrator); ok {
			if err := x.Migrate(ctx); err != nil {
				return fmt.Errorf("compose: migrate %s store: %w", p.name, err)
			}
		}
	}
	return nil
}
