package oidc

import "github.com/gatehouse-go/gatehouse/providers/oauth"

// Options configures the provider; Issuer is required.
type Options = oauth.Options

// New returns the OpenID Connect provider.
func New(o Options) (*oauth.Provider, error) {
	return o.Build(oauth.Config{ID: "oidc", Name: "OpenID Connect"})
}
