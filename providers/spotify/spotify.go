package spotify

import (
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// Options configures the provider.
type Options = oauth.Options

// New returns the Spotify provider.
func New(o Options) (*oauth.Provider, error) {
	return o.Build(oauth.Config{
		ID: "spotify", Name: "Spotify",
		Style:       providers.Style{Background: "#1DB954", Text: "#fff"},
		AuthURL:     "https://accounts.spotify.com/authorize",
		TokenURL:    "https://accounts.spotify.com/api/token",
		UserinfoURL: "https://api.spotify.com/v1/me",
		Scopes:      []string{"user-read-email"},
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     Profile,
	})
}

// Profile maps a Spotify user: id, display_name, email, the first image.
func Profile(c map[string]any, _ *providers.Tokens) (*providers.Profile, error) {
	p := &providers.Profile{
		ID:    oauth.String(c, "id"),
		Name:  oauth.String(c, "display_name"),
		Email: oauth.String(c, "email"),
	}
	if imgs, _ := c["images"].([]any); len(imgs) > 0 {
		if img, ok := imgs[0].(map[string]any); ok {
			p.Image = oauth.String(img, "url")
		}
	}
	return p, nil
}
