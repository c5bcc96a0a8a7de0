package services

import (
	"net/url"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// FACEIT is FACEIT Connect: authorization with redirect_popup=true,
// client_secret_basic, and the userinfo's guid, name (else nickname),
// email and picture.
var FACEIT = oauth.Service{Config: oauth.Config{
	ID: "faceit", Name: "FACEIT",
	Style:       providers.Style{Background: "#ff5500", Text: "#fff"},
	AuthURL:     "https://accounts.faceit.com/accounts",
	TokenURL:    "https://api.faceit.com/auth/v1/oauth/token",
	UserinfoURL: "https://api.faceit.com/auth/v1/resources/userinfo",
	AuthParams:  url.Values{"redirect_popup": {"true"}},
	AuthStyle:   oauth.AuthStyleBasic,
	Profile: func(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
		p, err := fields{ID: "guid", Name: "name", Email: "email", Image: "picture"}.profile(c, t)
		if err == nil && p.Name == "" {
			p.Name = oauth.String(c, "nickname")
		}
		return p, err
	},
}}
