package twitch_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
	"github.com/gatehouse-go/gatehouse/providers/twitch"
)

func TestTwitch(t *testing.T) {
	providertest.Run(t, providertest.Case{
		New: twitch.New, ID: "twitch", Name: "Twitch", Type: providers.TypeOIDC,
		Issuer:    twitch.Issuer,
		AuthURL:   "https://id.twitch.tv/oauth2/authorize",
		Params:    map[string]string{"scope": "openid user:read:email", "claims": twitch.Claims},
		AuthStyle: "post",
		Profile: providers.Profile{ID: "713936733", Name: "twitchdev", Email: "twitchdev@example.com", EmailVerified: true,
			Image: "https://static-cdn.jtvnw.net/user-default-pictures-uv/13e5fa74.png"},
		Check: func(t *testing.T, _ *oidctest.Fake, _ *oauth.Provider, tok *providers.Tokens) {
			if tok.Scope != "openid user:read:email" || tok.RefreshToken == "" {
				t.Errorf("tokens = %+v, want the scope array joined and the refresh token", tok)
			}
		},
	})
}
