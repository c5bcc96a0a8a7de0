// Package compose builds one adapter.Adapter from parts kept in different
// stores: for example users, accounts and passkeys in PostgreSQL, sessions
// in Redis, and verification tokens in Redis or a third store.
//
//	a, err := compose.New(compose.Parts{
//		Users:    sqlStore,   // users, accounts (and passkeys, if it has them)
//		Sessions: redisStore, // must implement compose.SessionPart
//		Tokens:   redisStore,
//	})
//
// # How calls are routed
//
// User, account and passkey methods go to Parts.Users; session methods to
// Parts.Sessions; verification token methods to Parts.Tokens.
// GetSessionAndUser reads the session from Parts.Sessions (through
// SessionGetter.GetSession, since that store holds no users) and then the
// user from Parts.Users: two round trips, one to each store. DeleteUser
// deletes the user in Parts.Users (with its accounts and passkeys, which
// live there too) and then the user's sessions in Parts.Sessions, through
// adapter.UserSessionsDeleter when the store has it, otherwise through
// adapter.SessionLister and DeleteSession.
//
// # What is atomic and what is not
//
// Every single call is exactly as atomic as the part it goes to: email and
// provider account uniqueness are Parts.Users' guarantees, single use of a
// verification token is Parts.Tokens', and so on. Nothing that touches two
// stores is atomic:
//
//   - DeleteUser is two steps. The user is deleted first; from that moment
//     its sessions are unusable, because GetSessionAndUser reports
//     adapter.ErrNotFound for a session whose user is gone. Then its
//     sessions are deleted. If that second step fails, DeleteUser returns the
//     error, and the leftover sessions stay unusable until they expire. If
//     Parts.Sessions can neither delete by user nor list sessions, they are
//     not deleted at all (the same holds: unusable, then expired).
//   - GetSessionAndUser is two reads, not a snapshot: the user is read after
//     the session, so a user changed or deleted in between is seen as it is
//     after the change.
//   - CreateSession reads the user in Parts.Users, stores the session, and
//     reads the user again, deleting the session and returning
//     adapter.ErrNotFound if the user is gone by then. With DeleteUser
//     deleting the user before its sessions, no session outlives its user;
//     between the store and the second read a session of a user being
//     deleted exists briefly, and GetSessionAndUser already reports it as
//     adapter.ErrNotFound.
//   - There is no Transactor: a transaction cannot span two stores. gatehouse
//     undoes a failed sign-up with DeleteUser instead.
//
// # Optional capabilities
//
// A composition is not a wrapper in the sense of package adapter: it has
// no single adapter to unwrap to, and what an optional capability means
// for it depends on which parts have it. So it has no Unwrap, and
// implements the capabilities itself, each through the parts it concerns:
//
//   - adapter.AuthenticatorStore through Parts.Users;
//   - adapter.SessionLister and adapter.UserSessionsDeleter through
//     Parts.Sessions (the latter through its SessionLister and
//     DeleteSession when it has no UserSessionsDeleter);
//   - adapter.ExpiredCleaner through Parts.Sessions for sessions and
//     Parts.Tokens for tokens;
//   - adapter.Initializer, adapter.Migrator and adapter.Pinger through
//     every part that has them.
//
// It finds each capability of a part with adapter.As, so a part may itself
// be wrapped (in a sessioncache.Cache, say). A method whose parts lack the
// capability returns adapter.ErrUnsupported; Ping and Migrate do so only
// when no part has it (a health check that checks nothing must not report
// healthy), and Init then does nothing. There is no adapter.Transactor: a
// transaction cannot span two stores. The composition does not own its
// parts and does not close them.
package compose
