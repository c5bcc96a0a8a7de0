package gatehouse

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/internal/pages"
	"github.com/gatehouse-go/gatehouse/internal/web"
	"github.com/gatehouse-go/gatehouse/providers"
)

// initTimeout bounds adapter.Initializer.Init in New.
const initTimeout = 30 * time.Second

// Auth is the authentication handler. It serves the Auth.js REST API under
// its base path and gives application code the current session. Create it
// with [New]; it is safe for concurrent use.
type Auth struct {
	cfg      Config // with defaults applied and Database turned into Adapter
	log      *slog.Logger
	now      func() time.Time
	basePath string // "/api/auth": no trailing slash
	site     *web.Site
	// providers are the configured providers by ID, order as configured,
	// and kinds the kind of each, by ID.
	providers map[string]providers.Provider
	order     []providers.Provider
	kinds     map[string]kind
	strategy  strategy
	routes    map[routeKey]route
	pages     *pages.Renderer
	cop       *http.CrossOriginProtection
	oauth     oauthState    // check-cookie codecs, refresh single-flight
	webauthn  webauthnState // the challenge cookie's codecs
	// credentialsLimits and emailLimits are the rate limits in force; nil
	// when disabled.
	credentialsLimits *limits
	emailLimits       *limits
	// clientLog bounds the next-auth v4 client's reports to POST /_log.
	clientLog clientLogLimiter
	// store is Config.Adapter, or the adapter made from Config.Database,
	// before New bounded it by Config.StoreTimeout (cfg.Adapter).
	store adapter.Adapter
	// storeWatch logs when the store is lost and back.
	storeWatch *storeWatch
	// limitWatch logs when a configured rate limit store is lost and back.
	limitWatch *storeWatch
	// refreshTimeout bounds one shared token refresh (refreshTimeout
	// by default; tests shorten it).
	refreshTimeout time.Duration
	// owned is the adapter New made from Config.Database, which Close
	// closes; nil when the application passed its own Adapter.
	owned     adapter.Adapter
	closeOnce sync.Once
	closeErr  error
}

// New checks cfg and returns an Auth. Every problem found is reported, each
// as a *ConfigError naming the field and what to change; all of them wrap
// ErrInvalidConfig. If the adapter implements adapter.Initializer, New calls
// its Init (bounded to 30 seconds) and returns its error. New copies the
// slices in cfg (Secrets, Providers, TrustedOrigins): changing them
// afterwards does not change the Auth.
func New(cfg Config) (*Auth, error) {
	cfg = withDefaults(cfg)
	if err := validate(&cfg); err != nil {
		return nil, err
	}
	a, err := build(cfg)
	if err != nil {
		return nil, err
	}
	if in, ok := adapter.As[adapter.Initializer](a.cfg.Adapter); ok {
		ctx, cancel := context.WithTimeout(context.Background(), initTimeout)
		defer cancel()
		if err := in.Init(ctx); err != nil {
			_ = a.Close() // the adapter New opened from Config.Database, if any
			return nil, fmt.Errorf("gatehouse: initialising the adapter: %w", err)
		}
	}
	pctx, pcancel := context.WithTimeout(context.Background(), initTimeout)
	defer pcancel()
	if err := a.checkPasskeyStore(pctx); err != nil {
		return nil, err
	}
	return a, nil
}

// build makes the Auth of a valid configuration with defaults applied.
func build(cfg Config) (*Auth, error) {
	owned, err := databaseAdapter(cfg.Database, cfg.Openers)
	if err != nil {
		return nil, err // validate has checked the SQL forms; this is an opener's error
	}
	if owned != nil {
		cfg.Adapter = owned
	}
	store := cfg.Adapter
	watch := &storeWatch{}
	cfg.Adapter = newBoundedAdapter(cfg.Adapter, cfg.StoreTimeout, watch, cfg.Metrics, cfg.Tracer)
	a := &Auth{
		cfg:            cfg,
		log:            foldedLogger(cfg),
		now:            cfg.Now,
		basePath:       strings.TrimRight(cfg.BasePath, "/"),
		providers:      make(map[string]providers.Provider, len(cfg.Providers)),
		kinds:          make(map[string]kind, len(cfg.Providers)),
		order:          cfg.Providers,
		cop:            http.NewCrossOriginProtection(),
		refreshTimeout: refreshTimeout,
		owned:          owned,
		store:          store,
		storeWatch:     watch,
		limitWatch:     &storeWatch{name: "rate limit store"},
	}
	a.site = web.NewSite(web.Options{
		Origin: siteOrigin(cfg.URL), BasePath: a.basePath, TrustedProxies: cfg.TrustedProxies, Secrets: cfg.Secrets,
		V4Names: cfg.Cookies.V4Names, CookieDomain: cfg.Cookies.Domain, SameSite: cfg.Cookies.SameSite, Now: a.now,
	})
	for _, p := range cfg.Providers {
		id := p.Info().ID
		a.providers[id], a.kinds[id] = p, kindOf(p)
	}
	for _, o := range trustedOrigins(&cfg) {
		_ = a.cop.AddTrustedOrigin(o) // validate checked each
	}
	if a.pages, err = pages.New(pageOptions(&cfg)); err != nil {
		return nil, fmt.Errorf("gatehouse: the pages: %w", err)
	}
	if a.strategy, err = a.newStrategy(); err != nil {
		return nil, err
	}
	for _, k := range kinds() {
		if ks, ok := k.(kindSetup); ok && a.hasKind(k) {
			if err := ks.setup(a); err != nil {
				return nil, err
			}
		}
	}
	a.credentialsLimits = newLimits(cfg.Credentials.RateLimit, "cred", a.now, cfg.StoreTimeout, a.limitWatch)
	a.routes = a.newRoutes()
	return a, nil
}

// siteOrigin returns scheme://host of Config.URL, or "" when it has none
// (or is not a valid URL, which validate reports).
func siteOrigin(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !web.ValidHost(u.Host) {
		return ""
	}
	return u.Scheme + "://" + strings.ToLower(u.Host)
}

// trustedOrigins are the origins allowed to POST cross-origin: the site's
// own (with a URL) and Config.TrustedOrigins.
func trustedOrigins(cfg *Config) []string {
	if o := siteOrigin(cfg.URL); o != "" {
		return append([]string{o}, cfg.TrustedOrigins...)
	}
	return cfg.TrustedOrigins
}

// pageOptions are the built-in pages' options from the config.
func pageOptions(cfg *Config) pages.Options {
	return pages.Options{Theme: pageTheme(cfg.Theme), Templates: cfg.Theme.Templates, Lang: cfg.Theme.Lang}
}

// pageTheme is the pages' theme from the config.
func pageTheme(t Theme) pages.Theme {
	return pages.Theme{SiteName: t.SiteName, BrandColor: t.BrandColor, LogoURL: t.LogoURL, ButtonText: t.ButtonText, ColorScheme: t.ColorScheme}
}

// BasePath returns the path the handler serves, such as "/api/auth".
func (a *Auth) BasePath() string { return a.basePath }
