package oidc_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oidc"
)

func TestOidc(t *testing.T) {
	providertest.Run(t, providertest.Case{
		New:         oidc.New,
		ID:          "oidc",
		Name:        "OpenID Connect",
		Type:        providers.TypeOIDC,
		Issuer:      "https://login.example.com",
		NeedsIssuer: true,
		AuthURL:     "https://login.example.com/authorize",
		Params:      map[string]string{"scope": "openid profile email"},
		AuthStyle:   "post",
		Profile: providers.Profile{
			ID: "248289761001", Name: "Jane Doe", Email: "janedoe@example.com",
			EmailVerified: false, Image: "http://example.com/janedoe/me.jpg",
		},
	})
}
