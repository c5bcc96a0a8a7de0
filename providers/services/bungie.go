package services

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// Bungie is Bungie.net's OAuth 2.0 for a confidential client, whose every
// API request carries the application's API key in X-API-Key: the key is
// AUTH_BUNGIE_API_KEY (or use BungieWithKey). Authorization with
// reauth=true as in Auth.js; the profile is the current user's
// bungieNetUser (User/GetMembershipsForCurrentUser): membershipId,
// displayName and profilePicturePath under https://www.bungie.net.
// Bungie gives no email.
var Bungie = BungieWithKey("")

// BungieWithKey returns the Bungie service with the application's API key
// given in code; empty reads AUTH_BUNGIE_API_KEY.
func BungieWithKey(apiKey string) oauth.Service {
	return oauth.Service{
		Config: oauth.Config{
			ID: "bungie", Name: "Bungie",
			Style:       providers.Style{Background: "#1b1f23", Text: "#fff"},
			AuthURL:     "https://www.bungie.net/en/OAuth/Authorize",
			TokenURL:    "https://www.bungie.net/Platform/App/OAuth/Token/",
			UserinfoURL: "https://www.bungie.net/Platform/User/GetMembershipsForCurrentUser/",
			AuthParams:  url.Values{"reauth": {"true"}},
			AuthStyle:   oauth.AuthStyleBasic,
			Profile:     bungieProfile,
		},
		Env: []string{"API_KEY"},
		Setup: func(c *oauth.Config, o oauth.Options) error {
			key := oauth.First(apiKey, o.Env(c.ID, "API_KEY"))
			if key == "" {
				return fmt.Errorf("%w: provider %q needs the application's API key from https://www.bungie.net/en/Application: set AUTH_%s_API_KEY or use services.BungieWithKey", oauth.ErrConfig, c.ID, oauth.EnvPrefix(c.ID))
			}
			if c.Userinfo == nil {
				c.Userinfo = bungieUser(key)
			}
			return nil
		},
	}
}

// bungieUser fetches the current user with the API key, and returns the
// Response of Bungie's envelope, which says success in ErrorCode 1.
func bungieUser(apiKey string) oauth.UserinfoFunc {
	return func(ctx context.Context, r oauth.UserinfoRequest) (map[string]any, error) {
		doc, err := fetchJSON(ctx, r.Client, http.MethodGet, r.URL, r.Tokens.AccessToken, map[string]string{"X-API-Key": apiKey}, nil)
		if err != nil {
			return nil, err
		}
		if code := oauth.String(doc, "ErrorCode"); code != "1" {
			return nil, fmt.Errorf("Bungie answered ErrorCode %s %s: %s", code, oauth.String(doc, "ErrorStatus"), oauth.String(doc, "Message"))
		}
		resp, _ := doc["Response"].(map[string]any)
		if resp == nil {
			return nil, errors.New("the Bungie answer has no Response object")
		}
		return resp, nil
	}
}

// bungieProfile maps GetMembershipsForCurrentUser's Response.
func bungieProfile(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
	p, err := fields{ID: "bungieNetUser.membershipId", Name: "bungieNetUser.displayName"}.profile(c, t)
	if err != nil {
		return nil, err
	}
	if pic := oauth.String(c, "bungieNetUser", "profilePicturePath"); pic != "" {
		p.Image = "https://www.bungie.net/" + strings.TrimPrefix(pic, "/")
	}
	return p, nil
}
