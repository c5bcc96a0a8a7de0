package linkedin_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/linkedin"
)

func TestLinkedIn(t *testing.T) {
	providertest.Run(t, providertest.Case{
		New: linkedin.New, ID: "linkedin", Name: "LinkedIn", Type: providers.TypeOIDC,
		Issuer:    linkedin.Issuer,
		AuthURL:   "https://www.linkedin.com/oauth/v2/authorization",
		Params:    map[string]string{"scope": "openid profile email"},
		AuthStyle: "post",
		Profile: providers.Profile{ID: "782bbtaQ", Name: "John Doe", Email: "doe@email.com", EmailVerified: true,
			Image: "https://media.licdn-ei.com/dms/image/C5F03AQHqK8v7tB1HCQ/profile-displayphoto-shrink_100_100/0/"},
	})
}
