package spotify_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/spotify"
)

func TestSpotify(t *testing.T) {
	providertest.Run(t, providertest.Case{
		New: spotify.New, ID: "spotify", Name: "Spotify", Type: providers.TypeOAuth,
		TokenURL: "https://accounts.spotify.com/api/token", UserinfoURL: "https://api.spotify.com/v1/me",
		AuthURL:   "https://accounts.spotify.com/authorize",
		Params:    map[string]string{"scope": "user-read-email"},
		AuthStyle: "basic",
		Profile: providers.Profile{ID: "wizzler", Name: "JM Wizzler", Email: "email@example.com", EmailVerified: false,
			Image: "https://i.scdn.co/image/ab6775700000ee85wizzler"},
	})
}
