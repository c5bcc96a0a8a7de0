package gitlab_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/gitlab"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

func TestGitLab(t *testing.T) {
	for _, base := range []string{"", "https://gitlab.example.com/"} {
		want := "https://gitlab.com"
		if base != "" {
			want = "https://gitlab.example.com"
		}
		t.Run(want, func(t *testing.T) {
			providertest.Run(t, providertest.Case{
				New: func(o oauth.Options) (*oauth.Provider, error) {
					return gitlab.New(gitlab.Options{Options: o, BaseURL: base})
				},
				ID: "gitlab", Name: "GitLab", Type: providers.TypeOAuth,
				TokenURL: want + "/oauth/token", UserinfoURL: want + "/api/v4/user",
				AuthURL:   want + "/oauth/authorize",
				Params:    map[string]string{"scope": "read_user"},
				AuthStyle: "post",
				Profile: providers.Profile{ID: "1", Name: "John Smith", Email: "john@example.com", EmailVerified: true,
					Image: "https://gitlab.com/uploads/-/system/user/avatar/1/avatar.png"},
				Check: func(t *testing.T, _ *oidctest.Fake, _ *oauth.Provider, tok *providers.Tokens) {
					if tok.Extra["created_at"] != int64(1607635748) || tok.ExpiresAt != providertest.Now.Unix()+7200 {
						t.Errorf("tokens = %+v", tok)
					}
				},
			})
		})
	}
}
