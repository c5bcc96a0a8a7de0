package google_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/google"
)

func TestGoogle(t *testing.T) {
	providertest.Run(t, providertest.Case{
		New: google.New, ID: "google", Name: "Google", Type: providers.TypeOIDC,
		Issuer:    google.Issuer,
		AuthURL:   "https://accounts.google.com/o/oauth2/v2/auth",
		Params:    map[string]string{"scope": "openid email profile", "prompt": "", "access_type": ""},
		AuthStyle: "basic",
		Profile: providers.Profile{ID: "110169484474386276334", Name: "Ada Lovelace", Email: "ada.lovelace@example.com",
			EmailVerified: true, Image: "https://lh3.googleusercontent.com/a/ACg8ocK"},
	})
}
