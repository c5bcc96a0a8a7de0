package zitadel_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/zitadel"
)

func TestZitadel(t *testing.T) {
	providertest.Run(t, providertest.Case{
		New:         zitadel.New,
		ID:          "zitadel",
		Name:        "ZITADEL",
		Type:        providers.TypeOIDC,
		Issuer:      "https://my-instance-abc123.zitadel.cloud",
		NeedsIssuer: true,
		AuthURL:     "https://my-instance-abc123.zitadel.cloud/oauth/v2/authorize",
		Params:      map[string]string{"scope": "openid profile email"},
		AuthStyle:   "basic",
		Profile: providers.Profile{
			ID: "218403495104524289", Name: "Katherine Johnson", Email: "katherine@example.com",
			EmailVerified: true, Image: "",
		},
	})
}
