package slack

import (
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// Issuer is Slack's OpenID Connect issuer.
const Issuer = "https://slack.com"

// Options configures the provider.
type Options = oauth.Options

// New returns the Slack provider.
func New(o Options) (*oauth.Provider, error) {
	return o.Build(oauth.Config{
		ID: "slack", Name: "Slack", Issuer: Issuer,
		Style:   providers.Style{Background: "#fff", Text: "#000"},
		Profile: Profile,
	})
}

// Profile maps Slack's ID token claims.
func Profile(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
	p, err := oauth.StandardProfile(c, t)
	if err != nil {
		return nil, err
	}
	if id := oauth.String(c, "https://slack.com/user_id"); id != "" {
		p.ID = id
	}
	if img := oauth.String(c, "https://slack.com/user_image_512"); img != "" {
		p.Image = img
	}
	return p, nil
}
