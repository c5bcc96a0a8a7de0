package github

import (
	"context"
	"strings"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// Options configures the provider.
type Options struct {
	oauth.Options
	// BaseURL is a GitHub Enterprise Server address, such as
	// "https://github.example.com"; its API is BaseURL + "/api/v3".
	// Default: github.com.
	BaseURL string
}

// New returns the GitHub provider.
func New(o Options) (*oauth.Provider, error) {
	web, err := oauth.BaseURL("github", o.BaseURL, "https://github.com")
	if err != nil {
		return nil, err
	}
	api := "https://api.github.com"
	if o.BaseURL != "" {
		api = web + "/api/v3"
	}
	return o.Build(oauth.Config{
		ID:          "github",
		Name:        "GitHub",
		Style:       providers.Style{Background: "#24292f", Text: "#fff"},
		AuthURL:     web + "/login/oauth/authorize",
		TokenURL:    web + "/login/oauth/access_token",
		UserinfoURL: api + "/user",
		Scopes:      []string{"read:user", "user:email"},
		AuthStyle:   oauth.AuthStylePost,
		Userinfo:    userinfo(api + "/user/emails"),
		Profile:     Profile,
	})
}

// userinfo reads /user, then /user/emails to find the primary or matching
// address and whether it is verified. A failing /user/emails (the scope was
// not granted) leaves the email unverified.
func userinfo(emailsURL string) oauth.UserinfoFunc {
	return func(ctx context.Context, r oauth.UserinfoRequest) (map[string]any, error) {
		var user map[string]any
		if err := oauth.GetJSON(ctx, r.Client, r.URL, r.Tokens.AccessToken, &user); err != nil {
			return nil, err
		}
		var emails []map[string]any
		if err := oauth.GetJSON(ctx, r.Client, emailsURL, r.Tokens.AccessToken, &emails); err != nil {
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
