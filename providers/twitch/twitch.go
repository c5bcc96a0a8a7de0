package twitch

import (
	"net/url"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// Issuer is Twitch's OpenID Connect issuer.
const Issuer = "https://id.twitch.tv/oauth2"

// Claims is the default "claims" authorization parameter.
const Claims = `{"id_token":{"email":null,"picture":null,"preferred_username":null}}`

// Options configures the provider.
type Options = oauth.Options

// New returns the Twitch provider.
func New(o Options) (*oauth.Provider, error) {
	return o.Build(oauth.Config{
		ID: "twitch", Name: "Twitch", Issuer: Issuer,
		Style:      providers.Style{Background: "#65459B", Text: "#fff"},
		Scopes:     []string{"openid", "user:read:email"},
		AuthParams: url.Values{"claims": {Claims}},
	})
}
