// Package linkedin is the "Sign in with LinkedIn" provider (OpenID Connect,
// id "linkedin").
//
// Defaults: issuer https://www.linkedin.com/oauth; scopes "openid profile
// email"; endpoints from LinkedIn's discovery document (which requires
// client_secret_post); the profile from the ID token's standard claims;
// PKCE S256 and nonce. Credentials: Options.ClientID/ClientSecret, else
// AUTH_LINKEDIN_ID and AUTH_LINKEDIN_SECRET through Options.Getenv.
package linkedin

import (
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// Issuer is LinkedIn's OpenID Connect issuer.
const Issuer = "https://www.linkedin.com/oauth"

// Options configures the provider.
type Options = oauth.Options

// New returns the LinkedIn provider.
func New(o Options) (*oauth.Provider, error) {
	return o.Build(oauth.Config{
		ID: "linkedin", Name: "LinkedIn", Issuer: Issuer,
		Style: providers.Style{Background: "#069", Text: "#fff"},
	})
}
