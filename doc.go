// Package gatehouse is authentication for Go net/http applications, built the
// way NextAuth.js / Auth.js works: one [http.Handler] mounted at a base path
// (default /api/auth) serves sign-in, sign-out, provider callbacks and the
// session endpoint with Auth.js's REST API and JSON shapes, so the
// next-auth/react client works against it unchanged.
//
// Storage goes through an [adapter.Adapter] (see package adapter and the
// adapters directory). With an adapter, sessions are database sessions: the
// browser holds a 256-bit random token and the database stores its SHA-256.
//
// A minimal server:
//
//	auth, err := gatehouse.New(gatehouse.Config{
//		Secrets:   []string{os.Getenv("AUTH_SECRET")},
//		URL:       "https://example.com/api/auth",
//		Adapter:   memory.New(),
//		Providers: []providers.Provider{credentialsProvider},
//	})
//	if err != nil {
//		log.Fatal(err)
//	}
//	mux := http.NewServeMux()
//	mux.Handle("/api/auth/", auth)
//	mux.Handle("/account", auth.RequireSession(accountPage))
//
// Application code reads the current session with [Auth.Session], or, behind
// [Auth.Middleware] or [Auth.RequireSession], with [SessionFromContext].
//
// # Email links
//
// An email provider (package providers/email) signs users in with a link
// mailed to them. POST /signin/{id} normalises the address, asks the SignIn
// callback, stores sha256hex(token + secret) of a 256-bit random token (as
// Auth.js does, so both can share the verification token table) and mails
// the link; at most one link per address per 30 seconds is sent by default
// ([EmailConfig]). Opening the link shows a page with one button, whose
// POST uses the token and signs the user in, creating the user or marking
// the address verified; mail scanners that open links therefore do not use
// them up. [EmailConfig.ConsumeOnGet] restores Auth.js's sign-in on GET.
//
// # Errors
//
// Failures that reach a user carry an Auth.js error code ([ErrorCode]), which
// the error page turns into a sentence. The cause is logged with log/slog and
// never shown to the user.
package gatehouse
