package adapter

import (
	"context"
	"time"
)

// Adapter is the storage a gatehouse instance needs for database sessions,
// OAuth accounts and email sign-in. It is the four required stores; the
// optional capabilities below are found with As.
type Adapter interface {
	UserStore
	AccountStore
	SessionStore
	VerificationTokenStore
}

// UserStore stores users.
type UserStore interface {
	// CreateUser stores a new user and returns it as stored, with its ID.
	// If u.ID is empty the adapter generates one (NewID, or the database's
	// own key); if it is set the adapter keeps it unless its schema generates
	// keys itself (integer ids), in which case the returned ID is the
	// generated one. If another user has the same non-empty Email it returns
	// ErrConflict and stores nothing.
	CreateUser(ctx context.Context, u *User) (*User, error)
	// GetUser returns the user with this ID, or ErrNotFound. An ID that
	// cannot exist in the store (a UUID for an integer key) is ErrNotFound,
	// not a syntax error.
	GetUser(ctx context.Context, id string) (*User, error)
	// GetUserByEmail returns the user with exactly this email (the caller
	// normalises case), or ErrNotFound. An empty email is always ErrNotFound.
	GetUserByEmail(ctx context.Context, email string) (*User, error)
	// GetUserByAccount returns the user that the account (provider,
	// providerAccountID) is linked to, or ErrNotFound when no such account
	// exists.
	GetUserByAccount(ctx context.Context, provider, providerAccountID string) (*User, error)
	// UpdateUser overwrites the user with ID u.ID: Name, Email, EmailVerified
	// and Image are set to the given values (empty and nil clear them); of
	// Extra, only the keys present in the map are written and the others keep
	// their stored values. It returns the user as now stored. It returns
	// ErrNotFound if there is no such user and ErrConflict if the new email
	// belongs to another user, changing nothing in either case.
	UpdateUser(ctx context.Context, u *User) (*User, error)
	// DeleteUser deletes the user and, with it, the user's accounts, sessions
	// and authenticators, so that none of them can be found afterwards. It
	// returns ErrNotFound if there is no such user.
	DeleteUser(ctx context.Context, id string) error
}

// AccountStore stores the links between users and provider accounts.
type AccountStore interface {
	// LinkAccount stores a new account for a.UserID. It returns ErrConflict,
	// storing nothing, if an account with the same (Provider,
	// ProviderAccountID) exists, whichever user it belongs to, and
	// ErrNotFound, storing nothing, if there is no user a.UserID.
	LinkAccount(ctx context.Context, a *Account) error
	// UpdateAccount overwrites the token fields (RefreshToken, AccessToken,
	// ExpiresAt, TokenType, Scope, IDToken, SessionState, Extra) and Type of
	// the account identified by (a.Provider, a.ProviderAccountID). UserID is
	// not changed. It returns ErrNotFound if there is no such account.
	// gatehouse calls it on every OAuth sign-in and after a token refresh.
	UpdateAccount(ctx context.Context, a *Account) error
	// GetAccount returns the account (provider, providerAccountID), or
	// ErrNotFound.
	GetAccount(ctx context.Context, provider, providerAccountID string) (*Account, error)
	// ListAccounts returns the accounts linked to the user, in no particular
	// order; an unknown user has none (an empty slice, no error).
	ListAccounts(ctx context.Context, userID string) ([]*Account, error)
	// UnlinkAccount deletes the account (provider, providerAccountID) and
	// returns ErrNotFound if there is none. The user is kept.
	UnlinkAccount(ctx context.Context, provider, providerAccountID string) error
}

// SessionStore stores database sessions.
type SessionStore interface {
	// CreateSession stores a new session. It returns ErrConflict, storing
	// nothing, if a session with the same SessionToken exists, and
	// ErrNotFound, storing nothing, if there is no user s.UserID.
	CreateSession(ctx context.Context, s *Session) error
	// GetSessionAndUser returns the session with this token and its user, in
	// one round trip to the store where the store allows it (a JOIN in SQL).
	// It returns an expired session as it is: deciding about expiry is
	// gatehouse's job. It returns ErrNotFound if there is no such session or
	// its user no longer exists. (A store that expires rows by itself, such
	// as redisadapter in its default TTL mode, may report a session that
	// expired as ErrNotFound; gatehouse treats both alike. Such adapters say
	// so in their documentation and run adaptertest in a mode that keeps
	// expired rows.)
	GetSessionAndUser(ctx context.Context, sessionToken string) (*Session, *User, error)
	// UpdateSession sets the Expires of the session s.SessionToken (UserID is
	// not changed), or returns ErrNotFound.
	UpdateSession(ctx context.Context, s *Session) error
	// DeleteSession deletes the session with this token, or returns
	// ErrNotFound if there is none.
	DeleteSession(ctx context.Context, sessionToken string) error
}

// VerificationTokenStore stores single-use email sign-in tokens.
type VerificationTokenStore interface {
	// CreateVerificationToken stores a token. It returns ErrConflict, storing
	// nothing, if the same (Identifier, Token) exists.
	CreateVerificationToken(ctx context.Context, t *VerificationToken) error
	// UseVerificationToken finds the token matching both identifier and
	// token, deletes it and returns it, atomically: of any number of
	// concurrent calls for one token exactly one gets it and the others get
	// ErrNotFound. A token matching only one of the two fields is ErrNotFound
	// and is left in place. Expired tokens are returned too (gatehouse checks
	// expiry).
	UseVerificationToken(ctx context.Context, identifier, token string) (*VerificationToken, error)
}

// AuthenticatorStore stores WebAuthn credentials (passkeys). It is optional.
type AuthenticatorStore interface {
	// CreateAuthenticator stores a credential. It returns ErrConflict,
	// storing nothing, if the CredentialID exists, and ErrNotFound, storing
	// nothing, if there is no user a.UserID.
	CreateAuthenticator(ctx context.Context, a *Authenticator) error
	// GetAuthenticator returns the credential, or ErrNotFound.
	GetAuthenticator(ctx context.Context, credentialID string) (*Authenticator, error)
	// ListAuthenticators returns the user's credentials in no particular
	// order; an unknown user has none (an empty slice, no error).
	ListAuthenticators(ctx context.Context, userID string) ([]*Authenticator, error)
	// UpdateAuthenticatorCounter sets the credential's Counter and returns the
	// credential as now stored, or returns ErrNotFound.
	UpdateAuthenticatorCounter(ctx context.Context, credentialID string, counter int64) (*Authenticator, error)
}

// AuthenticatorDeleter is implemented by adapters that can delete a WebAuthn
// credential, for a user removing a passkey. It is optional; Auth.js's
// adapters have no such method.
type AuthenticatorDeleter interface {
	// DeleteAuthenticator deletes the credential, or returns ErrNotFound.
	DeleteAuthenticator(ctx context.Context, credentialID string) error
}

// Transactor is implemented by adapters that can run several calls as one
// atomic unit. gatehouse uses it to create a user, link its account and
// create its session together, so that a failure leaves no orphan user; for
// adapters without it gatehouse undoes what it wrote (DeleteUser) instead.
type Transactor interface {
	// InTx calls fn with an Adapter whose calls all belong to one
	// transaction. If fn returns an error (or panics) everything it did is
	// rolled back and InTx returns that error; otherwise it is committed.
	// The Adapter passed to fn must not be used after fn returns.
	InTx(ctx context.Context, fn func(tx Adapter) error) error
}

// Initializer is implemented by adapters that must do work before first use:
// connect, check the schema, or create it (Synchronize). gatehouse.New calls
// Init once and reports its error, so misconfiguration shows at start-up and
// not at the first sign-in. Init is idempotent.
type Initializer interface {
	Init(ctx context.Context) error
}

// Migrator is implemented by adapters that can create or upgrade their own
// schema. Migrate only ever adds (tables, columns, indexes); it never drops
// or rewrites data, and running it twice is a no-op.
type Migrator interface {
	Migrate(ctx context.Context) error
}

// SessionLister is implemented by adapters that can find a user's sessions,
// which "sign out everywhere" and session management pages need.
type SessionLister interface {
	// ListSessions returns the user's sessions, expired ones included, in no
	// particular order; an unknown user has none.
	ListSessions(ctx context.Context, userID string) ([]*Session, error)
}

// UserSessionsDeleter is implemented by adapters that can delete all of a
// user's sessions at once, without listing them first.
type UserSessionsDeleter interface {
	// DeleteUserSessions deletes every session of the user and keeps the
	// user; a user with no sessions, or no such user, is not an error.
	DeleteUserSessions(ctx context.Context, userID string) error
}

// ExpiredCleaner is implemented by adapters that can delete expired rows in
// bulk, for a periodic cleanup job.
type ExpiredCleaner interface {
	// DeleteExpired deletes up to limit sessions and up to limit
	// verification tokens whose Expires is before now, and reports how many
	// of each it deleted. limit <= 0 means no limit. Callers repeat the call
	// until both counts are below limit.
	DeleteExpired(ctx context.Context, now time.Time, limit int) (sessions, tokens int64, err error)
}

// Pinger is implemented by adapters that can check that their backend is
// reachable, for health checks.
type Pinger interface {
	Ping(ctx context.Context) error
}
