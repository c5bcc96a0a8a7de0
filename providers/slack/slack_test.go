package slack_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
	"github.com/gatehouse-go/gatehouse/providers/slack"
)

func TestSlack(t *testing.T) {
	providertest.Run(t, providertest.Case{
		New: slack.New, ID: "slack", Name: "Slack", Type: providers.TypeOIDC,
		Issuer:    slack.Issuer,
		AuthURL:   "https://slack.com/openid/connect/authorize",
		Params:    map[string]string{"scope": "openid profile email"},
		AuthStyle: "basic",
		Profile: providers.Profile{ID: "U0R7JM", Name: "krane", Email: "krane@slack-corp.com", EmailVerified: true,
			Image: "https://secure.gravatar.com/avatar/bc-512.jpg"},
		Check: func(t *testing.T, _ *oidctest.Fake, _ *oauth.Provider, tok *providers.Tokens) {
			if tok.Extra["ok"] != true {
				t.Errorf("Extra = %v, want Slack's \"ok\" kept", tok.Extra)
			}
		},
	})
}
