// Package adapter defines the storage contract of gatehouse: the model types
// (User, Account, Session, VerificationToken, Authenticator), the small
// interfaces a storage backend implements, and the errors every backend
// returns.
//
// It plays the part that database/sql/driver plays for database/sql: users of
// gatehouse rarely import it except to name a model type, while authors of a
// storage backend implement its interfaces and run the conformance suite in
// package adaptertest against their implementation.
//
// # The contract
//
// An [Adapter] is the four required stores: [UserStore], [AccountStore],
// [SessionStore] and [VerificationTokenStore]. Every method takes a
// context.Context first and obeys these rules, which adaptertest checks:
//
//   - A lookup, update or delete of a row that does not exist returns an error
//     for which errors.Is(err, ErrNotFound) is true. Backends may wrap it.
//   - A write that would break a unique key (a second user with the same
//     email, a second link of the same provider account, a second session
//     with the same token, a second verification token with the same
//     identifier and token, a second authenticator with the same credential
//     ID) returns an error for which errors.Is(err, ErrConflict) is true and
//     leaves the stored data unchanged. It never returns a raw driver error
//     for that case and never stores a second row.
//   - Empty strings in optional string fields are stored as "absent" (SQL
//     NULL) and absent values read back as empty strings; nil pointers stay nil.
//   - Times are returned in UTC and keep at least millisecond precision,
//     whatever time zone the caller used.
//   - Any string without NUL bytes round-trips unchanged, whatever it holds
//     (quotes, backslashes, %, _, emoji) and however long (tokens of 10 KB).
//   - Returned values are fresh copies: changing them does not change what is
//     stored, and changing an argument after a call does not either.
//   - Methods are safe for concurrent use by multiple goroutines.
//
// # Optional capabilities and wrappers
//
// An adapter may also implement [AuthenticatorStore], [Transactor],
// [Initializer], [Migrator], [SessionLister], [UserSessionsDeleter],
// [ExpiredCleaner], [Pinger] and io.Closer. Find them with [As], never
// with a type assertion:
//
//	if tx, ok := adapter.As[adapter.Transactor](a); ok {
//		err = tx.InTx(ctx, fn)
//	}
//
// because a may be a wrapper around the adapter that has them. A wrapper
// (such as sessioncache.Cache) is an Adapter with a method
//
//	Unwrap() adapter.Adapter
//
// that returns the adapter it wraps, as an error wraps another with
// Unwrap() error. As looks at the outermost adapter first and goes inwards
// through Unwrap, so a wrapper passes on every capability it does not
// mention and intercepts the ones it must see by implementing them itself;
// the doc of As gives the exact rule, including the As(target any) bool
// method of a wrapper that intercepts a capability only when what it wraps
// has it. A wrapper must not forward capabilities by hand: a forwarder
// claims the capability even where the wrapped adapter lacks it.
//
// An adapter built from several stores (such as compose.Adapter) is not a
// wrapper: there is no single adapter to unwrap to, and what a capability
// means for it spans its parts (Ping pings every part; ListSessions asks
// the part that stores sessions). It implements those capabilities itself,
// finds each part's capabilities with As, and has no Unwrap.
//
// # Tokens
//
// Adapters store what they are given. Session tokens and verification tokens
// arrive already hashed by gatehouse when hashing is on (the default), so a
// leaked table cannot be replayed; an adapter never hashes or generates them.
package adapter
