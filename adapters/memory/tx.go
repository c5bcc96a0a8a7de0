package memory

import (
	"context"
	"sync"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// txAdapter is the adapter.Adapter that InTx passes to its function. It works
// on a private copy of the data; the Adapter's lock is held by InTx.
type txAdapter struct {
	mu   sync.Mutex
	st   *state
	done bool
}

var (
	_ adapter.Adapter            = (*txAdapter)(nil)
	_ adapter.AuthenticatorStore = (*txAdapter)(nil)
	_ adapter.SessionLister      = (*txAdapter)(nil)
)

func (x *txAdapter) finish() {
	x.mu.Lock()
	x.done = true
	x.mu.Unlock()
}

func (x *txAdapter) do(ctx context.Context, f func(st *state) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.done {
		return errTxDone
	}
	return f(x.st)
}

func (x *txAdapter) CreateUser(ctx context.Context, u *adapter.User) (out *adapter.User, err error) {
	err = x.do(ctx, func(st *state) error { out, err = st.createUser(u); return err })
	return out, err
}

func (x *txAdapter) GetUser(ctx context.Context, id string) (out *adapter.User, err error) {
	err = x.do(ctx, func(st *state) error { out, err = st.getUser(id); return err })
	return out, err
}

func (x *txAdapter) GetUserByEmail(ctx context.Context, email string) (out *adapter.User, err error) {
	err = x.do(ctx, func(st *state) error { out, err = st.getUserByEmail(email); return err })
	return out, err
}

func (x *txAdapter) GetUserByAccount(ctx context.Context, provider, providerAccountID string) (out *adapter.User, err error) {
	err = x.do(ctx, func(st *state) error { out, err = st.getUserByAccount(provider, providerAccountID); return err })
	return out, err
}

func (x *txAdapter) UpdateUser(ctx context.Context, u *adapter.User) (out *adapter.User, err error) {
	err = x.do(ctx, func(st *state) error { out, err = st.updateUser(u); return err })
	return out, err
}

func (x *txAdapter) DeleteUser(ctx context.Context, id string) error {
	return x.do(ctx, func(st *state) error { return st.deleteUser(id) })
}

func (x *txAdapter) LinkAccount(ctx context.Context, acc *adapter.Account) error {
	return x.do(ctx, func(st *state) error { return st.linkAccount(acc) })
}

func (x *txAdapter) UpdateAccount(ctx context.Context, acc *adapter.Account) error {
	return x.do(ctx, func(st *state) error { return st.updateAccount(acc) })
}

func (x *txAdapter) GetAccount(ctx context.Context, provider, providerAccountID string) (out *adapter.Account, err error) {
	err = x.do(ctx, func(st *state) error { out, err = st.getAccount(provider, providerAccountID); return err })
	return out, err
}

func (x *txAdapter) ListAccounts(ctx context.Context, userID string) (out []*adapter.Account, err error) {
	err = x.do(ctx, func(st *state) error { out = st.listAccounts(userID); return nil })
	return out, err
}

func (x *txAdapter) UnlinkAccount(ctx context.Context, provider, providerAccountID string) error {
	return x.do(ctx, func(st *state) error { return st.unlinkAccount(provider, providerAccountID) })
}

func (x *txAdapter) CreateSession(ctx context.Context, s *adapter.Session) error {
	return x.do(ctx, func(st *state) error { return st.createSession(s) })
}

func (x *txAdapter) GetSessionAndUser(ctx context.Context, sessionToken string) (s *adapter.Session, u *adapter.User, err error) {
	err = x.do(ctx, func(st *state) error { s, u, err = st.getSessionAndUser(sessionToken); return err })
	return s, u, err
}

func (x *txAdapter) UpdateSession(ctx context.Context, s *adapter.Session) error {
	return x.do(ctx, func(st *state) error { return st.updateSession(s) })
}

func (x *txAdapter) DeleteSession(ctx context.Context, sessionToken string) error {
	return x.do(ctx, func(st *state) error { return st.deleteSession(sessionToken) })
}

func (x *txAdapter) CreateVerificationToken(ctx context.Context, vt *adapter.VerificationToken) error {
	return x.do(ctx, func(st *state) error { return st.createVerificationToken(vt) })
}

func (x *txAdapter) UseVerificationToken(ctx context.Context, identifier, token string) (out *adapter.VerificationToken, err error) {
	err = x.do(ctx, func(st *state) error { out, err = st.useVerificationToken(identifier, token); return err })
	return out, err
}

func (x *txAdapter) CreateAuthenticator(ctx context.Context, au *adapter.Authenticator) error {
	return x.do(ctx, func(st *state) error { return st.createAuthenticator(au) })
}

func (x *txAdapter) GetAuthenticator(ctx context.Context, credentialID string) (out *adapter.Authenticator, err error) {
	err = x.do(ctx, func(st *state) error { out, err = st.getAuthenticator(credentialID); return err })
	return out, err
}

func (x *txAdapter) ListAuthenticators(ctx context.Context, userID string) (out []*adapter.Authenticator, err error) {
	err = x.do(ctx, func(st *state) error { out = st.listAuthenticators(userID); return nil })
	return out, err
}

func (x *txAdapter) UpdateAuthenticatorCounter(ctx context.Context, credentialID string, counter int64) (out *adapter.Authenticator, err error) {
	err = x.do(ctx, func(st *state) error { out, err = st.updateAuthenticatorCounter(credentialID, counter); return err })
	return out, err
}

func (x *txAdapter) ListSessions(ctx context.Context, userID string) (out []*adapter.Session, err error) {
	err = x.do(ctx, func(st *state) error { out = st.listSessions(userID); return nil })
	return out, err
}
