package okta_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/okta"
)

func TestOkta(t *testing.T) {
	providertest.Run(t, providertest.Case{
		New:         okta.New,
		ID:          "okta",
		Name:        "Okta",
		Type:        providers.TypeOIDC,
		Issuer:      "https://dev-123456.okta.com/oauth2/default",
		NeedsIssuer: true,
		AuthURL:     "https://dev-123456.okta.com/oauth2/default/v1/authorize",
		Params:      map[string]string{"scope": "openid profile email"},
		AuthStyle:   "basic",
		Profile: providers.Profile{
			ID: "00uid4BxXw6I6TV4m0g3", Name: "Grace Hopper", Email: "grace@example.com",
			EmailVerified: true, Image: "",
		},
	})
}
