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
