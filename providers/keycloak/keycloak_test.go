package keycloak_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/keycloak"
)

func TestKeycloak(t *testing.T) {
	providertest.Run(t, providertest.Case{
		New:         keycloak.New,
		ID:          "keycloak",
		Name:        "Keycloak",
		Type:        providers.TypeOIDC,
		Issuer:      "https://keycloak.example.com/realms/myrealm",
		NeedsIssuer: true,
		AuthURL:     "https://keycloak.example.com/realms/myrealm/protocol/openid-connect/auth",
		Params:      map[string]string{"scope": "openid profile email"},
		AuthStyle:   "basic",
		Profile: providers.Profile{
			ID: "f8a3c2d1-5b6e-4f70-9a81-b2c3d4e5f607", Name: "alan", Email: "alan@example.com",
			EmailVerified: false, Image: "",
		},
	})
}
