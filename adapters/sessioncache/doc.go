// Package sessioncache puts a small in-process cache in front of any
// adapter's GetSessionAndUser, the call gatehouse makes on every request
// that reads a database session.
//
// The cache is off unless you construct it:
//
//	a, err := sessioncache.New(store, sessioncache.Options{Size: 10000, TTL: 5 * time.Second})
//
// It holds at most Options.Size sessions (least recently used go first) and
// serves each for at most Options.TTL after it was read from the store.
// Missing sessions (adapter.ErrNotFound) and errors are never cached, so a
// new session is visible at once.
//
// # Staleness
//
// DeleteSession, UpdateSession, UpdateUser and DeleteUser called through this
// cache invalidate the affected entries in this process at once, so a
// session revoked here is never served again here.
//
// Other processes (other instances of the application, or anything writing
// to the store directly) are not told. On them, a revoked session (signed
// out, deleted with its user, or changed) can still be accepted, with the
// user as it was, for up to Options.TTL after that instance last read it
// from the store. That is the price of the cache: choose a TTL you can
// accept as the delay of a remote sign-out, or do not use the cache.
//
// # Capabilities
//
// New returns a *Cache, or a TxCache (which embeds the *Cache and adds InTx) when the wrapped
// adapter is an adapter.Transactor, so that gatehouse still finds
// transactions by type assertion. A *Cache always has the methods of
// adapter.AuthenticatorStore, adapter.SessionLister, adapter.ExpiredCleaner,
// adapter.Pinger, adapter.Initializer and adapter.Migrator; those the wrapped
// adapter lacks return adapter.ErrUnsupported, except Init, which then does
// nothing. The same holds for the adapter that TxCache.InTx passes to its
// function: it has the passkey and session-list methods of the wrapped
// transaction, and invalidates the cache on the writes made through it.
package sessioncache
