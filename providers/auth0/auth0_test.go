package auth0_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/auth0"
)

func TestAuth0(t *testing.T) {
	providertest.Run(t, providertest.Case{
		New:         auth0.New,
		ID:          "auth0",
		Name:        "Auth0",
		Type:        providers.TypeOIDC,
		Issuer:      "https://dev-abc123.us.auth0.com/",
		NeedsIssuer: true,
		AuthURL:     "https://dev-abc123.us.auth0.com/authorize",
		Params:      map[string]string{"scope": "openid profile email"},
		AuthStyle:   "basic",
		Profile: providers.Profile{
			ID: "auth0|64f1c2a9e1b2c3d4e5f60718", Name: "Ada Lovelace", Email: "ada@example.com",
			EmailVerified: true, Image: "https://s.gravatar.com/avatar/abc.png",
		},
	})
}
