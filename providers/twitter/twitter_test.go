package twitter_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/twitter"
)

func TestTwitter(t *testing.T) {
	providertest.Run(t, providertest.Case{
		New: twitter.New, ID: "twitter", Name: "Twitter", Type: providers.TypeOAuth,
		TokenURL: "https://api.x.com/2/oauth2/token", UserinfoURL: "https://api.x.com/2/users/me",
		AuthURL:   "https://x.com/i/oauth2/authorize",
		Params:    map[string]string{"scope": "users.read tweet.read offline.access"},
		AuthStyle: "basic",
		Profile: providers.Profile{ID: "2244994945", Name: "Developers",
			Image: "https://pbs.twimg.com/profile_images/1683325380441128960/yRsRRjGO_normal.jpg"},
	})
}

func TestProfileConfirmedEmail(t *testing.T) {
	p, err := twitter.Profile(map[string]any{"data": map[string]any{"id": "1", "confirmed_email": "a@x.com"}}, nil)
	if err != nil || p.Email != "a@x.com" || !p.EmailVerified {
		t.Errorf("Profile = %+v, %v", p, err)
	}
}
