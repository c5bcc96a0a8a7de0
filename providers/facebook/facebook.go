package facebook

import (
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// GraphVersion is the default Graph API version.
const GraphVersion = "v21.0"

// Options configures the provider.
type Options struct {
	oauth.Options
	// GraphVersion is the Graph API version in the endpoint paths.
	// Default: GraphVersion.
	GraphVersion string
}

// New returns the Facebook provider.
func New(o Options) (*oauth.Provider, error) {
	v := o.GraphVersion
	if v == "" {
		v = GraphVersion
	}
	return o.Build(oauth.Config{
		ID: "facebook", Name: "Facebook",
		Style:       providers.Style{Background: "#1877F2", Text: "#fff"},
		AuthURL:     "https://www.facebook.com/" + v + "/dialog/oauth",
		TokenURL:    "https://graph.facebook.com/" + v + "/oauth/access_token",
		UserinfoURL: "https://graph.facebook.com/me?fields=id,name,email,picture",
		Scopes:      []string{"email"},
		AuthStyle:   oauth.AuthStylePost,
		Profile:     Profile,
	})
}

// Profile maps a Facebook user: id, name, email, picture.data.url.
func Profile(c map[string]any, _ *providers.Tokens) (*providers.Profile, error) {
	return &providers.Profile{
		ID:    oauth.String(c, "id"),
		Name:  oauth.String(c, "name"),
		Email: oauth.String(c, "email"),
		Image: oauth.String(c, "picture", "data", "url"),
	}, nil
}
