// Package redisadapter stores gatehouse's users, accounts, sessions,
// verification tokens and passkeys in Redis, through
// github.com/redis/go-redis/v9. It accepts any redis.UniversalClient, so a
// single node, a Sentinel-managed primary or a Cluster all work.
//
// The adapter implements the whole adapter contract (adapter.Adapter) and
// the optional adapter.AuthenticatorStore, adapter.SessionLister,
// adapter.ExpiredCleaner and adapter.Pinger. It does not implement
// adapter.Transactor: Redis has no rollback, so gatehouse undoes a failed
// sign-up with DeleteUser instead, as it does for every adapter without
// transactions.
//
// Give the client ContextTimeoutEnabled: true. Without it go-redis does
// not apply a context's deadline to the socket, so a call to a Redis that
// stopped answering waits ReadTimeout (5s by default) per attempt, retries
// included, whatever gatehouse's Config.StoreTimeout; with it the call
// ends at the deadline and the request is answered 503.
//
// # Key layout
//
// Every key starts with Options.Prefix (P, default "gatehouse:"). The
// identity data (users, accounts, passkeys and the indexes that keep emails,
// provider accounts and credential IDs unique) share one hash tag, so that
// every operation on them is one Lua script on one Cluster slot and is
// atomic, on a Cluster too. With B = P + "{" + P + "id}:":
//
//	B u:<userID>          hash   the user: id, name, email, ev (ms), image, x:<extra key> (JSON)
//	B e:<email>           string the ID of the user with this email (unique index)
//	B a:<n>:<prov>:<pid>  hash   the account (provider of length n, provider account ID) with its userId
//	B ua:<userID>         set    the user's account keys (the a: suffixes)
//	B c:<credentialID>    hash   a passkey with its userId
//	B uc:<userID>         set    the user's credential IDs
//	B us:<userID>         zset   the user's session tokens, scored by their expiry (ms)
//	B xs                  zset   every session token, scored by its expiry (for DeleteExpired)
//	B xt                  zset   every verification token as <n>:<identifier>:<token>, likewise
//
// Sessions and verification tokens, the bulk of the data, are tagged by
// their own token, so they spread over a Cluster's slots:
//
//	P s:{<token>}                  string "<expires ms> <userID>", expiring at Expires
//	P v:{<n>:<identifier>:<token>} string "<expires ms>", expiring at Expires
//
// The lengths n make the keys unambiguous whatever the strings hold. Times
// are stored as Unix milliseconds and read back in UTC.
//
// On a Cluster, the identity slot's shard therefore holds every user and the
// two expiry indexes, and sees one write per CreateSession, UpdateSession and
// CreateVerificationToken; the session and token keys themselves, the bulk
// of the data and of the reads, spread over all shards. Per-user hash tags
// were considered and rejected: a user's email and provider accounts must be
// unique across users, and a check-and-claim of a unique key cannot be
// atomic with the user's own keys when they live on different slots.
//
// Which keys each operation touches:
//
//   - CreateUser, UpdateUser, GetUserByEmail, GetUserByAccount, LinkAccount,
//     UpdateAccount, UnlinkAccount, ListAccounts and the authenticator
//     methods: one Lua script on the identity slot; atomic. Clashes on an
//     email, a provider account or a credential ID are adapter.ErrConflict,
//     and of concurrent writers exactly one wins.
//   - CreateVerificationToken is SET NX PXAT, then ZADD on the expiry index
//     (if that fails the SET is undone), and UseVerificationToken is
//     GETDEL: the token's one key decides, so exactly one of concurrent
//     users wins.
//   - CreateSession is SET NX PXAT on the session key, then one script on
//     the identity slot that checks the user exists and adds the token to the
//     user's session index and the expiry index (two slots; if the user is
//     missing, adapter.ErrNotFound, or the second step fails, the first is
//     undone). Since DeleteUser reads the same index in its own script on
//     that slot, a session created while its user is deleted is either
//     deleted by DeleteUser or refused. UpdateSession and DeleteSession
//     change the session key atomically, then the index.
//   - GetSessionAndUser is one round trip (a Lua script reading the session
//     and its user) on a single node or Sentinel client (*redis.Client). On a
//     Cluster (any other UniversalClient) the session and the user live on
//     different slots and it takes two round trips.
//   - DeleteUser removes the user, its email index, accounts and passkeys in
//     one script, then deletes its sessions' keys. Should that second step
//     fail, the remaining sessions point at a user that no longer exists, so
//     GetSessionAndUser already reports them as adapter.ErrNotFound, and
//     they expire by their TTL.
//
// # Expiry
//
// By default session and verification token keys expire by Redis TTL at
// their Expires (PXAT) plus Options.Retain (default 0), so no cleanup job is
// needed. The price is a deliberate deviation from the adapter contract: an
// expired session or token is gone, so GetSessionAndUser and
// UseVerificationToken report adapter.ErrNotFound for it (gatehouse then
// shows "invalid" rather than "expired" for an old magic link), and
// ListSessions leaves it out. Options.Retain keeps keys readable for a while
// after they expire.
//
// With Options.KeepExpired keys get no TTL and the adapter keeps the contract
// to the letter (it passes the whole conformance suite): expired sessions
// and tokens stay readable until DeleteExpired, which walks the expiry
// indexes, deletes them; run it periodically. DeleteExpired works in both
// modes; with TTLs it usually finds nothing left to delete.
//
// # Failures
//
// When Redis cannot be reached every method returns an error that wraps
// go-redis's error (for example "dial tcp 127.0.0.1:6390: connect:
// connection refused") and names the operation; nothing panics, and the
// adapter works again as soon as the server answers.
package redisadapter
