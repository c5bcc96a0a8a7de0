// Package adaptertest is the conformance suite for gatehouse storage
// adapters: every adapter in this repository runs it, and so should yours.
//
// Run checks the contract written in the doc comments of package adapter
// through the adapter's own methods (it needs no access to the database):
//
//   - the 22 cases of Auth.js's shared adapter tests, under their Auth.js
//     names (group "authjs");
//   - adapter.ErrNotFound for every lookup, update, use and delete of a
//     missing row ("notFound"), and adapter.ErrConflict, with the stored row
//     unchanged, for every unique-key clash ("conflict");
//   - cascading deletes, expired rows returned as they are, update
//     semantics, returned values being copies ("rules");
//   - times in UTC to the millisecond from any zone, empty optional fields,
//     quotes, backslashes, %, _, emoji and 4 KB / 10 KB strings, extra fields
//     ("roundTrip");
//   - atomicity under concurrency: 50 goroutines using one verification
//     token, 20 creating one email, 20 linking one provider account
//     ("concurrency");
//   - adapter.Transactor, adapter.SessionLister, adapter.UserSessionsDeleter,
//     adapter.ExpiredCleaner and adapter.Pinger when adapter.As finds them
//     on the adapter, through any wrappers ("optional").
//
// Every subtest makes its own users, accounts, sessions and tokens with
// random keys, so the suite can run against one shared database,
// repeatedly (go test -count=3) and with its subtests in parallel. Cases
// lists the subtests.
//
// # Running it on your adapter
//
// Call Run from a test in your adapter's package. newAdapter is called at
// the start of every subtest; return a fresh adapter, or the same one on a
// shared test database:
//
//	func TestMyAdapter(t *testing.T) {
//		db := openTestDatabase(t) // your helper; close it with t.Cleanup
//		a := myadapter.New(db)
//		adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return a },
//			adaptertest.WithUserExtra("role", "admin", "editor"), // if you store extra user columns
//			adaptertest.WithAccountExtra(map[string]any{"refresh_expires_in": 1800}), // if Account.Extra round-trips
//		)
//	}
//
// Then run it as often as you like, with the race detector:
//
//	go test -race -count=3 -run TestMyAdapter ./myadapter/
//
// A store that deletes expired sessions and tokens by itself (a TTL) cannot
// return expired rows as the contract describes; run the suite with
// WithSelfExpiry, whose doc lists exactly which expectations it relaxes.
//
// Subtests of optional capabilities your adapter lacks are skipped with a
// message saying why (go test -v shows them); nothing is skipped silently.
// Declare the capabilities your adapter must have with WithCapabilities (for
// example adaptertest.WithCapabilities(adaptertest.Transactions)), and their
// subtests fail instead of skipping if a change or a wrapper loses one.
// Run one case with -run, for example -run 'TestMyAdapter/concurrency/'.
package adaptertest
