package gitlab

import (
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// Options configures the provider.
type Options struct {
	oauth.Options
	// BaseURL is a self-managed GitLab address. Default:
	// https://gitlab.com.
	BaseURL string
}

// New returns the GitLab provider.
func New(o Options) (*oauth.Provider, error) {
	base, err := oauth.BaseURL("gitlab", o.BaseURL, "https://gitlab.com")
	if err != nil {
		return nil, err
	}
	return o.Build(oauth.Config{
		ID: "gitlab", Name: "GitLab",
		Style:       providers.Style{Background: "#FC6D26", Text: "#fff"},
		AuthURL:     base + "/oauth/authorize",
		TokenURL:    base + "/oauth/token",
		UserinfoURL: base + "/api/v4/user",
		Scopes:      []string{"read_user"},
		AuthStyle:   oauth.AuthStylePost,
		Profile:     Profile,
	})
}

// Profile maps a GitLab user: id, name (or username), email, avatar_url.
func Profile(c map[string]any, _ *providers.Tokens) (*providers.Profile, error) {
	return &providers.Profile{
		ID:            oauth.String(c, "id"),
		Name:          oauth.First(oauth.String(c, "name"), oauth.String(c, "username")),
		Email:         oauth.String(c, "email"),
		EmailVerified: oauth.String(c, "confirmed_at") != "",
		Image:         oauth.String(c, "avatar_url"),
	}, nil
}
