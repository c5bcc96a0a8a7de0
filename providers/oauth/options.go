package oauth

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Options are the settings every built-in provider package accepts
// (providers/github, providers/google, ...). A built-in fills a Config with
// its service's endpoints, scopes and profile mapper, and Options.Build
// applies the application's settings on top.
//
// Credentials not given in code are read through Getenv, as Auth.js reads
// them: AUTH_<ID>_ID, AUTH_<ID>_SECRET and AUTH_<ID>_ISSUER, where <ID> is
// the provider id in upper case with '-' as '_' (AUTH_GITHUB_ID,
// AUTH_MICROSOFT_ENTRA_ID_SECRET). Nothing is read from the environment
// unless Getenv is set; pass os.Getenv to use the process environment.
type Options struct {
	// ClientID is the OAuth client id. Default: Getenv("AUTH_<ID>_ID").
	ClientID string
	// ClientSecret is the OAuth client secret. Default:
	// Getenv("AUTH_<ID>_SECRET").
	ClientSecret string
	// Issuer is the OIDC issuer URL, for services that are OIDC. Default:
	// Getenv("AUTH_<ID>_ISSUER"), then the service's public issuer if it has
	// one (Google, Apple, ...). Self-hosted services (Auth0, Okta, Keycloak,
	// Zitadel, Authentik) need it. OAuth 2.0-only services reject it.
	Issuer string
	// Getenv reads configuration not given in code. Default: nil, nothing is
	// read from the environment.
	Getenv func(string) string

	// ID overrides the provider id (for two instances of one service).
	// Default: the built-in's id ("github").
	ID string
	// Name overrides the name shown on the sign-in page. Default: the
	// service's name ("GitHub").
	Name string
	// Scopes replaces the built-in's default scopes. Default: the built-in's
	// (documented in each package).
	Scopes []string
	// AuthParams are added to (and override) the built-in's authorization
	// parameters. Default: none.
	AuthParams url.Values
	// Profile replaces the built-in's profile mapper. Default: the
	// built-in's.
	Profile ProfileFunc
	// HTTPClient makes every request to the service. Default:
	// http.DefaultClient.
	HTTPClient *http.Client
	// Now is the clock. Default: time.Now.
	Now func() time.Time
	// AllowDangerousEmailAccountLinking: see Config. Default: false.
	AllowDangerousEmailAccountLinking bool
}

// EnvPrefix returns the provider id as it appears in environment variable
// names: upper case with '-' replaced by '_' ("microsoft-entra-id" gives
// "MICROSOFT_ENTRA_ID"). The variables are "AUTH_" + EnvPrefix(id) + "_ID",
// "_SECRET" and "_ISSUER".
func EnvPrefix(id string) string {
	return strings.ToUpper(strings.ReplaceAll(id, "-", "_"))
}

// Env returns Getenv("AUTH_<ID>_<suffix>"), or "" when Getenv is nil.
func (o Options) Env(id, suffix string) string {
	if o.Getenv == nil {
		return ""
	}
	return o.Getenv("AUTH_" + EnvPrefix(id) + "_" + suffix)
}

// Build applies o to a built-in's base Config and creates the provider. A
// base without AuthURL is an OIDC service: it takes its issuer from o, then
// the environment, then base.Issuer, and fails when there is none.
func (o Options) Build(base Config) (*Provider, error) {
	cfg, err := o.Apply(base)
	if err != nil {
		return nil, err
	}
	return New(cfg)
}

// Apply returns base with o applied, for built-ins that adjust the Config
// further before calling New.
func (o Options) Apply(base Config) (Config, error) {
	cfg := base
	if o.ID != "" {
		cfg.ID = o.ID
	}
	if o.Name != "" {
		cfg.Name = o.Name
	}
	cfg.ClientID = First(o.ClientID, o.Env(cfg.ID, "ID"))
	cfg.ClientSecret = First(o.ClientSecret, o.Env(cfg.ID, "SECRET"))
	issuer := First(o.Issuer, o.Env(cfg.ID, "ISSUER"))
	switch {
	case base.AuthURL != "" && base.Issuer == "":
		if issuer != "" {
			return cfg, fmt.Errorf("%w: provider %q is OAuth 2.0 and takes no Issuer", ErrConfig, cfg.ID)
		}
	case issuer != "":
		cfg.Issuer = issuer
	case cfg.Issuer == "":
		return cfg, fmt.Errorf("%w: provider %q needs an issuer URL: set Options.Issuer or AUTH_%s_ISSUER", ErrConfig, cfg.ID, EnvPrefix(cfg.ID))
	}
	if o.Scopes != nil {
		cfg.Scopes = o.Scopes
	}
	if len(o.AuthParams) > 0 {
		params := cloneValues(base.AuthParams)
		for k, v := range o.AuthParams {
			params[k] = append([]string(nil), v...)
		}
		cfg.AuthParams = params
	}
	if o.Profile != nil {
		cfg.Profile = o.Profile
	}
	if o.HTTPClient != nil {
		cfg.HTTPClient = o.HTTPClient
	}
	if o.Now != nil {
		cfg.Now = o.Now
	}
	cfg.AllowDangerousEmailAccountLinking = o.AllowDangerousEmailAccountLinking
	return cfg, nil
}

// First returns the first non-empty string of vs, or "". Profile mappers use
// it for fallbacks ("name", else "login").
func First(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// BaseURL checks a self-hosted service's address option (GitHub Enterprise,
// GitLab) and returns it without a trailing slash, or def when raw is
// empty.
func BaseURL(provider, raw, def string) (string, error) {
	if raw == "" {
		return def, nil
	}
	if err := checkURL(raw); err != nil {
		return "", fmt.Errorf("%w: %s: BaseURL: %v", ErrConfig, provider, err)
	}
	return strings.TrimSuffix(raw, "/"), nil
}
