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
// accept as the delay of a remote sign-out, or do not use the cache, or
// set Options.Invalidator.
//
// # Invalidation across instances
//
// With Options.Invalidator (for example redisadapter.NewInvalidator on the
// Redis the deployment already has), every invalidation made through a
// Cache is also published, and every Cache subscribed to the same channel
// applies it: a sign-out or user change on one instance is refused by the
// others within the channel's delay (about a millisecond on one host;
// TestInvalidatorAcrossInstances in redisadapter measures it). Messages
// carry the SHA-256 of a session token, never the token. Writes inside a
// transaction (adapter.Transactor found through the Cache) are published
// when the transaction ends, once per session or user written: before the
// commit other instances could only refill their entries from the old rows.
//
// What is not guaranteed: pub/sub delivers at most once. If publishing
// fails, the change reaches other instances only through their TTL (the
// failure is logged). If a Cache's subscription fails, the Cache logs a
// line, empties itself, and resubscribes with backoff; until it is back,
// changes made elsewhere reach it only through the TTL, and once it is
// back nothing cached before the failure remains. Writes made around the
// Cache (directly on the store) are never published. Call Stop to end the
// subscription.
//
// # Capabilities
//
// A Cache is a wrapper in the sense of package adapter: its Unwrap returns
// the wrapped adapter, and adapter.As finds every optional capability of
// that adapter through the Cache, and none that it lacks. Three
// capabilities write sessions or users outside the four methods above, and
// the Cache intercepts them, through its As method, when the wrapped
// adapter has them:
//
//   - adapter.Transactor: the adapter a transaction passes to its function
//     drops the entries of what it writes, when it writes them and again
//     when InTx returns, so that a read that refilled the cache before the
//     commit is not kept (and a rolled-back write was never cached).
//   - adapter.UserSessionsDeleter: DeleteUserSessions also drops the
//     user's cached sessions.
//   - adapter.ExpiredCleaner: DeleteExpired(now) also drops the cached
//     sessions that expired before now.
//
// Everything else passes through unchanged. Writes made on the wrapped
// adapter itself (reached with Unwrap, or with adapter.As and its concrete
// type) are not seen by the Cache, like writes from other processes.
package sessioncache
