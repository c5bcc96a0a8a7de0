package gatehouse

import (
	"context"
	"encoding/json"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/providers"
)

// Defaults of Config fields.
const (
	DefaultBasePath  = "/api/auth"
	DefaultMaxAge    = 30 * 24 * time.Hour
	DefaultUpdateAge = 24 * time.Hour
	// MinSecretLength is the shortest secret New accepts, in bytes.
	MinSecretLength = 32
)

// Config configures an [Auth]. The zero value of every field but Secrets (and
// URL, unless TrustHost is set) is a working default; [New] checks the whole
// configuration and reports every problem it finds.
type Config struct {
	// Secrets sign and verify everything gatehouse hands to a browser (CSRF
	// tokens, and encrypted tokens where used). The first secret signs; any
	// of them verifies, so a secret can be rotated by putting the new one
	// first and removing the old one later. Each must be at least 32 bytes
	// (generate one with `openssl rand -base64 32`). Required; no default.
	Secrets []string

	// URL is the public URL of the auth handler, such as
	// "https://example.com/api/auth": its scheme and host are the site's
	// origin and its path, if any, is the base path. When URL is set,
	// request headers never change the origin. Default: empty, which
	// requires TrustHost and takes the origin from each request.
	URL string

	// BasePath is the path the handler is mounted at, used when URL has no
	// path. Default "/api/auth".
	BasePath string

	// TrustHost makes gatehouse trust the proxy in front of it for the
	// site's origin: with no URL the origin is taken from X-Forwarded-Proto
	// and X-Forwarded-Host (or the request's Host and TLS state when they
	// are absent). With URL set it changes nothing. The client address
	// comes from X-Forwarded-For only with TrustedProxies. Leave it false
	// when requests reach the server directly. Sites with email sign-in
	// should set URL too: links in emails are built from the origin, and
	// a proxy that passes a client's X-Forwarded-Host through would let an
	// attacker point a victim's link at another host. Default false.
	TrustHost bool

	// TrustedProxies are the addresses of the reverse proxies in front of
	// the handler (netip.MustParsePrefix("10.0.0.0/8"), a single proxy as
	// "192.0.2.10/32"). Only a request whose connection comes from one of
	// them has its X-Forwarded-For read, right to left, skipping these
	// proxies; the first other address is the client address used for rate
	// limits. From any other peer X-Forwarded-For is ignored, so a client
	// cannot dodge the per-address limits by sending the header itself.
	// Default none: the connection's peer is the client.
	TrustedProxies []netip.Prefix

	// TrustedOrigins are further origins ("https://app.example.com") allowed
	// to send cross-origin POST requests to the handler, on top of the
	// site's own origin (see http.CrossOriginProtection). Default none.
	TrustedOrigins []string

	// Providers are the ways to sign in. Each ID must be unique. Default
	// none (the sign-in page then has nothing to offer).
	Providers []providers.Provider

	// Adapter stores users, accounts, sessions and verification tokens. If
	// it implements adapter.Initializer, New calls Init once. Default nil:
	// no storage, which only JWT sessions allow; an OAuth user's ID is
	// then StatelessUserID(provider, account id).
	Adapter adapter.Adapter

	// StoreTimeout bounds each call gatehouse makes to the Adapter, so
	// that a frozen database holds no request for longer. A call that
	// times out or cannot reach the store fails with ErrStoreUnavailable,
	// answered with 503 and Retry-After. Default DefaultStoreTimeout (5s);
	// negative turns the deadline off.
	StoreTimeout time.Duration

	// Metrics receives sign-ins, session reads, store call durations,
	// rate-limit refusals and emails (see the Metric* constants). Default
	// none.
	Metrics Metrics

	// Tracer starts a span for each request to the REST API and for each
	// adapter call, the request's span the parent of its calls' (see
	// Tracer and the Span* constants; otelgatehouse.NewTracer for
	// OpenTelemetry). Default none: nothing is traced, at no cost.
	Tracer Tracer

	// Database configures the default SQL adapter without constructing it,
	// like NextAuth.js's `database` option: a connection URL string
	// ("sqlite::memory:?synchronize=true", "postgres://user@host/db") or a
	// sqladapter.Config. These three are equivalent:
	//
	//	Config{Database: "sqlite::memory:?synchronize=true"}
	//	Config{Adapter: adapters.Default(sqladapter.Config{Type: "sqlite", Database: ":memory:", Synchronize: true})}
	//	Config{Adapter: sqladapter.New(sqladapter.Config{Type: "sqlite", Database: ":memory:", Synchronize: true})}
	//
	// The application imports the database driver (for example
	// _ "modernc.org/sqlite"). Setting both Database and Adapter is an
	// error. Default nil.
	Database any

	// Openers opens Database URLs of adapters outside the core: each key
	// is a URL scheme ("mongodb") and its value the Opener that the
	// adapter's module exports, for example Openers: mongoadapter.Openers().
	// The application passes them here, rather than the modules
	// registering themselves globally, so the core imports no driver and
	// two Configs never share hidden state. Default nil: the SQL
	// adapter's schemes only.
	Openers map[string]adapter.Opener

	// Session configures sessions.
	Session SessionConfig

	// Cookies configures cookie names and attributes.
	Cookies CookieConfig

	// Pages replaces built-in pages by the application's own.
	Pages Pages

	// Theme brands the built-in pages.
	Theme Theme

	// Callbacks let the application decide who may sign in, where users are
	// sent and what the session contains.
	Callbacks Callbacks

	// Events are called after things happen, for auditing or side effects.
	Events Events

	// Credentials configures credentials sign-in: the limit on failed
	// attempts.
	Credentials CredentialsConfig

	// Email configures email (magic-link) sign-in: the limit on links
	// sent, scanner-safe links and token hashing. See EmailConfig for
	// each field's default.
	Email EmailConfig

	// IsAPIRequest tells [Auth.RequireSession] whether a request comes from
	// a program (answered 401 with JSON) or a browser page (redirected to
	// the sign-in page). Default: a request is a page request when its
	// Accept header names text/html, and an API request otherwise.
	IsAPIRequest func(r *http.Request) bool

	// Logger receives errors (with their causes) and, with Debug, a line per
	// request outcome. Default slog.Default().
	Logger *slog.Logger

	// Debug also logs successful sign-ins, sign-outs and session
	// refreshes at Info level. Failures are always logged, with their
	// causes, at Warn (expected ones such as a wrong password) or Error
	// level. Secrets and tokens are never logged. Default false.
	Debug bool

	// Now returns the current time; tests set it to move time. Default
	// time.Now.
	Now func() time.Time
}

// SessionStrategy is how sessions are kept.
type SessionStrategy string

// The session strategies.
const (
	// StrategyDatabase keeps sessions as rows in the adapter; the cookie
	// holds a random token. The default when an Adapter is set.
	StrategyDatabase SessionStrategy = "database"
	// StrategyJWT keeps the session in an encrypted cookie. The default
	// without an Adapter.
	StrategyJWT SessionStrategy = "jwt"
)

// SessionConfig configures sessions.
type SessionConfig struct {
	// Strategy is StrategyDatabase or StrategyJWT. Default StrategyDatabase
	// when Config.Adapter is set, StrategyJWT otherwise.
	Strategy SessionStrategy

	// MaxAge is how long an idle session lasts. Default 30 days.
	MaxAge time.Duration

	// UpdateAge throttles sliding expiry: a session's expiry is pushed to
	// now+MaxAge at most once per UpdateAge (for database sessions one
	// database write; for JWT sessions a re-encrypted cookie, which Auth.js
	// instead re-issues on every read; time.Nanosecond does the same). It
	// must not exceed MaxAge; 0 means the default. Default 24 hours.
	UpdateAge time.Duration

	// RawTokens stores database session tokens as they are in the cookie,
	// as NextAuth.js and Auth.js do, so that gatehouse can share a sessions
	// table with them. By default gatehouse stores the SHA-256 (hex) of the
	// token, so that a leaked table cannot be replayed. Default false.
	RawTokens bool

	// JWTCacheSize is how many verified JWT session tokens are remembered
	// (per cookie name), so that a repeated read skips decryption; the
	// least recently used is evicted. Each lookup is counted through
	// Config.Metrics (MetricCacheLookups, cache "jwt", result "hit" or
	// "miss"), and Auth.JWTCacheStats returns the counters. Negative
	// disables the cache. Default 8192.
	JWTCacheSize int
}

// CookieConfig configures cookie names and attributes. Every cookie is
// HttpOnly with Path=/; it is Secure, and its name has the __Secure- (or, for
// the CSRF cookie, __Host-) prefix, when the site's origin is https.
type CookieConfig struct {
	// V4Names is NextAuth.js v4 mode, for apps whose front end or Next.js
	// server still uses next-auth 4 (ConfigFromEnv: AUTH_NEXTAUTH_V4; the
	// demo: gatehouse serve --nextauth-v4). It uses v4's cookie names
	// (next-auth.session-token, ...) instead of Auth.js v5's
	// (authjs.session-token, ...), answers GET /session without a session
	// with {} as v4 does (v5: null; the v4 client logs CLIENT_FETCH_ERROR
	// on null), and makes JWT sessions NextAuth.js v4 tokens (A256GCM,
	// empty salt) instead of Auth.js v5 tokens (A256CBC-HS512, the cookie
	// name as salt). Default false.
	//
	// Two things the v4 client needs work in either mode, because they
	// cannot be mistaken for anything a v5 client or a browser form sends:
	// a failed credentials sign-in posted with v4's json=true field is
	// answered 401 {"url": ...} as v4's server does (v5's client sends the
	// X-Auth-Return-Redirect header instead and gets 200, as from Auth.js
	// v5), and POST /_log, where the v4 client reports its errors, is
	// accepted and logged at Info, bounded in size and rate.
	V4Names bool

	// Domain is the Domain attribute of every cookie but the CSRF cookie,
	// for sharing a session across subdomains ("example.com"). Default
	// empty: host-only cookies.
	Domain string

	// SameSite is the SameSite attribute. Default http.SameSiteLaxMode.
	// http.SameSiteNoneMode needs an https origin.
	SameSite http.SameSite
}

// Pages are paths (or absolute URLs on the site) of the application's own
// pages. gatehouse redirects to a page that is set, with the same query
// parameters Auth.js passes (callbackUrl, error), instead of rendering its
// built-in one. Every field defaults to empty: the built-in page.
type Pages struct {
	// SignIn replaces the sign-in page; it gets callbackUrl and error.
	SignIn string
	// SignOut replaces the sign-out confirmation page.
	SignOut string
	// Error replaces the error page; it gets error=<ErrorCode>.
	Error string
	// VerifyRequest replaces the "check your email" page.
	VerifyRequest string
	// NewUser, when set, is where users go after their first sign-in, with
	// callbackUrl set to where they were going.
	NewUser string
}

// Theme brands the built-in pages.
type Theme struct {
	// SiteName is shown in titles and headings. Default "gatehouse".
	SiteName string
	// BrandColor is a CSS colour for buttons and links. Default "#346df1".
	BrandColor string
	// ColorScheme is Auth.js's theme.colorScheme: "auto" follows the
	// browser's prefers-color-scheme, "light" and "dark" fix the scheme.
	// Default "auto".
	ColorScheme string
	// LogoURL is an image shown above the forms. Default none.
	LogoURL string
	// ButtonText is the CSS colour of button text. Default "#fff".
	ButtonText string
	// Lang is the pages' language tag (<html lang>). Default "en".
	Lang string
	// Templates replaces built-in templates: a file named signin.html,
	// signout.html, verify-request.html, error.html or email-confirm.html in
	// it is used instead of the built-in one. Default nil.
	Templates fs.FS
}

// RateLimit limits how often something may happen per identifier (a user
// name, an email address) and per client address, each within its own
// window. What is counted depends on where it is used: failed sign-ins for
// Config.Credentials, links sent for Config.Email. Every zero field takes
// the value of the default for that use (DefaultCredentialsRateLimit,
// DefaultEmailRateLimit); negative values are a configuration error.
//
// Behind a reverse proxy set Config.TrustedProxies, so that the client
// address is the one the proxy reports; otherwise every client shares the
// proxy's address and the IP limit applies to all of them together.
type RateLimit struct {
	// Identifier is how many times one identifier (per provider) is
	// counted within IdentifierWindow before further attempts are
	// refused.
	Identifier int
	// IdentifierWindow is how long the identifier's count lasts, from its
	// first event.
	IdentifierWindow time.Duration
	// IP is how many times one client address (per provider) is counted
	// within IPWindow, whatever identifiers it uses.
	IP int
	// IPWindow is how long the client address's count lasts.
	IPWindow time.Duration
	// MaxKeys bounds the memory of the default in-memory store: at most
	// twice this many keys (identifiers and client addresses). When it is
	// full, keys whose window has ended are dropped; if none has, attempts
	// that would need a new key are refused (failing closed) rather than
	// forgetting a live count, which could unlock a locked account.
	// Ignored when Store is set.
	MaxKeys int
	// Store keeps the counts. Default: an in-memory store per Auth, so
	// with N instances of the application each limit is N times as large
	// in total. To make limits hold across instances, use a shared store:
	// redisadapter.NewRateLimitStore or sqladapter.NewRateLimitStore (one
	// store may serve both Config.Credentials and Config.Email).
	Store adapter.RateLimitStore
	// Disabled turns both limits off (for example when the mail service
	// or a proxy in front limits instead).
	Disabled bool
}

// DefaultCredentialsRateLimit returns the default of
// Config.Credentials.RateLimit: 5 failed sign-ins per identifier and 50 per
// client address within 15 minutes, tracking up to 100000 of each.
func DefaultCredentialsRateLimit() RateLimit {
	return RateLimit{Identifier: 5, IdentifierWindow: 15 * time.Minute, IP: 50, IPWindow: 15 * time.Minute, MaxKeys: 100000}
}

// DefaultEmailRateLimit returns the default of Config.Email.RateLimit: one
// sign-in link per address per 30 seconds, and 30 links per client address
// within 15 minutes, tracking up to 100000 of each.
func DefaultEmailRateLimit() RateLimit {
	return RateLimit{Identifier: 1, IdentifierWindow: 30 * time.Second, IP: 30, IPWindow: 15 * time.Minute, MaxKeys: 100000}
}

// CredentialsConfig configures sign-in with credentials providers.
type CredentialsConfig struct {
	// RateLimit limits failed sign-ins: after RateLimit.Identifier
	// failures for one identifier (the provider's identifying field, such
	// as the user name), or RateLimit.IP failures from one client address,
	// further attempts fail with CredentialsSignin until the window ends.
	// A successful sign-in clears the identifier's count. Note that the
	// identifier limit lets anyone lock an account for one window by
	// failing on purpose; keep IdentifierWindow short. Default
	// DefaultCredentialsRateLimit().
	RateLimit RateLimit
}

// EmailConfig configures email (magic-link) sign-in, for every email
// provider in Config.Providers. Email providers need Config.Adapter, which
// stores the one-time tokens.
type EmailConfig struct {
	// RateLimit limits the sign-in links sent: RateLimit.Identifier links
	// to one address (per provider) within RateLimit.IdentifierWindow, and
	// RateLimit.IP links requested by one client address within
	// RateLimit.IPWindow, whatever addresses they go to, so that nobody can
	// have the site mail a long list of strangers. A request over a limit
	// sends nothing, is answered with a Retry-After header, and sends the
	// user back to the sign-in page with ?error=EmailRateLimited, which
	// says to check their inbox or wait. A send that fails does not count.
	// Default DefaultEmailRateLimit().
	RateLimit RateLimit

	// ConsumeOnGet signs the user in as soon as the link is opened, as
	// NextAuth.js and Auth.js do. By default opening the link (GET) shows a
	// page with one button whose POST uses the link, because mail
	// scanners (Outlook Safe Links, corporate gateways) open links before
	// the user does and would otherwise use them up. Default false.
	ConsumeOnGet bool

	// JoinSecrets stores new tokens hashed with all of Secrets joined by
	// commas, which is how Auth.js v5 hashes them when its secret is an
	// array (AUTH_SECRET_1, AUTH_SECRET_2, ...). Set it only when an
	// Auth.js app with exactly those secrets, in that order, shares the
	// verification token table. By default tokens are hashed with the first
	// secret, as NextAuth.js v4 and Auth.js with a single AUTH_SECRET do.
	// Either way a link is accepted when its token hashes to the stored
	// value with any one secret or with the joined secrets, so links keep
	// working across a secret rotation and links made by Auth.js work.
	// Default false.
	JoinSecrets bool
}

// Trigger says why a callback is called.
type Trigger string

// The triggers.
const (
	// TriggerSignIn is a sign-in of an existing user.
	TriggerSignIn Trigger = "signIn"
	// TriggerSignUp is the first sign-in of a new user.
	TriggerSignUp Trigger = "signUp"
	// TriggerUpdate is a POST /session (the client's update()).
	TriggerUpdate Trigger = "update"
)

// Callbacks are the application's decisions. Each nil callback has the
// default behaviour described on its field. A callback's error is logged and
// the user sees an error code, never the error text.
type Callbacks struct {
	// SignIn decides whether a user may sign in. Return an error to refuse
	// (the user sees AccessDenied), a non-empty redirect to send the user
	// there instead of signing in, or ("", nil) to allow. Default: allow.
	SignIn func(ctx context.Context, p SignInParams) (redirect string, err error)

	// Redirect decides where a user goes after signing in or out. url is
	// the requested callbackUrl (possibly relative) and baseURL the site's
	// origin. The result must be an absolute http(s) URL or a path starting
	// with a single "/"; anything else sends the user to baseURL. Default
	// [DefaultRedirect]: same origin only.
	Redirect func(ctx context.Context, url, baseURL string) (string, error)

	// Session shapes what GET /session returns and what Auth.Session gives
	// the application. p.Session is the default; return it changed, or a
	// new one. Default: p.Session unchanged.
	Session func(ctx context.Context, p SessionParams) (*Session, error)

	// JWT shapes the token kept in a JWT session cookie. It is called at
	// sign-in (Trigger TriggerSignIn or TriggerSignUp, with User set), on
	// every session read (Trigger empty) and on POST /session (Trigger
	// TriggerUpdate, with Session set). p.Token may be changed and
	// returned; a token that differs from the one in the cookie is
	// re-issued. Return nil to end the session (its cookies are cleared; at
	// sign-in, the sign-in completes without a session, as in Auth.js).
	// Default: p.Token unchanged. Used by the JWT strategy only.
	JWT func(ctx context.Context, p JWTParams) (map[string]any, error)
}

// SignInParams is what the SignIn callback decides on.
type SignInParams struct {
	// User is the user signing in: the stored user, or for a first sign-in
	// the user about to be created (with an empty ID).
	User *adapter.User
	// Account is the provider account, or nil for credentials.
	Account *adapter.Account
	// Provider is the provider used.
	Provider providers.Info
	// Profile is the OAuth/OIDC profile, or nil.
	Profile *providers.Profile
	// Credentials are the submitted credentials fields, for the
	// credentials provider (the password included); nil otherwise.
	Credentials map[string]string
	// VerificationRequest is true when an email link is about to be sent,
	// rather than used.
	VerificationRequest bool
}

// SessionParams is what the Session callback shapes.
type SessionParams struct {
	// Session is the session as it stands: by default the user's ID,
	// name, email and image, and the expiry.
	Session *Session
	// User is the stored user (database sessions); nil for JWT sessions.
	User *adapter.User
	// Token is the decoded token (JWT sessions); nil for database sessions.
	Token map[string]any
	// Trigger is TriggerUpdate for POST /session, empty otherwise.
	Trigger Trigger
	// NewSession is the "data" sent with POST /session (raw JSON), or nil.
	NewSession json.RawMessage
}

// JWTParams is what the JWT callback shapes.
type JWTParams struct {
	// Token is the token as it stands.
	Token map[string]any
	// User is set at sign-in, nil otherwise.
	User *adapter.User
	// Account is set at an OAuth sign-in, nil otherwise.
	Account *adapter.Account
	// Profile is set at an OAuth sign-in, nil otherwise.
	Profile *providers.Profile
	// Trigger is TriggerSignIn, TriggerSignUp, TriggerUpdate or empty (a
	// session read).
	Trigger Trigger
	// IsNewUser is true at the first sign-in.
	IsNewUser bool
	// Session is the "data" sent with POST /session, or nil.
	Session json.RawMessage
}

// Events are notified after something happened. They run synchronously in
// the request; a slow event slows the request. Nil events are skipped.
type Events struct {
	// SignIn follows every successful sign-in.
	SignIn func(ctx context.Context, e SignInEvent)
	// SignOut follows a sign-out.
	SignOut func(ctx context.Context, e SignOutEvent)
	// CreateUser follows the creation of a user.
	CreateUser func(ctx context.Context, user *adapter.User)
	// UpdateUser follows an update of a user by gatehouse (email verified).
	UpdateUser func(ctx context.Context, user *adapter.User)
	// LinkAccount follows the linking of a provider account to a user.
	LinkAccount func(ctx context.Context, e LinkAccountEvent)
	// Session follows every GET and POST /session that found a session.
	Session func(ctx context.Context, e SessionEvent)
}

// SignInEvent describes a sign-in.
type SignInEvent struct {
	User      *adapter.User
	Account   *adapter.Account // nil for credentials
	Provider  providers.Info
	Profile   *providers.Profile // nil unless OAuth/OIDC
	IsNewUser bool
}

// SignOutEvent describes a sign-out.
type SignOutEvent struct {
	// Session is the database session that ended (its SessionToken is the
	// stored form), or nil for JWT sessions.
	Session *adapter.Session
	// Token is the decoded JWT, or nil for database sessions.
	Token map[string]any
}

// LinkAccountEvent describes a new link between a user and an account.
type LinkAccountEvent struct {
	User     *adapter.User
	Account  *adapter.Account
	Profile  *providers.Profile
	Provider providers.Info
}

// SessionEvent describes a session read or update.
type SessionEvent struct {
	Session *Session
	Trigger Trigger
}
