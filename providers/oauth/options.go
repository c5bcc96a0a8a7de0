package oauth

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Options are an application's settings for a provider of a service:
// Service.New applies them over the service's Config.
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
	// BaseURL is the address of a self-hosted instance of a service that
	// has a public one (Service.BaseURL): self-managed GitLab, GitHub
	// Enterprise Server. Other services reject it. Default: the public
	// instance.
	BaseURL string
	// Getenv reads configuration not given in code. Default: nil, nothing is
	// read from the environment.
	Getenv func(string) string

	// ID overrides the provider id (for two instances of one service).
	// Default: the service's id ("github").
	ID string
	// Name overrides the name shown on the sign-in page. Default: the
	// service's name ("GitHub").
	Name string
	// Scopes replaces the service's default scopes. Default: the service's
	// (its Config.Scopes).
	Scopes []string
	// AuthParams are added to (and override) the service's authorization
	// parameters. Default: none.
	AuthParams url.Values
	// Profile replaces the service's profile mapper. Default: the
	// service's.
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
