package twitter

import (
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// Options configures the provider.
type Options = oauth.Options

// New returns the X (Twitter) provider.
func New(o Options) (*oauth.Provider, error) {
	return o.Build(oauth.Config{
		ID: "twitter", Name: "Twitter",
		Style:       providers.Style{Background: "#000", Text: "#fff"},
		AuthURL:     "https://x.com/i/oauth2/authorize",
		TokenURL:    "https://api.x.com/2/oauth2/token",
		UserinfoURL: "https://api.x.com/2/users/me?user.fields=profile_image_url,confirmed_email",
		Scopes:      []string{"users.read", "tweet.read", "offline.access"},
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     Profile,
	})
}

// Profile maps an X user (the "data" object of /2/users/me).
func Profile(c map[string]any, _ *providers.Tokens) (*providers.Profile, error) {
	email := oauth.String(c, "data", "confirmed_email")
	return &providers.Profile{
		ID:            oauth.String(c, "data", "id"),
		Name:          oauth.String(c, "data", "name"),
		Email:         email,
		EmailVerified: email != "",
		Image:         oauth.String(c, "data", "profile_image_url"),
	}, nil
}
