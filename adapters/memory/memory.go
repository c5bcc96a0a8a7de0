package memory

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// Adapter is an in-memory adapter. Create it with New; the zero value is not
// usable.
//
// Besides the four required stores it implements adapter.AuthenticatorStore,
// adapter.SessionLister, adapter.UserSessionsDeleter, adapter.ExpiredCleaner,
// adapter.Pinger and adapter.Transactor, and the session methods
// compose.SessionPart asks for (GetSession and CreateSessionUnchecked), so
// that it can hold the sessions of a composition whose users live
// elsewhere.
type Adapter struct {
	store // the contract's methods, run under mu

	mu sync.RWMutex
	st *state
}

// New returns an empty in-memory adapter.
func New() *Adapter {
	a := &Adapter{st: newState()}
	a.store = store{run: a.run}
	return a
}

// Compile-time checks that Adapter, and the adapter InTx passes to its
// function, have every capability they document.
var (
	_ interface {
		adapter.Adapter
		adapter.AuthenticatorStore
		adapter.SessionLister
		adapter.UserSessionsDeleter
		adapter.ExpiredCleaner
	} = store{}
	_ adapter.Transactor = (*Adapter)(nil)
	_ adapter.Pinger     = (*Adapter)(nil)
)

// run runs f under the read or the write lock after checking ctx.
func (a *Adapter) run(ctx context.Context, write bool, f func(st *state) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if write {
		a.mu.Lock()
		defer a.mu.Unlock()
	} else {
		a.mu.RLock()
		defer a.mu.RUnlock()
	}
	return f(a.st)
}

// store implements the contract on a state under the locking its owner
// gives: the Adapter's lock, or the one of the transaction InTx runs. Its
// methods are the Adapter's, and those of the adapter InTx passes to its
// function.
type store struct {
	// run runs f on the state after checking ctx, under a lock that
	// allows writes if write is set.
	run func(ctx context.Context, write bool, f func(st *state) error) error
}

// CreateUser implements adapter.UserStore. It keeps a given u.ID (returning
// adapter.ErrConflict if a user already has it) and generates one with
// adapter.NewID otherwise.
func (m store) CreateUser(ctx context.Context, u *adapter.User) (out *adapter.User, err error) {
	err = m.run(ctx, true, func(st *state) error { out, err = st.createUser(u); return err })
	return out, err
}

// GetUser implements adapter.UserStore.
func (m store) GetUser(ctx context.Context, id string) (out *adapter.User, err error) {
	err = m.run(ctx, false, func(st *state) error { out, err = st.getUser(id); return err })
	return out, err
}

// GetUserByEmail implements adapter.UserStore.
func (m store) GetUserByEmail(ctx context.Context, email string) (out *adapter.User, err error) {
	err = m.run(ctx, false, func(st *state) error { out, err = st.getUserByEmail(email); return err })
	return out, err
}

// GetUserByAccount implements adapter.UserStore.
func (m store) GetUserByAccount(ctx context.Context, provider, providerAccountID string) (out *adapter.User, err error) {
	err = m.run(ctx, false, func(st *state) error { out, err = st.getUserByAccount(provider, providerAccountID); return err })
	return out, err
}

// UpdateUser implements adapter.UserStore.
func (m store) UpdateUser(ctx context.Context, u *adapter.User) (out *adapter.User, err error) {
	err = m.run(ctx, true, func(st *state) error { out, err = st.updateUser(u); return err })
	return out, err
}

// DeleteUser implements adapter.UserStore.
func (m store) DeleteUser(ctx context.Context, id string) error {
	return m.run(ctx, true, func(st *state) error { return st.deleteUser(id) })
}

// LinkAccount implements adapter.AccountStore. It also returns
// adapter.ErrNotFound if there is no user with ID acc.UserID.
func (m store) LinkAccount(ctx context.Context, acc *adapter.Account) error {
	return m.run(ctx, true, func(st *state) error { return st.linkAccount(acc) })
}

// UpdateAccount implements adapter.AccountStore.
func (m store) UpdateAccount(ctx context.Context, acc *adapter.Account) error {
	return m.run(ctx, true, func(st *state) error { return st.updateAccount(acc) })
}

// GetAccount implements adapter.AccountStore.
func (m store) GetAccount(ctx context.Context, provider, providerAccountID string) (out *adapter.Account, err error) {
	err = m.run(ctx, false, func(st *state) error { out, err = st.getAccount(provider, providerAccountID); return err })
	return out, err
}

// ListAccounts implements adapter.AccountStore.
func (m store) ListAccounts(ctx context.Context, userID string) (out []*adapter.Account, err error) {
	err = m.run(ctx, false, func(st *state) error { out = st.listAccounts(userID); return nil })
	return out, err
}

// UnlinkAccount implements adapter.AccountStore.
func (m store) UnlinkAccount(ctx context.Context, provider, providerAccountID string) error {
	return m.run(ctx, true, func(st *state) error { return st.unlinkAccount(provider, providerAccountID) })
}

// CreateSession implements adapter.SessionStore. It also returns
// adapter.ErrNotFound if there is no user with ID s.UserID.
func (m store) CreateSession(ctx context.Context, s *adapter.Session) error {
	return m.run(ctx, true, func(st *state) error { return st.createSession(s, true) })
}

// CreateSessionUnchecked stores a session like CreateSession, without
// checking that its user is stored here: for a composition whose users
// live in another store (compose.UncheckedSessionCreator).
func (m store) CreateSessionUnchecked(ctx context.Context, s *adapter.Session) error {
	return m.run(ctx, true, func(st *state) error { return st.createSession(s, false) })
}

// GetSession returns the session with this token, expired or not, without
// its user (compose.SessionGetter), or an error wrapping
// adapter.ErrNotFound.
func (m store) GetSession(ctx context.Context, sessionToken string) (out *adapter.Session, err error) {
	err = m.run(ctx, false, func(st *state) error { out, err = st.getSession(sessionToken); return err })
	return out, err
}

// GetSessionAndUser implements adapter.SessionStore.
func (m store) GetSessionAndUser(ctx context.Context, sessionToken string) (s *adapter.Session, u *adapter.User, err error) {
	err = m.run(ctx, false, func(st *state) error { s, u, err = st.getSessionAndUser(sessionToken); return err })
	return s, u, err
}

// UpdateSession implements adapter.SessionStore.
func (m store) UpdateSession(ctx context.Context, s *adapter.Session) error {
	return m.run(ctx, true, func(st *state) error { return st.updateSession(s) })
}

// DeleteSession implements adapter.SessionStore.
func (m store) DeleteSession(ctx context.Context, sessionToken string) error {
	return m.run(ctx, true, func(st *state) error { return st.deleteSession(sessionToken) })
}

// CreateVerificationToken implements adapter.VerificationTokenStore.
func (m store) CreateVerificationToken(ctx context.Context, vt *adapter.VerificationToken) error {
	return m.run(ctx, true, func(st *state) error { return st.createVerificationToken(vt) })
}

// UseVerificationToken implements adapter.VerificationTokenStore.
func (m store) UseVerificationToken(ctx context.Context, identifier, token string) (out *adapter.VerificationToken, err error) {
	err = m.run(ctx, true, func(st *state) error { out, err = st.useVerificationToken(identifier, token); return err })
	return out, err
}

// CreateAuthenticator implements adapter.AuthenticatorStore. It also returns
// adapter.ErrNotFound if there is no user with ID au.UserID.
func (m store) CreateAuthenticator(ctx context.Context, au *adapter.Authenticator) error {
	return m.run(ctx, true, func(st *state) error { return st.createAuthenticator(au) })
}

// GetAuthenticator implements adapter.AuthenticatorStore.
func (m store) GetAuthenticator(ctx context.Context, credentialID string) (out *adapter.Authenticator, err error) {
	err = m.run(ctx, false, func(st *state) error { out, err = st.getAuthenticator(credentialID); return err })
	return out, err
}

// ListAuthenticators implements adapter.AuthenticatorStore.
func (m store) ListAuthenticators(ctx context.Context, userID string) (out []*adapter.Authenticator, err error) {
	err = m.run(ctx, false, func(st *state) error { out = st.listAuthenticators(userID); return nil })
	return out, err
}

// DeleteAuthenticator implements adapter.AuthenticatorDeleter.
func (m store) DeleteAuthenticator(ctx context.Context, credentialID string) error {
	return m.run(ctx, true, func(st *state) error { return st.deleteAuthenticator(credentialID) })
}

// UpdateAuthenticatorCounter implements adapter.AuthenticatorStore.
func (m store) UpdateAuthenticatorCounter(ctx context.Context, credentialID string, counter int64) (out *adapter.Authenticator, err error) {
	err = m.run(ctx, true, func(st *state) error { out, err = st.updateAuthenticatorCounter(credentialID, counter); return err })
	return out, err
}

// ListSessions implements adapter.SessionLister.
func (m store) ListSessions(ctx context.Context, userID string) (out []*adapter.Session, err error) {
	err = m.run(ctx, false, func(st *state) error { out = st.listSessions(userID); return nil })
	return out, err
}

// DeleteUserSessions implements adapter.UserSessionsDeleter.
func (m store) DeleteUserSessions(ctx context.Context, userID string) error {
	return m.run(ctx, true, func(st *state) error { st.deleteUserSessions(userID); return nil })
}

// DeleteExpired implements adapter.ExpiredCleaner.
func (m store) DeleteExpired(ctx context.Context, now time.Time, limit int) (sessions, tokens int64, err error) {
	err = m.run(ctx, true, func(st *state) error { sessions, tokens = st.deleteExpired(now, limit); return nil })
	return sessions, tokens, err
}

// Ping implements adapter.Pinger. An in-memory store is always reachable, so
// it only reports a cancelled or expired ctx.
func (a *Adapter) Ping(ctx context.Context) error {
	return ctx.Err()
}

// errTxDone is returned by the adapter passed to an InTx function when it is
// used after that function returned.
var errTxDone = errors.New("memory: transaction adapter used after InTx returned")

// InTx implements adapter.Transactor. The transaction holds the adapter's
// write lock for its whole run, so other calls wait until it ends; fn works
// on a copy of the data, which replaces the stored data only if fn returns
// nil. If fn panics, the copy is dropped and the panic continues after the
// lock is released. fn must use only the tx adapter it is given: calling
// the outer adapter from fn deadlocks.
func (a *Adapter) InTx(ctx context.Context, fn func(tx adapter.Adapter) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	tx := newTx(a.st.clone())
	defer tx.finish()
	if err := fn(tx); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memory: transaction not committed: %w", err)
	}
	a.st = tx.st
	return nil
}
