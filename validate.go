package gatehouse

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/pages"
	"github.com/gatehouse-go/gatehouse/internal/web"
)

// validate checks a configuration with defaults applied (see withDefaults)
// and returns every problem found, each a *ConfigError, or nil. It builds
// nothing that lasts and touches no adapter or network.
func validate(cfg *Config) error {
	var errs configErrors
	checkStorage(cfg, &errs)
	checkSecrets(cfg, &errs)
	checkURL(cfg, &errs)
	checkProviders(cfg, &errs)
	checkSession(cfg, &errs)
	checkCookies(cfg, &errs)
	checkPages(cfg, &errs)
	cfg.Credentials.RateLimit.check(&errs, "Credentials.RateLimit")
	cfg.Email.RateLimit.check(&errs, "Email.RateLimit")
	checkOrigins(cfg, &errs)
	return errs.err()
}

// checkStorage checks Database, and that it is not set with Adapter.
func checkStorage(cfg *Config, errs *configErrors) {
	_, ok, err := databaseConfig(cfg.Database)
	if databaseOpener(cfg.Database, cfg.Openers) != nil {
		ok, err = true, nil
	}
	switch {
	case err != nil:
		errs.add("Database", "%v%s", err, otherSchemeHint(cfg.Database))
	case ok && cfg.Adapter != nil:
		errs.add("Database", "both Database and Adapter are set; set only one (Database builds the default SQL adapter)")
	}
}

func checkSecrets(cfg *Config, errs *configErrors) {
	if len(cfg.Secrets) == 0 {
		errs.add("Secrets", "no secret is set: set Secrets (ConfigFromEnv reads AUTH_SECRET) to a random value of %d+ bytes; %s", MinSecretLength, secretHint)
	}
	for i, s := range cfg.Secrets {
		switch {
		case s == "":
			errs.add(fmt.Sprintf("Secrets[%d]", i), "the secret is empty; if it comes from os.Getenv(\"AUTH_SECRET\"), AUTH_SECRET is not set in this process's environment (ConfigFromEnv reads it, and skips empty ones); %s", secretHint)
		case len(s) < MinSecretLength:
			errs.add(fmt.Sprintf("Secrets[%d]", i), "the secret is %d bytes long; use at least %d random bytes; %s", len(s), MinSecretLength, secretHint)
		}
	}
}

// secretHint says how to make a secret.
const secretHint = "make one with `gatehouse secret` (go run github.com/gatehouse-go/gatehouse/cmd/gatehouse secret) or `openssl rand -base64 32` and export it: AUTH_SECRET=$(gatehouse secret)"

// checkURL checks URL, TrustHost, TrustedProxies and BasePath.
func checkURL(cfg *Config, errs *configErrors) {
	if cfg.URL == "" && !cfg.TrustHost {
		errs.add("URL", "no URL is set: set URL (AUTH_URL) to the public URL of the handler, like https://example.com/api/auth, or set TrustHost (AUTH_TRUST_HOST=true) when a trusted proxy sets X-Forwarded-Host and X-Forwarded-Proto")
	}
	base := strings.TrimRight(cfg.BasePath, "/")
	if cfg.URL != "" {
		u, err := url.Parse(cfg.URL)
		switch {
		case err != nil:
			errs.add("URL", "%q is not a URL: %v", cfg.URL, err)
		case u.Scheme != "http" && u.Scheme != "https":
			errs.add("URL", "%q must start with https:// (or http:// in development)", cfg.URL)
		case u.Host == "" || !web.ValidHost(u.Host):
			errs.add("URL", "%q has no valid host: use the site's public URL, like https://example.com/api/auth", cfg.URL)
		case u.User != nil || u.RawQuery != "" || u.Fragment != "":
			errs.add("URL", "%q must not contain user info, a query or a fragment", cfg.URL)
		default:
			if p := strings.TrimRight(u.Path, "/"); p != "" && p != base {
				errs.add("BasePath", "%q differs from the path of URL %q: set one or make them equal", cfg.BasePath, cfg.URL)
			}
		}
	}
	for i, p := range cfg.TrustedProxies {
		if !p.IsValid() {
			errs.add(fmt.Sprintf("TrustedProxies[%d]", i), "the zero prefix matches no address: give each proxy as netip.MustParsePrefix(\"192.0.2.10/32\") or a network such as \"10.0.0.0/8\"")
		}
	}
	if !strings.HasPrefix(base, "/") || strings.ContainsAny(base, "?#\\ ") || strings.Contains(base, "//") {
		errs.add("BasePath", "%q must be a path like /api/auth", cfg.BasePath)
	}
}

var providerIDPattern = regexp.MustCompile(`^[a-z0-9_-]{1,64}$`)

// checkProviders checks that each provider has a unique, well-formed ID
// and a kind the configuration supports.
func checkProviders(cfg *Config, errs *configErrors) {
	seen := make(map[string]bool, len(cfg.Providers))
	for i, p := range cfg.Providers {
		field := fmt.Sprintf("Providers[%d]", i)
		if p == nil {
			errs.add(field, "is nil: remove it or construct the provider")
			continue
		}
		id := p.Info().ID
		k := kindOf(p)
		switch {
		case !providerIDPattern.MatchString(id):
			errs.add(field+".ID", "%q must be 1-64 lowercase letters, digits, '-' or '_'", id)
		case seen[id]:
			errs.add(field+".ID", "%q is used by two providers: give each provider its own ID", id)
		case k == nil:
			errs.add(field, "provider %q (%T) implements none of %s: gatehouse cannot use it", id, p, kindInterfaces())
		default:
			if msg := k.check(cfg); msg != "" {
				errs.add(field, "provider %q: %s", id, msg)
			}
		}
		seen[id] = true
	}
}

func checkSession(cfg *Config, errs *configErrors) {
	sc := &cfg.Session
	switch {
	case sc.MaxAge < time.Second:
		errs.add("Session.MaxAge", "%v is too short: use at least a second (default 30 days)", sc.MaxAge)
	case sc.UpdateAge < 0 || sc.UpdateAge > sc.MaxAge:
		errs.add("Session.UpdateAge", "%v must be between 0 and Session.MaxAge (%v)", sc.UpdateAge, sc.MaxAge)
	}
	switch sc.Strategy {
	case StrategyDatabase:
		if !cfg.hasAdapter() {
			errs.add("Session.Strategy", "database sessions need Config.Adapter: set an adapter (for example adapters/memory or adapters/sqladapter)")
		}
	case StrategyJWT:
	default:
		errs.add("Session.Strategy", "unknown strategy %q: use %q or %q", sc.Strategy, StrategyDatabase, StrategyJWT)
	}
}

func checkCookies(cfg *Config, errs *configErrors) {
	switch cfg.Cookies.SameSite {
	case http.SameSiteLaxMode, http.SameSiteStrictMode:
	case http.SameSiteNoneMode:
		if strings.HasPrefix(siteOrigin(cfg.URL), "http://") {
			errs.add("Cookies.SameSite", "SameSite=None cookies need an https URL; browsers reject them over http")
		}
	default:
		errs.add("Cookies.SameSite", "unknown value %d: use http.SameSiteLaxMode, StrictMode or NoneMode", cfg.Cookies.SameSite)
	}
	if d := cfg.Cookies.Domain; d != "" && (!web.ValidHost(d) || strings.Contains(d, ":")) {
		errs.add("Cookies.Domain", "%q is not a domain name like example.com", d)
	}
}

// checkPages checks the custom pages' paths, the theme, and custom
// templates by parsing them.
func checkPages(cfg *Config, errs *configErrors) {
	for _, pg := range []struct{ field, v string }{
		{"Pages.SignIn", cfg.Pages.SignIn}, {"Pages.SignOut", cfg.Pages.SignOut},
		{"Pages.Error", cfg.Pages.Error}, {"Pages.VerifyRequest", cfg.Pages.VerifyRequest},
		{"Pages.NewUser", cfg.Pages.NewUser},
	} {
		if pg.v != "" && !web.LocalOrAbsolute(pg.v) {
			errs.add(pg.field, "%q must be a path starting with a single / (like /login) or an http(s) URL", pg.v)
		}
	}
	if err := pages.Check(pageOptions(cfg)); err != nil {
		errs.add("Theme", "%v", err)
	}
}

// checkOrigins checks the origins allowed to POST cross-origin.
func checkOrigins(cfg *Config, errs *configErrors) {
	cop := http.NewCrossOriginProtection()
	if o := siteOrigin(cfg.URL); o != "" {
		if err := cop.AddTrustedOrigin(o); err != nil {
			errs.add("URL", "%v", err)
		}
	}
	for i, o := range cfg.TrustedOrigins {
		if err := cop.AddTrustedOrigin(o); err != nil {
			errs.add(fmt.Sprintf("TrustedOrigins[%d]", i), "%q: %v (use scheme://host[:port])", o, err)
		}
	}
}
