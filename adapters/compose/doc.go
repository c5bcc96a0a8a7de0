// Package compose builds one adapter.Adapter from parts kept in different
// stores: for example users, accounts and passkeys in PostgreSQL, sessions
// in Redis, and verification tokens in Redis or a third store.
//
//	a, err := compose.New(compose.Parts{
//		Users:    sqlStore,   // users, accounts (and passkeys, if it has them)
//		Sessions: redisStore, // must implement compose.SessionGetter
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
// UserSessionsDeleter when the store has it, otherwise through
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
//   - CreateSession does not check that the user exists in Parts.Users (no
//     store can check another's rows); gatehouse only creates sessions for
//     users it has just read or created.
//   - There is no Transactor: a transaction cannot span two stores. gatehouse
//     undoes a failed sign-up with DeleteUser instead.
//
// # Optional capabilities
//
// The composed Adapter always has the methods of adapter.AuthenticatorStore,
// adapter.SessionLister, adapter.ExpiredCleaner, adapter.Pinger,
// adapter.Initializer and adapter.Migrator. Those the parts lack return
// adapter.ErrUnsupported; Init, Migrate and Ping call every part that has
// them. The composition does not own its parts and does not close them.
package compose
