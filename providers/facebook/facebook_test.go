package facebook_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/facebook"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

func TestFacebook(t *testing.T) {
	providertest.Run(t, providertest.Case{
		New: func(o oauth.Options) (*oauth.Provider, error) { return facebook.New(facebook.Options{Options: o}) },
		ID:  "facebook", Name: "Facebook", Type: providers.TypeOAuth,
		TokenURL: "https://graph.facebook.com/" + facebook.GraphVersion + "/oauth/access_token", UserinfoURL: "https://graph.facebook.com/me",
		AuthURL:   "https://www.facebook.com/" + facebook.GraphVersion + "/dialog/oauth",
		Params:    map[string]string{"scope": "email"},
		AuthStyle: "post",
		Profile: providers.Profile{ID: "10158712345678901", Name: "Mark Zed", Email: "mark@example.com", EmailVerified: false,
			Image: "https://platform-lookaside.fbsbx.com/platform/profilepic/?asid=10158712345678901&height=50&width=50"},
		Check: func(t *testing.T, f *oidctest.Fake, _ *oauth.Provider, _ *providers.Tokens) {
			if got := f.Requests("https://graph.facebook.com/me")[0].URL.Query().Get("fields"); got != "id,name,email,picture" {
				t.Errorf("fields = %q", got)
			}
		},
	})
}
