package gatehouse

import (
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// withDefaults returns cfg with its own copies of the slices (so that a
// caller who reuses or changes them after New does not change the handler)
// and every zero field that has a default set to it. It checks nothing:
// values it cannot make sense of are left for validate to report.
func withDefaults(cfg Config) Config {
	cfg.Secrets = slices.Clone(cfg.Secrets)
	cfg.Providers = slices.Clone(cfg.Providers)
	cfg.TrustedOrigins = slices.Clone(cfg.TrustedOrigins)
	if cfg.BasePath == "" {
		cfg.BasePath = DefaultBasePath
		if u, err := url.Parse(cfg.URL); cfg.URL != "" && err == nil && strings.TrimRight(u.Path, "/") != "" {
			cfg.BasePath = u.Path
		}
	}
	sc := &cfg.Session
	if sc.Strategy == "" {
		sc.Strategy = StrategyJWT
		if cfg.hasAdapter() {
			sc.Strategy = StrategyDatabase
		}
	}
	setDefault(&sc.MaxAge, DefaultMaxAge)
	setDefault(&sc.UpdateAge, min(DefaultUpdateAge, sc.MaxAge))
	if s := cfg.Cookies.SameSite; s == 0 || s == http.SameSiteDefaultMode {
		cfg.Cookies.SameSite = http.SameSiteLaxMode
	}
	cfg.Credentials.RateLimit = cfg.Credentials.RateLimit.withDefaults(DefaultCredentialsRateLimit())
	cfg.Email.RateLimit = cfg.Email.RateLimit.withDefaults(DefaultEmailRateLimit())
	setDefault(&cfg.Logger, slog.Default())
	setDefault(&cfg.StoreTimeout, DefaultStoreTimeout)
	if cfg.Metrics == nil {
		cfg.Metrics = noMetrics{}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return cfg
}

// hasAdapter reports whether cfg has storage: an Adapter, or a Database
// that New turns into one (or that validate reports as wrong).
func (c *Config) hasAdapter() bool {
	if c.Adapter != nil {
		return true
	}
	if databaseOpener(c.Database, c.Openers) != nil {
		return true
	}
	// A Database that does not parse counts too: the one error about it
	// is the one to report, not a second one about missing storage.
	_, ok, err := databaseConfig(c.Database)
	return ok || err != nil
}
