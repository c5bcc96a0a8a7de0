package sqladapter

import (
	"context"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// The methods below run the contract's SQL, shared with gormadapter, in
// package internal/sqlstore, on the pool or on the InTx transaction.

// CreateUser implements adapter.UserStore.
func (a *Adapter) CreateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	st, c, err := a.use(ctx)
	if err != nil {
		return nil, err
	}
	return st.CreateUser(ctx, c, u)
}

// GetUser implements adapter.UserStore.
func (a *Adapter) GetUser(ctx context.Context, id string) (*adapter.User, error) {
	st, c, err := a.use(ctx)
	if err != nil {
		return nil, err
	}
	return st.GetUser(ctx, c, id)
}

// GetUserByEmail implements adapter.UserStore.
func (a *Adapter) GetUserByEmail(ctx context.Context, email string) (*adapter.User, error) {
	st, c, err := a.use(ctx)
	if err != nil {
		return nil, err
	}
	return st.GetUserByEmail(ctx, c, email)
}

// GetUserByAccount implements adapter.UserStore with one JOIN.
func (a *Adapter) GetUserByAccount(ctx context.Context, provider, providerAccountID string) (*adapter.User, error) {
	st, c, err := a.use(ctx)
	if err != nil {
		return nil, err
	}
	return st.GetUserByAccount(ctx, c, provider, providerAccountID)
}

// UpdateUser implements adapter.UserStore.
func (a *Adapter) UpdateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	st, c, err := a.use(ctx)
	if err != nil {
		return nil, err
	}
	return st.UpdateUser(ctx, c, u)
}

// DeleteUser implements adapter.UserStore: the user's authenticators,
// sessions and accounts and the user are deleted in one transaction.
func (a *Adapter) DeleteUser(ctx context.Context, id string) error {
	st, c, err := a.use(ctx)
	if err != nil {
		return err
	}
	return st.DeleteUser(ctx, c, id)
}

// LinkAccount implements adapter.AccountStore.
func (a *Adapter) LinkAccount(ctx context.Context, acc *adapter.Account) error {
	st, c, err := a.use(ctx)
	if err != nil {
		return err
	}
	return st.LinkAccount(ctx, c, acc)
}

// UpdateAccount implements adapter.AccountStore.
func (a *Adapter) UpdateAccount(ctx context.Context, acc *adapter.Account) error {
	st, c, err := a.use(ctx)
	if err != nil {
		return err
	}
	return st.UpdateAccount(ctx, c, acc)
}

// GetAccount implements adapter.AccountStore.
func (a *Adapter) GetAccount(ctx context.Context, provider, providerAccountID string) (*adapter.Account, error) {
	st, c, err := a.use(ctx)
	if err != nil {
		return nil, err
	}
	return st.GetAccount(ctx, c, provider, providerAccountID)
}

// ListAccounts implements adapter.AccountStore.
func (a *Adapter) ListAccounts(ctx context.Context, userID string) ([]*adapter.Account, error) {
	st, c, err := a.use(ctx)
	if err != nil {
		return nil, err
	}
	return st.ListAccounts(ctx, c, userID)
}

// UnlinkAccount implements adapter.AccountStore.
func (a *Adapter) UnlinkAccount(ctx context.Context, provider, providerAccountID string) error {
	st, c, err := a.use(ctx)
	if err != nil {
		return err
	}
	return st.UnlinkAccount(ctx, c, provider, providerAccountID)
}

// CreateSession implements adapter.SessionStore.
func (a *Adapter) CreateSession(ctx context.Context, s *adapter.Session) error {
	st, c, err := a.use(ctx)
	if err != nil {
		return err
	}
	return st.CreateSession(ctx, c, s)
}

// GetSessionAndUser implements adapter.SessionStore in one statement (a
// JOIN of the sessions and users tables).
func (a *Adapter) GetSessionAndUser(ctx context.Context, sessionToken string) (*adapter.Session, *adapter.User, error) {
	st, c, err := a.use(ctx)
	if err != nil {
		return nil, nil, err
	}
	return st.GetSessionAndUser(ctx, c, sessionToken)
}

// UpdateSession implements adapter.SessionStore.
func (a *Adapter) UpdateSession(ctx context.Context, s *adapter.Session) error {
	st, c, err := a.use(ctx)
	if err != nil {
		return err
	}
	return st.UpdateSession(ctx, c, s)
}

// DeleteSession implements adapter.SessionStore.
func (a *Adapter) DeleteSession(ctx context.Context, sessionToken string) error {
	st, c, err := a.use(ctx)
	if err != nil {
		return err
	}
	return st.DeleteSession(ctx, c, sessionToken)
}

// ListSessions implements adapter.SessionLister.
func (a *Adapter) ListSessions(ctx context.Context, userID string) ([]*adapter.Session, error) {
	st, c, err := a.use(ctx)
	if err != nil {
		return nil, err
	}
	return st.ListSessions(ctx, c, userID)
}

// DeleteExpired implements adapter.ExpiredCleaner.
func (a *Adapter) DeleteExpired(ctx context.Context, now time.Time, limit int) (sessions, tokens int64, err error) {
	st, c, err := a.use(ctx)
	if err != nil {
		return 0, 0, err
	}
	return st.DeleteExpired(ctx, c, now, limit)
}

// CreateVerificationToken implements adapter.VerificationTokenStore.
func (a *Adapter) CreateVerificationToken(ctx context.Context, t *adapter.VerificationToken) error {
	st, c, err := a.use(ctx)
	if err != nil {
		return err
	}
	return st.CreateVerificationToken(ctx, c, t)
}

// UseVerificationToken implements adapter.VerificationTokenStore:
// DELETE ... RETURNING on PostgreSQL and SQLite, SELECT ... FOR UPDATE and
// DELETE in one transaction on MySQL.
func (a *Adapter) UseVerificationToken(ctx context.Context, identifier, token string) (*adapter.VerificationToken, error) {
	st, c, err := a.use(ctx)
	if err != nil {
		return nil, err
	}
	return st.UseVerificationToken(ctx, c, identifier, token)
}

// CreateAuthenticator implements adapter.AuthenticatorStore. It returns
// adapter.ErrUnsupported on a schema without an authenticators table.
func (a *Adapter) CreateAuthenticator(ctx context.Context, au *adapter.Authenticator) error {
	st, c, err := a.use(ctx)
	if err != nil {
		return err
	}
	return st.CreateAuthenticator(ctx, c, au)
}

// GetAuthenticator implements adapter.AuthenticatorStore.
func (a *Adapter) GetAuthenticator(ctx context.Context, credentialID string) (*adapter.Authenticator, error) {
	st, c, err := a.use(ctx)
	if err != nil {
		return nil, err
	}
	return st.GetAuthenticator(ctx, c, credentialID)
}

// ListAuthenticators implements adapter.AuthenticatorStore.
func (a *Adapter) ListAuthenticators(ctx context.Context, userID string) ([]*adapter.Authenticator, error) {
	st, c, err := a.use(ctx)
	if err != nil {
		return nil, err
	}
	return st.ListAuthenticators(ctx, c, userID)
}

// UpdateAuthenticatorCounter implements adapter.AuthenticatorStore.
func (a *Adapter) UpdateAuthenticatorCounter(ctx context.Context, credentialID string, counter int64) (*adapter.Authenticator, error) {
	st, c, err := a.use(ctx)
	if err != nil {
		return nil, err
	}
	return st.UpdateAuthenticatorCounter(ctx, c, credentialID, counter)
}
