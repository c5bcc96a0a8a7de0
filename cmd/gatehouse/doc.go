// Command gatehouse runs the gatehouse demo app and maintains a gatehouse
// database.
//
// Usage:
//
//	gatehouse serve   [--addr 127.0.0.1:3000] [--database URL]   run the demo app
//	gatehouse migrate --database URL [--schema PRESET] [--dry-run] create or show the schema
//	gatehouse cleanup --database URL [--batch N]                 delete expired sessions and tokens
//	gatehouse secret                                              print a new AUTH_SECRET
//
// Every subcommand explains its flags with --help. Errors are one line on
// standard error and a non-zero exit status (2 for a usage mistake, 1 for
// anything else).
//
// # serve
//
// serve runs a small web app protected by gatehouse: a home page showing the
// session, a protected page, and sign-in and sign-out through gatehouse's
// pages. With no flags and no environment it runs on an embedded default:
// SQLite in the file gatehouse.db in the working directory (created and kept
// up to date with Synchronize), a generated secret (with a warning: sessions
// end when the process does), the email provider in dev mode (sign-in links
// are printed and listed at /dev/emails, which answers only loopback
// clients) and a credentials demo user whose name and password are printed at
// start-up.
//
// The environment replaces those defaults, following Auth.js:
//
//	DATABASE_URL             database URL (sqlite:..., postgres://..., mysql://...); --database wins
//	AUTH_SECRET              secret(s), comma-separated, signing one first
//	AUTH_URL                 public URL of the auth handler (https://example.com/api/auth)
//	AUTH_TRUST_HOST          trust X-Forwarded-* headers from a proxy (true/false)
//	EMAIL_SERVER, EMAIL_FROM send sign-in links by SMTP (smtp://user:pass@host:587) from this address
//	AUTH_<PROVIDER>_ID, AUTH_<PROVIDER>_SECRET, AUTH_<PROVIDER>_ISSUER
//	                         enable a built-in OAuth/OIDC provider (AUTH_GITHUB_ID, AUTH_GOOGLE_ID, ...)
//	AUTH_OIDC_ISSUER, AUTH_OIDC_ID, AUTH_OIDC_SECRET
//	                         a generic OpenID Connect provider with id "oidc"
//	REDIS_URL                keep sessions and rate limits in Redis (redis://host:6379/0), users
//	                         in the database; warns when that Redis keeps nothing on disk
//	                         (then every session is lost when Redis restarts)
//
// The active providers are listed at start-up. SIGINT or SIGTERM shut the
// server down gracefully: /readyz turns 503, --drain-delay passes (default
// 0), the listener closes, requests in flight get --shutdown-grace (default
// 10s) to finish and are then cut off; serve exits 0.
//
// The HTTP server cuts off slow and idle clients (flags, defaults):
//
//	--read-header-timeout 10s   time to send the request headers
//	--read-timeout 30s          time to send a whole request, body included
//	--write-timeout 60s         time to answer, from the end of the headers
//	--idle-timeout 2m           a kept-alive connection between requests
//	--max-header-bytes 65536    larger headers get 431
//
// Database pool limits: --db-max-open, --db-max-idle, --db-conn-max-lifetime,
// --db-conn-max-idle (0 keeps the adapter's defaults). --wait-for-db 30s
// retries the first connection with backoff (100ms doubling to 5s) for a
// database that starts together with the app.
//
// Every request gets an id (X-Request-Id: the proxy's when it is 1-64 of
// [A-Za-z0-9._-], else a random one), echoed in the answer and added to
// gatehouse's log lines as request_id; --access-log logs one line per
// request (method, path without the query, status, bytes, time, id).
//
// --metrics ADDR serves Prometheus metrics (sign-ins, session reads, store
// call durations, rate-limit refusals, emails) at http://ADDR/metrics, on a
// listener of its own so that they are not public.
//
// GET /healthz (liveness: the process answers) and GET /readyz (readiness:
// the database answers a ping, and the server is not shutting down) answer
// whatever the Host header.
//
// # migrate
//
// migrate creates the tables, columns and indexes a gatehouse database lacks
// for a schema preset (default, nextauth-v3, authjs, authjs-prisma). It never
// drops or changes anything and running it twice changes nothing. --dry-run
// prints the SQL instead of running it.
//
// # cleanup
//
// cleanup deletes expired sessions and verification tokens in batches of
// --batch rows, printing a progress line per batch and the final count. Each
// batch is a short statement of its own, so it is safe to run while the app
// serves.
//
// # secret
//
// secret prints 32 random bytes in base64, suitable for AUTH_SECRET.
package main
