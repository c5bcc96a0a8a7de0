package gatehouse

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/internal/pages"
	"github.com/gatehouse-go/gatehouse/internal/ratelimit"
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

// initTimeout bounds adapter.Initializer.Init in New.
const initTimeout = 30 * time.Second

// Auth is the authentication handler. It serves the Auth.js REST API under
// its base path and gives application code the current session. Create it
// with [New]; it is safe for concurrent use.
type Auth struct {
	cfg         Config
	log         *slog.Logger
	now         func() time.Time
	fixedOrigin string // scheme://host of Config.URL, or "" when derived per request
	basePath    string // "/api/auth": no trailing slash
	providers   map[string]providers.Provider
	kinds       map[string]kind // the kind of each provider, by ID
	order       []providers.Provider
	strategy    strategy
	routes      map[routeKey]route
	pages       *pages.Renderer
	cop         *http.CrossOriginProtection
	namesPlain  cookieNames
	namesSecure cookieNames
	idLimit     *ratelimit.Limiter // nil when disabled
	ipLimit     *ratelimit.Limiter
	oauth       oauthState         // check-cookie codecs, refresh single-flight
	emailLimit  *ratelimit.Limiter // per-address sending limit; nil when off
	// emailIPLimit is the per-client sending limit; nil exactly when
	// emailLimit is.
	emailIPLimit *ratelimit.Limiter
	// refreshTimeout bounds one shared token refresh (refreshTimeout
	// by default; tests shorten it).
	refreshTimeout time.Duration
}

var providerIDPattern = regexp.MustCompile(`^[a-z0-9_-]{1,64}$`)

// New checks cfg and returns an Auth. Every problem found is reported, each
// as a *ConfigError naming the field and what to change; all of them wrap
// ErrInvalidConfig. If the adapter implements adapter.Initializer, New calls
// its Init (bounded to 30 seconds) and returns its error. New copies the
// slices in cfg (Secrets, Providers, TrustedOrigins): changing them
// afterwards does not change the Auth.
func New(cfg Config) (*Auth, error) {
	// The Auth keeps its own copies of the slices, so that a caller who
	// reuses or changes them after New does not change the handler.
	cfg.Secrets = slices.Clone(cfg.Secrets)
	cfg.Providers = slices.Clone(cfg.Providers)
	cfg.TrustedOrigins = slices.Clone(cfg.TrustedOrigins)
	var errs configErrors
	if cfg.Database != nil {
		ad, err := databaseAdapter(cfg.Database)
		switch {
		case err != nil:
			errs.add("Database", "%v", err)
		case ad != nil && cfg.Adapter != nil:
			errs.add("Database", "both Database and Adapter are set; set only one (Database builds the default SQL adapter)")
		case ad != nil:
			cfg.Adapter = ad
		}
	}
	a := &Auth{cfg: cfg, providers: map[string]providers.Provider{}, kinds: map[string]kind{}}

	// Secrets.
	if len(cfg.Secrets) == 0 {
		errs.add("Secrets", "no secret is set: set at least one random secret of %d+ bytes (e.g. AUTH_SECRET from `openssl rand -base64 32`)", MinSecretLength)
	}
	for i, s := range cfg.Secrets {
		if len(s) < MinSecretLength {
			errs.add(fmt.Sprintf("Secrets[%d]", i), "the secret is %d bytes long; use at least %d random bytes (e.g. `openssl rand -base64 32`)", len(s), MinSecretLength)
		}
	}

	// URL, base path, trusted host.
	a.basePath = cfg.BasePath
	if a.basePath == "" {
		a.basePath = DefaultBasePath
	}
	if cfg.URL != "" {
		u, err := url.Parse(cfg.URL)
		switch {
		case err != nil:
			errs.add("URL", "%q is not a URL: %v", cfg.URL, err)
		case u.Scheme != "http" && u.Scheme != "https":
			errs.add("URL", "%q must start with https:// (or http:// in development)", cfg.URL)
		case u.Host == "" || !validHost(u.Host):
			errs.add("URL", "%q has no valid host: use the site's public URL, like https://example.com/api/auth", cfg.URL)
		case u.User != nil || u.RawQuery != "" || u.Fragment != "":
			errs.add("URL", "%q must not contain user info, a query or a fragment", cfg.URL)
		default:
			a.fixedOrigin = u.Scheme + "://" + strings.ToLower(u.Host)
			if p := strings.TrimRight(u.Path, "/"); p != "" {
				if cfg.BasePath != "" && strings.TrimRight(cfg.BasePath, "/") != p {
					errs.add("BasePath", "%q differs from the path of URL %q: set one or make them equal", cfg.BasePath, cfg.URL)
				}
				a.basePath = p
			}
		}
	} else if !cfg.TrustHost {
		errs.add("URL", "no URL is set: set URL (AUTH_URL) to the public URL of the handler, like https://example.com/api/auth, or set TrustHost (AUTH_TRUST_HOST=true) when a trusted proxy sets X-Forwarded-Host and X-Forwarded-Proto")
	}
	a.basePath = strings.TrimRight(a.basePath, "/")
	if !strings.HasPrefix(a.basePath, "/") || strings.ContainsAny(a.basePath, "?#\\ ") || strings.Contains(a.basePath, "//") {
		errs.add("BasePath", "%q must be a path like /api/auth", cfg.BasePath)
	}

	// Providers.
	for i, p := range cfg.Providers {
		field := fmt.Sprintf("Providers[%d]", i)
		if p == nil {
			errs.add(field, "is nil: remove it or construct the provider")
			continue
		}
		info := p.Info()
		if !providerIDPattern.MatchString(info.ID) {
			errs.add(field+".ID", "%q must be 1-64 lowercase letters, digits, '-' or '_'", info.ID)
			continue
		}
		if _, dup := a.providers[info.ID]; dup {
			errs.add(field+".ID", "%q is used by two providers: give each provider its own ID", info.ID)
			continue
		}
		k := kindOf(p)
		if k == nil {
			errs.add(field, "provider %q (%T) implements none of providers.OAuthProvider, EmailProvider or CredentialsProvider: gatehouse cannot use it", info.ID, p)
			continue
		}
		if msg := k.check(a, p); msg != "" {
			errs.add(field, "provider %q: %s", info.ID, msg)
			continue
		}
		a.providers[info.ID] = p
		a.kinds[info.ID] = k
		a.order = append(a.order, p)
	}

	// Sessions.
	sc := &a.cfg.Session
	if sc.Strategy == "" {
		if cfg.Adapter != nil {
			sc.Strategy = StrategyDatabase
		} else {
			sc.Strategy = StrategyJWT
		}
	}
	if sc.MaxAge == 0 {
		sc.MaxAge = DefaultMaxAge
	}
	if sc.UpdateAge == 0 {
		sc.UpdateAge = DefaultUpdateAge
		if sc.UpdateAge > sc.MaxAge {
			sc.UpdateAge = sc.MaxAge
		}
	}
	switch {
	case sc.MaxAge < time.Second:
		errs.add("Session.MaxAge", "%v is too short: use at least a second (default 30 days)", sc.MaxAge)
	case sc.UpdateAge < 0 || sc.UpdateAge > sc.MaxAge:
		errs.add("Session.UpdateAge", "%v must be between 0 and Session.MaxAge (%v)", sc.UpdateAge, sc.MaxAge)
	}
	st, msg := a.newStrategy(sc.Strategy)
	if msg != "" {
		errs.add("Session.Strategy", "%s", msg)
	}
	a.strategy = st

	// Cookies.
	switch cfg.Cookies.SameSite {
	case 0, http.SameSiteDefaultMode:
		a.cfg.Cookies.SameSite = http.SameSiteLaxMode
	case http.SameSiteLaxMode, http.SameSiteStrictMode:
	case http.SameSiteNoneMode:
		if strings.HasPrefix(a.fixedOrigin, "http://") {
			errs.add("Cookies.SameSite", "SameSite=None cookies need an https URL; browsers reject them over http")
		}
	default:
		errs.add("Cookies.SameSite", "unknown value %d: use http.SameSiteLaxMode, StrictMode or NoneMode", cfg.Cookies.SameSite)
	}
	if d := cfg.Cookies.Domain; d != "" && (!validHost(d) || strings.Contains(d, ":")) {
		errs.add("Cookies.Domain", "%q is not a domain name like example.com", d)
	}
	a.namesPlain = newCookieNames(cfg.Cookies.V4Names, false)
	a.namesSecure = newCookieNames(cfg.Cookies.V4Names, true)

	// Pages.
	for _, pg := range []struct{ field, v string }{
		{"Pages.SignIn", cfg.Pages.SignIn}, {"Pages.SignOut", cfg.Pages.SignOut},
		{"Pages.Error", cfg.Pages.Error}, {"Pages.VerifyRequest", cfg.Pages.VerifyRequest},
		{"Pages.NewUser", cfg.Pages.NewUser},
	} {
		if pg.v != "" && !validPagePath(pg.v) {
			errs.add(pg.field, "%q must be a path starting with a single / (like /login) or an http(s) URL", pg.v)
		}
	}
	r, err := pages.New(pages.Options{
		Theme: pages.Theme{
			SiteName:   cfg.Theme.SiteName,
			BrandColor: cfg.Theme.BrandColor,
			LogoURL:    cfg.Theme.LogoURL,
			ButtonText: cfg.Theme.ButtonText,
		},
		Templates: cfg.Theme.Templates,
		Lang:      cfg.Theme.Lang,
	})
	if err != nil {
		errs.add("Theme", "%v", err)
	}
	a.pages = r

	// Rate limits.
	rl := &a.cfg.RateLimit
	if rl.Identifier == 0 {
		rl.Identifier = 5
	}
	if rl.IP == 0 {
		rl.IP = 50
	}
	if rl.Window == 0 {
		rl.Window = 15 * time.Minute
	}
	if rl.MaxKeys == 0 {
		rl.MaxKeys = 100000
	}
	if rl.Identifier < 0 || rl.IP < 0 || rl.Window < 0 || rl.MaxKeys < 0 {
		errs.add("RateLimit", "limits and window must not be negative; set Disabled to turn limiting off")
	}

	a.checkEmailConfig(&errs)

	// Cross-origin protection.
	a.cop = http.NewCrossOriginProtection()
	if a.fixedOrigin != "" {
		if err := a.cop.AddTrustedOrigin(a.fixedOrigin); err != nil {
			errs.add("URL", "%v", err)
		}
	}
	for i, o := range cfg.TrustedOrigins {
		if err := a.cop.AddTrustedOrigin(o); err != nil {
			errs.add(fmt.Sprintf("TrustedOrigins[%d]", i), "%q: %v (use scheme://host[:port])", o, err)
		}
	}

	if err := errs.err(); err != nil {
		return nil, err
	}

	a.routes = a.newRoutes()
	a.log = cfg.Logger
	if a.log == nil {
		a.log = slog.Default()
	}
	a.now = cfg.Now
	if a.now == nil {
		a.now = time.Now
	}
	for _, p := range a.order {
		if _, ok := p.(providers.OAuthProvider); ok {
			if err := a.initOAuth(); err != nil {
				return nil, err
			}
			break
		}
	}
	if !rl.Disabled {
		a.idLimit = ratelimit.New(ratelimit.Options{Limit: rl.Identifier, Window: rl.Window, MaxKeys: rl.MaxKeys, Now: a.now})
		a.ipLimit = ratelimit.New(ratelimit.Options{Limit: rl.IP, Window: rl.Window, MaxKeys: rl.MaxKeys, Now: a.now})
	}

	a.newEmailLimiters()
	a.refreshTimeout = refreshTimeout

	if in, ok := adapter.As[adapter.Initializer](cfg.Adapter); ok {
		ctx, cancel := context.WithTimeout(context.Background(), initTimeout)
		defer cancel()
		if err := in.Init(ctx); err != nil {
			return nil, fmt.Errorf("gatehouse: initialising the adapter: %w", err)
		}
	}
	return a, nil
}

// validHost reports whether h is a plausible host[:port]: letters, digits,
// '.', '-', '_', ':' and brackets for IPv6, nothing else.
func validHost(h string) bool {
	if h == "" || len(h) > 255 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '.', c == '-', c == '_', c == ':', c == '[', c == ']':
		default:
			return false
		}
	}
	return true
}

// validPagePath reports whether p is a same-site path or an http(s) URL.
func validPagePath(p string) bool {
	if strings.HasPrefix(p, "/") {
		return !strings.HasPrefix(p, "//") && !strings.ContainsAny(p, "\\ \t\r\n")
	}
	u, err := url.Parse(p)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.Opaque == ""
}

// BasePath returns the path the handler serves, such as "/api/auth".
func (a *Auth) BasePath() string { return a.basePath }
