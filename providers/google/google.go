package google

import (
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// Issuer is Google's OpenID Connect issuer.
const Issuer = "https://accounts.google.com"

// Options configures the provider.
type Options = oauth.Options

// New returns the Google provider.
func New(o Options) (*oauth.Provider, error) {
	return o.Build(oauth.Config{
		ID: "google", Name: "Google", Issuer: Issuer,
		Style:  providers.Style{Background: "#fff", Text: "#000"},
		Scopes: []string{"openid", "email", "profile"},
	})
}
