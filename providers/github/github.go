package github

import (
	"context"
	"strings"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// Service is GitHub (github.com, or GitHub Enterprise Server at
// Options.BaseURL); services.GitHub is the same value. Build providers with
// Service.New.
var Service = oauth.Service{
	Config: oauth.Config{
		ID:          "github",
		Name:        "GitHub",
		Style:       providers.Style{Background: "#24292f", Text: "#fff"},
		AuthURL:     "https://github.com/login/oauth/authorize",
		TokenURL:    "https://github.com/login/oauth/access_token",
		UserinfoURL: "https://api.github.com/user",
		Scopes:      []string{"read:user", "user:email"},
		AuthStyle:   oauth.AuthStylePost,
		Userinfo:    userinfo,
		Profile:     Profile,
	},
	BaseURL: "https://github.com",
	Setup:   enterpriseAPI,
}

// enterpriseAPI points the profile requests of a GitHub Enterprise Server
// at its REST API, BaseURL + "/api/v3" (github.com's is api.github.com).
func enterpriseAPI(c *oauth.Config, o oauth.Options) error {
	if o.BaseURL != "" {
		c.UserinfoURL = strings.TrimSuffix(o.BaseURL, "/") + "/api/v3/user"
	}
	return nil
}

// userinfo reads /user, then /user/emails to find the primary or matching
// address and whether it is verified. A failing /user/emails (the scope was
// not granted) leaves the email unverified.
func userinfo(ctx context.Context, r oauth.UserinfoRequest) (map[string]any, error) {
	var user map[string]any
	if err := oauth.GetJSON(ctx, r.Client, r.URL, r.Tokens.AccessToken, &user); err != nil {
		return nil, err
	}
	var emails []map[string]any
	if err := oauth.GetJSON(ctx, r.Client, r.URL+"/emails", r.Tokens.AccessToken, &emails); err != nil {
		return user, nil
	}
	public := oauth.String(user, "email")
	for _, e := range emails {
		addr := oauth.String(e, "email")
		if (public == "" && oauth.Bool(e, "primary")) || (public != "" && strings.EqualFold(addr, public)) {
			user["email"] = addr
			user["email_verified"] = oauth.Bool(e, "verified")
			break
		}
	}
	return user, nil
}

// Profile maps a GitHub user: id, name (or login), email, avatar_url.
func Profile(c map[string]any, _ *providers.Tokens) (*providers.Profile, error) {
	return &providers.Profile{
		ID:            oauth.String(c, "id"),
		Name:          oauth.First(oauth.String(c, "name"), oauth.String(c, "login")),
		Email:         oauth.String(c, "email"),
		EmailVerified: oauth.Bool(c, "email_verified"),
		Image:         oauth.String(c, "avatar_url"),
	}, nil
}
