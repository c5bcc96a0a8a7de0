// Command gatehouse runs the gatehouse demo app and maintains a gatehouse
// database.
//
// Usage:
//
//	gatehouse serve   [--addr 127.0.0.1:3000] [--database URL]   run the demo app
//	gatehouse migrate --database URL [--schema PRESET] [--dry-run] create or show the schema
//	gatehouse cleanup --database URL [--batch N]                 delete expired sessions and tokens
//	gatehouse secret                                              print a new AUTH_SECRET
//	gatehouse version                                             print the version it was built from
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
// are printed and listed at /dev/emails; set EMAIL_SERVER and EMAIL_FROM to
// turn dev mode off) and a credentials demo user whose name and password are
// printed at start-up. /dev/emails is served only when serve listens on
// loopback, trusts no proxy and the site's origin is loopback, and then only
// to loopback clients whose Host header names that origin (not another name
// resolving to 127.0.0.1) and whose request carries no proxy headers.
//
// serve never trusts forwarded headers by itself: on an address other
// machines can reach (0.0.0.0, a LAN address) it refuses to start unless
// AUTH_URL is set or host trust is asked for (AUTH_TRUST_HOST=true or
// --trust-host). X-Forwarded-For gives the client address only from the
// proxies listed in AUTH_TRUSTED_PROXIES or --trusted-proxies.
//
// The environment replaces those defaults, following Auth.js:
//
//	DATABASE_URL             database URL (sqlite:..., postgres://..., mysql://..., mongodb://... for serve and cleanup); --database wins
//	AUTH_SECRET              secret(s), comma-separated, signing one first
//	AUTH_URL                 public URL of the auth handler (https://example.com/api/auth)
//	AUTH_TRUST_HOST          take the origin from a proxy's X-Forwarded-Host/-Proto (true/false); --trust-host
//	AUTH_TRUSTED_PROXIES     proxy addresses/networks whose X-Forwarded-For is read (10.0.0.0/8,...); --trusted-proxies
//	EMAIL_SERVER, EMAIL_FROM send sign-in links by SMTP (smtp://user:pass@host:587) from this address
//	AUTH_RESEND_KEY, AUTH_SENDGRID_KEY, AUTH_POSTMARK_KEY, AUTH_MAILGUN_KEY, AUTH_LOOPS_KEY
//	                         send them through that HTTP mail API instead (from EMAIL_FROM)
//	AUTH_<PROVIDER>_ID, AUTH_<PROVIDER>_SECRET, AUTH_<PROVIDER>_ISSUER
//	                         enable a built-in OAuth/OIDC provider (AUTH_GITHUB_ID, AUTH_GOOGLE_ID, ...)
//	AUTH_OIDC_ISSUER, AUTH_OIDC_ID, AUTH_OIDC_SECRET
//	                         a generic OpenID Connect provider with id "oidc"
//	REDIS_URL                keep sessions and rate limits in Redis (redis://host:6379/0), users
//	                         in the database; warns when that Redis keeps nothing on disk
//	                         (then every session is lost when Redis restarts)
//	REDIS_PREFIX             the Redis key prefix (default "gatehouse:"), for applications
//	                         sharing one Redis
//
// On any other database serve writes nothing at start-up unless asked:
// --synchronize (or the URL's ?synchronize=true; --synchronize=false wins
// over it) creates missing tables, columns and indexes, and --demo-user
// adds the demo user. It prints the database, where its URL came from and
// what it will write there before it connects.
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
// --db-conn-max-idle (0 keeps the URL's max_open_conns, max_idle_conns,
// conn_max_lifetime and conn_max_idle_time, else the adapter's defaults; a
// flag given wins over the URL's option). --wait-for-db 30s
// retries the first connection with backoff (100ms doubling to 5s) for a
// database that starts together with the app. --store-timeout (default 5s)
// bounds each call to the database, or to Redis with REDIS_URL: a request
// whose store does not answer in time gets 503 with Retry-After.
//
// Every request gets an id (X-Request-Id: the proxy's when it is 1-64 of
// [A-Za-z0-9._-], else a random one), echoed in the answer and added to
// gatehouse's log lines as request_id; --access-log logs one line per
// request (method, path without the query, status, bytes, time, id).
//
// --metrics ADDR serves Prometheus metrics (sign-ins, session reads, store
// call durations, rate-limit refusals, emails, and with an SQL database the
// pool's open, in-use and idle connections and waits) at
// http://ADDR/metrics, on a listener of its own so that they are not public.
//
// GET /healthz (liveness: the process answers) and GET /readyz (readiness:
// the database answers a ping, and the server is not shutting down) answer
// whatever the Host header.
//
// # migrate
//
// migrate creates the tables, columns, indexes and foreign keys a gatehouse database lacks
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
