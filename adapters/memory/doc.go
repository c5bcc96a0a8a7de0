// Package memory is an in-memory gatehouse adapter for tests, prototypes and
// single-process demos. Everything it stores is lost when the process ends.
//
// An *Adapter is safe for concurrent use. It implements the whole contract of
// package adapter: the four required stores, adapter.AuthenticatorStore,
// adapter.Transactor, adapter.SessionLister, adapter.UserSessionsDeleter,
// adapter.ExpiredCleaner and adapter.Pinger. It can also be the session
// store of a composition (package compose) whose users live elsewhere. It stores every key of User.Extra and Account.Extra, and
// it passes the conformance suite in package adaptertest.
//
// Stored values are copies: changing a value after passing it in, or after
// getting it back, never changes what is stored. Times are kept in UTC at
// full precision. Errors wrap adapter.ErrNotFound and adapter.ErrConflict and
// never contain tokens.
package memory
