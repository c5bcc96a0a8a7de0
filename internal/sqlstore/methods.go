package sqlstore

import (
	"context"
	"errors"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// Methods are the contract's methods of an adapter built on a Store: each
// asks Use for the Store and the connection of the call and runs the
// Store's SQL on it. sqladapter.Adapter and gormadapter.Adapter embed
// Methods, so that the two share every method as well as every statement.
type Methods struct {
	// Use returns the Store and the connection for one call: the pool or
	// the running transaction, after the adapter's Init.
	Use func(ctx context.Context) (*Store, Conn, error)
}

// The interfaces of package adapter that Methods implement.
var _ interface {
	adapter.Adapter
	adapter.AuthenticatorStore
	adapter.AuthenticatorDeleter
	adapter.SessionLister
	adapter.ExpiredCleaner
} = Methods{}

var errNotCreated = errors.New("the adapter is a zero value; create it with its package's New or Open")

// call runs f on the Store and connection that m.Use returns.
func call[T any](ctx context.Context, m Methods, f func(st *Store, c Conn) (T, error)) (T, error) {
	if m.Use == nil {
		var zero T
		return zero, errNotCreated
	}
	st, c, err := m.Use(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	return f(st, c)
}

// run is call for methods that return only an error.
func run(ctx context.Context, m Methods, f func(st *Store, c Conn) error) error {
	_, err := call(ctx, m, func(st *Store, c Conn) (struct{}, error) { return struct{}{}, f(st, c) })
	return err
}

// CreateUser implements adapter.UserStore. Values of the schema's extra
// user columns are taken from User.Extra.
func (m Methods) CreateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	return call(ctx, m, func(st *Store, c Conn) (*adapter.User, error) { return st.CreateUser(ctx, c, u) })
}

// GetUser implements adapter.UserStore.
func (m Methods) GetUser(ctx context.Context, id string) (*adapter.User, error) {
	return call(ctx, m, func(st *Store, c Conn) (*adapter.User, error) { return st.GetUser(ctx, c, id) })
}

// GetUserByEmail implements adapter.UserStore.
func (m Methods) GetUserByEmail(ctx context.Context, email string) (*adapter.User, error) {
	return call(ctx, m, func(st *Store, c Conn) (*adapter.User, error) { return st.GetUserByEmail(ctx, c, email) })
}

// GetUserByAccount implements adapter.UserStore with one JOIN.
func (m Methods) GetUserByAccount(ctx context.Context, provider, providerAccountID string) (*adapter.User, error) {
	return call(ctx, m, func(st *Store, c Conn) (*adapter.User, error) {
		return st.GetUserByAccount(ctx, c, provider, providerAccountID)
	})
}

// UpdateUser implements adapter.UserStore. Of Extra, only the keys present
// are written.
func (m Methods) UpdateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	return call(ctx, m, func(st *Store, c Conn) (*adapter.User, error) { return st.UpdateUser(ctx, c, u) })
}

// DeleteUser implements adapter.UserStore: the user's authenticators,
// sessions and accounts and the user are deleted in one transaction.
func (m Methods) DeleteUser(ctx context.Context, id string) error {
	return run(ctx, m, func(st *Store, c Conn) error { return st.DeleteUser(ctx, c, id) })
}

// LinkAccount implements adapter.AccountStore.
func (m Methods) LinkAccount(ctx context.Context, acc *adapter.Account) error {
	return run(ctx, m, func(st *Store, c Conn) error { return st.LinkAccount(ctx, c, acc) })
}

// UpdateAccount implements adapter.AccountStore.
func (m Methods) UpdateAccount(ctx context.Context, acc *adapter.Account) error {
	return run(ctx, m, func(st *Store, c Conn) error { return st.UpdateAccount(ctx, c, acc) })
}

// GetAccount implements adapter.AccountStore.
func (m Methods) GetAccount(ctx context.Context, provider, providerAccountID string) (*adapter.Account, error) {
	return call(ctx, m, func(st *Store, c Conn) (*adapter.Account, error) {
		return st.GetAccount(ctx, c, provider, providerAccountID)
	})
}

// ListAccounts implements adapter.AccountStore.
func (m Methods) ListAccounts(ctx context.Context, userID string) ([]*adapter.Account, error) {
	return call(ctx, m, func(st *Store, c Conn) ([]*adapter.Account, error) { return st.ListAccounts(ctx, c, userID) })
}

// UnlinkAccount implements adapter.AccountStore.
func (m Methods) UnlinkAccount(ctx context.Context, provider, providerAccountID string) error {
	return run(ctx, m, func(st *Store, c Conn) error { return st.UnlinkAccount(ctx, c, provider, providerAccountID) })
}

// CreateSession implements adapter.SessionStore.
func (m Methods) CreateSession(ctx context.Context, s *adapter.Session) error {
	return run(ctx, m, func(st *Store, c Conn) error { return st.CreateSession(ctx, c, s) })
}

// GetSessionAndUser implements adapter.SessionStore with one statement: a
// JOIN of the sessions and users tables.
func (m Methods) GetSessionAndUser(ctx context.Context, sessionToken string) (s *adapter.Session, u *adapter.User, err error) {
	err = run(ctx, m, func(st *Store, c Conn) error {
		s, u, err = st.GetSessionAndUser(ctx, c, sessionToken)
		return err
	})
	return s, u, err
}

// UpdateSession implements adapter.SessionStore.
func (m Methods) UpdateSession(ctx context.Context, s *adapter.Session) error {
	return run(ctx, m, func(st *Store, c Conn) error { return st.UpdateSession(ctx, c, s) })
}

// DeleteSession implements adapter.SessionStore.
func (m Methods) DeleteSession(ctx context.Context, sessionToken string) error {
	return run(ctx, m, func(st *Store, c Conn) error { return st.DeleteSession(ctx, c, sessionToken) })
}

// ListSessions implements adapter.SessionLister.
func (m Methods) ListSessions(ctx context.Context, userID string) ([]*adapter.Session, error) {
	return call(ctx, m, func(st *Store, c Conn) ([]*adapter.Session, error) { return st.ListSessions(ctx, c, userID) })
}

// DeleteExpired implements adapter.ExpiredCleaner.
func (m Methods) DeleteExpired(ctx context.Context, now time.Time, limit int) (sessions, tokens int64, err error) {
	err = run(ctx, m, func(st *Store, c Conn) error {
		sessions, tokens, err = st.DeleteExpired(ctx, c, now, limit)
		return err
	})
	return sessions, tokens, err
}

// CreateVerificationToken implements adapter.VerificationTokenStore.
func (m Methods) CreateVerificationToken(ctx context.Context, t *adapter.VerificationToken) error {
	return run(ctx, m, func(st *Store, c Conn) error { return st.CreateVerificationToken(ctx, c, t) })
}

// UseVerificationToken implements adapter.VerificationTokenStore
// atomically: one DELETE … RETURNING on PostgreSQL and SQLite; SELECT … FOR
// UPDATE and DELETE in one transaction on MySQL/MariaDB.
func (m Methods) UseVerificationToken(ctx context.Context, identifier, token string) (*adapter.VerificationToken, error) {
	return call(ctx, m, func(st *Store, c Conn) (*adapter.VerificationToken, error) {
		return st.UseVerificationToken(ctx, c, identifier, token)
	})
}

// CreateAuthenticator implements adapter.AuthenticatorStore. It returns
// adapter.ErrUnsupported on a schema without an authenticators table.
func (m Methods) CreateAuthenticator(ctx context.Context, au *adapter.Authenticator) error {
	return run(ctx, m, func(st *Store, c Conn) error { return st.CreateAuthenticator(ctx, c, au) })
}

// GetAuthenticator implements adapter.AuthenticatorStore.
func (m Methods) GetAuthenticator(ctx context.Context, credentialID string) (*adapter.Authenticator, error) {
	return call(ctx, m, func(st *Store, c Conn) (*adapter.Authenticator, error) {
		return st.GetAuthenticator(ctx, c, credentialID)
	})
}

// ListAuthenticators implements adapter.AuthenticatorStore. It returns
// adapter.ErrUnsupported on a schema without an authenticators table.
func (m Methods) ListAuthenticators(ctx context.Context, userID string) ([]*adapter.Authenticator, error) {
	return call(ctx, m, func(st *Store, c Conn) ([]*adapter.Authenticator, error) {
		return st.ListAuthenticators(ctx, c, userID)
	})
}

// UpdateAuthenticatorCounter implements adapter.AuthenticatorStore.
func (m Methods) UpdateAuthenticatorCounter(ctx context.Context, credentialID string, counter int64) (*adapter.Authenticator, error) {
	return call(ctx, m, func(st *Store, c Conn) (*adapter.Authenticator, error) {
		return st.UpdateAuthenticatorCounter(ctx, c, credentialID, counter)
	})
}

// DeleteAuthenticator implements adapter.AuthenticatorDeleter.
func (m Methods) DeleteAuthenticator(ctx context.Context, credentialID string) error {
	return run(ctx, m, func(st *Store, c Conn) error { return st.DeleteAuthenticator(ctx, c, credentialID) })
}
