package oauth

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"time"

	"github.com/gatehouse-go/gatehouse/providers"
)

// AuthStyle is how the client authenticates to the token endpoint.
type AuthStyle int

// The client authentication methods.
const (
	// AuthStyleAuto tries HTTP Basic (client_secret_basic) first and falls
	// back to form fields, remembering what worked (golang.org/x/oauth2's
	// auto-detection). For OIDC providers whose discovery document lists
	// only client_secret_post, AuthStylePost is used directly.
	AuthStyleAuto AuthStyle = iota
	// AuthStyleBasic sends client_id and client_secret with HTTP Basic
	// authentication (client_secret_basic).
	AuthStyleBasic
	// AuthStylePost sends client_id and client_secret as form fields
	// (client_secret_post).
	AuthStylePost
)

// Config describes one OAuth 2.0 or OpenID Connect provider. Only ID and
// ClientID are always required; an OAuth 2.0 provider (no Issuer) also needs
// AuthURL and TokenURL.
type Config struct {
	// ID is the provider's id in URLs and in Account.Provider: lowercase
	// letters, digits, '-' and '_'. Required.
	ID string
	// Name is shown on the sign-in page. Default: ID.
	Name string
	// Style themes the sign-in button. Default: none.
	Style providers.Style

	// ClientID is the OAuth client id. Required.
	ClientID string
	// ClientSecret is the OAuth client secret. Default: none (a public
	// client, which then needs PKCE).
	ClientSecret string
	// ClientSecretFunc, when set, is called for every token request and its
	// result used instead of ClientSecret (Apple's client-secret JWT).
	// Default: nil.
	ClientSecretFunc func(ctx context.Context) (string, error)

	// Issuer makes the provider an OpenID Connect provider: endpoints come
	// from Issuer + "/.well-known/openid-configuration" and ID tokens must
	// carry this issuer. Default: empty (plain OAuth 2.0).
	Issuer string
	// AuthURL, TokenURL and UserinfoURL are the endpoints. For OIDC they
	// override the discovered ones when set. For OAuth 2.0 AuthURL and
	// TokenURL are required; UserinfoURL is needed unless Userinfo is set.
	AuthURL, TokenURL, UserinfoURL string

	// Scopes are requested on authorization. Default for OIDC:
	// "openid profile email"; for OAuth 2.0: none.
	Scopes []string
	// AuthParams are extra authorization parameters (prompt,
	// response_mode, access_type, ...). Parameters of the sign-in request
	// (providers.AuthRequest.Params) are added after these and win.
	// Default: none.
	AuthParams url.Values
	// AuthStyle is the client authentication method at the token endpoint.
	// Default: AuthStyleAuto.
	AuthStyle AuthStyle
	// DisablePKCE turns PKCE (S256) off. Default: false, PKCE is used.
	DisablePKCE bool

	// FetchUserinfo makes an OIDC provider also call the userinfo endpoint
	// and merge its claims over the ID token's (the "sub" must agree).
	// Default: false, the ID token's claims are the profile. OAuth 2.0
	// providers always fetch the profile.
	FetchUserinfo bool
	// Userinfo replaces the profile fetch. Default: GET UserinfoURL with the
	// access token as a Bearer token, merged over the ID token claims for
	// OIDC.
	Userinfo UserinfoFunc
	// Profile maps the profile document to a providers.Profile. Default:
	// StandardProfile (OIDC standard claims, with "id" as a fallback for
	// "sub").
	Profile ProfileFunc
	// VerifyIssuer, when set, replaces the exact issuer comparison (in
	// discovery and in ID tokens) for multi-tenant services whose tokens
	// name the tenant's issuer (Microsoft Entra ID "common"). It receives
	// the token's "iss" and all its claims and returns nil to accept.
	// Default: nil, the issuer must equal Issuer.
	VerifyIssuer func(issuer string, claims map[string]any) error

	// HTTPClient makes every request to the service (discovery, JWKS,
	// token, userinfo). Default: http.DefaultClient.
	HTTPClient *http.Client
	// Now is the clock used for ExpiresAt and ID token expiry. Default:
	// time.Now.
	Now func() time.Time

	// AllowDangerousEmailAccountLinking lets the handler link this
	// provider's account to an existing user with the same (verified)
	// email, as Auth.js's option of that name. Default: false.
	//
	// Emails the provider does not verify never link and are never
	// stored: the handler links only when the profile's EmailVerified is
	// true, and a user created by this provider's sign-up gets the
	// provider's email only when EmailVerified is true (otherwise no
	// email), so a later magic-link sign-in by the address's owner cannot
	// land in a user someone made with an address they do not own
	// (pre-account takeover). Auth.js stores the email either way. A
	// service whose addresses are verified although its profile does not
	// say so can set EmailVerified in Profile.
	AllowDangerousEmailAccountLinking bool
}

// oauth2Only reports whether c is a plain OAuth 2.0 service's: endpoints
// and no issuer. Such a service takes no issuer from Options.
func (c Config) oauth2Only() bool { return c.AuthURL != "" && c.Issuer == "" }

var idPattern = regexp.MustCompile(`^[a-z0-9_-]+$`)

// validate checks c and fills defaults.
func (c *Config) validate() error {
	if !idPattern.MatchString(c.ID) {
		return fmt.Errorf("%w: ID %q must be lowercase letters, digits, '-' and '_'", ErrConfig, c.ID)
	}
	if c.ClientID == "" {
		return fmt.Errorf("%w: provider %q has no ClientID; set it or AUTH_%s_ID", ErrConfig, c.ID, EnvPrefix(c.ID))
	}
	if c.Name == "" {
		c.Name = c.ID
	}
	if c.Issuer != "" {
		if err := checkURL(c.Issuer); err != nil {
			return fmt.Errorf("%w: provider %q Issuer: %v", ErrConfig, c.ID, err)
		}
		if c.Scopes == nil {
			c.Scopes = []string{"openid", "profile", "email"}
		}
	} else {
		if c.AuthURL == "" || c.TokenURL == "" {
			return fmt.Errorf("%w: OAuth 2.0 provider %q needs AuthURL and TokenURL (or an Issuer for OIDC)", ErrConfig, c.ID)
		}
		if c.UserinfoURL == "" && c.Userinfo == nil {
			return fmt.Errorf("%w: OAuth 2.0 provider %q needs UserinfoURL or a Userinfo func", ErrConfig, c.ID)
		}
	}
	for name, u := range map[string]string{"AuthURL": c.AuthURL, "TokenURL": c.TokenURL, "UserinfoURL": c.UserinfoURL} {
		if u == "" {
			continue
		}
		if err := checkURL(u); err != nil {
			return fmt.Errorf("%w: provider %q %s: %v", ErrConfig, c.ID, name, err)
		}
	}
	if c.AuthStyle < AuthStyleAuto || c.AuthStyle > AuthStylePost {
		return fmt.Errorf("%w: provider %q has unknown AuthStyle %d", ErrConfig, c.ID, c.AuthStyle)
	}
	if c.HTTPClient == nil {
		c.HTTPClient = http.DefaultClient
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Profile == nil {
		c.Profile = StandardProfile
	}
	c.Scopes = append([]string(nil), c.Scopes...)
	c.AuthParams = cloneValues(c.AuthParams)
	return nil
}

func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("%q is not a URL: %w", s, err)
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("%q must be an absolute http(s) URL", s)
	}
	return nil
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
