// Package bench is gatehouse's load harness: it seeds users and sessions
// straight into a database (batched inserts, the way the handler stores
// them: hashed tokens), serves GET /api/auth/session from gatehouse, from a
// "floor" server (a minimal net/http handler running the one indexed SELECT
// with the same driver) or from Auth.js, and drives it with a keep-alive Go
// load generator at a fixed concurrency for a fixed time, reporting
// requests/s, p50/p99 latency, errors and the server's resident set.
//
// The command bench/cmd/gatehouse-bench runs it; BENCHMARKS.md at the module
// root gives the method, the commands and the figures. Everything here is
// for measurement only: the session tokens are derived from a public key and
// an index so that every process can rebuild the cookies without passing
// them around, which is exactly what a real deployment must never do.
package bench
