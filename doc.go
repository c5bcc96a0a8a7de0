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
// Without an adapter (or with Session.Strategy [StrategyJWT]), sessions are
// JWT sessions: the session cookie holds an encrypted token exactly as
// Auth.js writes it (see package jwt), split into numbered cookies when it
// outgrows one, so a Next.js app and a Go server sharing AUTH_SECRET read
// each other's sessions. The JWT callback shapes the token and the Session
// callback the session; the cookie is re-issued when it is older than
// Session.UpdateAge or its token changed.
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
// # OAuth and OpenID Connect
//
// Providers from providers/oauth and the built-ins of providers/services
// (services.GitHub, services.Google, ...) sign users in with their service. POST
// /signin/{id} sends the user to the service with a state, a PKCE S256
// challenge and (OIDC) a nonce, each kept in a 15-minute encrypted cookie
// bound to the provider; GET or POST (form_post) /callback/{id} checks them,
// trades the code for tokens and links accounts as Auth.js v5 does: a
// returning account signs in and its stored tokens are updated, a new one
// creates a user (in one transaction with its account and session, or undone
// on failure), a signed-in user gains the account, and an email already
// used by another user is refused with OAuthAccountNotLinked unless the
// provider allows dangerous email linking ([providers.EmailLinker]), the
// provider asserts the email verified and the stored user's email is
// verified. [Auth.AccessToken] returns a user's access token for a
// provider's API, refreshing it when it has expired.
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
