package authentik_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/authentik"
)

func TestAuthentik(t *testing.T) {
	providertest.Run(t, providertest.Case{
		New:         authentik.New,
		ID:          "authentik",
		Name:        "Authentik",
		Type:        providers.TypeOIDC,
		Issuer:      "https://authentik.example.com/application/o/my-app/",
		NeedsIssuer: true,
		AuthURL:     "https://authentik.example.com/application/o/authorize/",
		Params:      map[string]string{"scope": "openid profile email"},
		AuthStyle:   "basic",
		Profile: providers.Profile{
			ID: "7c1c9d4b4a8e2f0c6b3d5e7f9a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b", Name: "Margaret Hamilton", Email: "margaret@example.com",
			EmailVerified: true, Image: "",
		},
	})
}
