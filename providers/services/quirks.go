package services

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// The services whose profile is not one GET with the access token as a
// Bearer token, and their userinfo functions.
var (
	// Dropbox is Dropbox's OAuth 2.0 with scope "account_info.read" and
	// token_access_type=offline (a refresh token); the profile is a POST
	// to users/get_current_account: account_id, name.display_name, email,
	// email_verified, profile_photo_url.
	Dropbox = oauth.Service{Config: oauth.Config{
		ID: "dropbox", Name: "Dropbox",
		Style:       providers.Style{Background: "#0061fe", Text: "#fff"},
		AuthURL:     "https://www.dropbox.com/oauth2/authorize",
		TokenURL:    "https://api.dropboxapi.com/oauth2/token",
		UserinfoURL: "https://api.dropboxapi.com/2/users/get_current_account",
		Scopes:      []string{"account_info.read"},
		AuthParams:  url.Values{"token_access_type": {"offline"}},
		AuthStyle:   oauth.AuthStyleBasic,
		Userinfo: func(ctx context.Context, r oauth.UserinfoRequest) (map[string]any, error) {
			return fetchJSON(ctx, r.Client, http.MethodPost, r.URL, r.Tokens.AccessToken, nil, nil)
		},
		Profile: fields{ID: "account_id", Name: "name.display_name", Email: "email", Image: "profile_photo_url", Verified: "email_verified"}.profile,
	}}

	// HubSpot is HubSpot's OAuth 2.0 with scope "oauth" and
	// client_secret_post; the profile is the access token's metadata
	// (GET /oauth/v1/access-tokens/<token>, no Authorization header): the
	// user id and the user's email, also used as the name.
	HubSpot = oauth.Service{Config: oauth.Config{
		ID: "hubspot", Name: "HubSpot",
		Style:       providers.Style{Background: "#ff7a59", Text: "#fff"},
		AuthURL:     "https://app.hubspot.com/oauth/authorize",
		TokenURL:    "https://api.hubapi.com/oauth/v1/token",
		UserinfoURL: "https://api.hubapi.com/oauth/v1/access-tokens",
		Scopes:      []string{"oauth"},
		AuthStyle:   oauth.AuthStylePost,
		Userinfo: func(ctx context.Context, r oauth.UserinfoRequest) (map[string]any, error) {
			doc, err := fetchJSON(ctx, r.Client, http.MethodGet, r.URL+"/"+url.PathEscape(r.Tokens.AccessToken), "", nil, nil)
			if err != nil { // the token is in the URL: keep it out of the error
				return nil, errors.New(strings.ReplaceAll(err.Error(), url.PathEscape(r.Tokens.AccessToken), "[access token]"))
			}
			return doc, nil
		},
		Profile: fields{ID: "user_id", Name: "user", Email: "user"}.profile,
	}}

	// Todoist is Todoist's OAuth 2.0 with scope "data:read" and
	// client_secret_post; the profile is the "user" resource of a Sync API
	// call: id, full_name, email, avatar_big.
	Todoist = oauth.Service{Config: oauth.Config{
		ID: "todoist", Name: "Todoist",
		Style:       providers.Style{Background: "#E44332", Text: "#000"},
		AuthURL:     "https://todoist.com/oauth/authorize",
		TokenURL:    "https://todoist.com/oauth/access_token",
		UserinfoURL: "https://api.todoist.com/sync/v9/sync",
		Scopes:      []string{"data:read"},
		AuthStyle:   oauth.AuthStylePost,
		Userinfo: func(ctx context.Context, r oauth.UserinfoRequest) (map[string]any, error) {
			doc, err := fetchJSON(ctx, r.Client, http.MethodPost, r.URL, r.Tokens.AccessToken, nil,
				map[string]string{"sync_token": "*", "resource_types": `["user"]`})
			if err != nil {
				return nil, err
			}
			user, _ := doc["user"].(map[string]any)
			if user == nil {
				return nil, fmt.Errorf("the Todoist sync answer has no \"user\"")
			}
			return user, nil
		},
		Profile: fields{ID: "id", Name: "full_name", Email: "email", Image: "avatar_big"}.profile,
	}}

	// Trakt is Trakt's OAuth 2.0; its API wants the client id in a
	// "trakt-api-key" header and "trakt-api-version: 2". The profile is
	// ids.slug, name and images.avatar.full; Trakt gives no email.
	Trakt = oauth.Service{
		Config: oauth.Config{
			ID: "trakt", Name: "Trakt",
			Style:       providers.Style{Background: "#ED2224", Text: "#fff"},
			AuthURL:     "https://trakt.tv/oauth/authorize",
			TokenURL:    "https://api.trakt.tv/oauth/token",
			UserinfoURL: "https://api.trakt.tv/users/me?extended=full",
			AuthStyle:   oauth.AuthStyleBasic,
			Profile:     fields{ID: "ids.slug", Name: "name", Image: "images.avatar.full"}.profile,
		},
		Setup: func(c *oauth.Config, _ oauth.Options) error {
			clientID := c.ClientID
			c.Userinfo = func(ctx context.Context, r oauth.UserinfoRequest) (map[string]any, error) {
				return fetchJSON(ctx, r.Client, http.MethodGet, r.URL, r.Tokens.AccessToken,
					map[string]string{"trakt-api-version": "2", "trakt-api-key": clientID}, nil)
			}
			return nil
		},
	}

	// VK is VK's OAuth 2.0 (API version VKAPIVersion) with scope "email"
	// and client_secret_post. The profile is the first of users.get's
	// "response"; the email comes in the token answer.
	VK = oauth.Service{Config: oauth.Config{
		ID: "vk", Name: "VK",
		Style:       providers.Style{Background: "#07F", Text: "#fff"},
		AuthURL:     "https://oauth.vk.com/authorize?v=" + VKAPIVersion,
		TokenURL:    "https://oauth.vk.com/access_token?v=" + VKAPIVersion,
		UserinfoURL: "https://api.vk.com/method/users.get?fields=photo_100&v=" + VKAPIVersion,
		Scopes:      []string{"email"},
		AuthStyle:   oauth.AuthStylePost,
		Userinfo: func(ctx context.Context, r oauth.UserinfoRequest) (map[string]any, error) {
			doc, err := fetchJSON(ctx, r.Client, http.MethodGet, r.URL, r.Tokens.AccessToken, nil, nil)
			if err != nil {
				return nil, err
			}
			users, _ := doc["response"].([]any)
			if len(users) == 0 {
				return nil, fmt.Errorf("the VK users.get answer has no \"response\" user")
			}
			user, _ := users[0].(map[string]any)
			if user == nil {
				return nil, fmt.Errorf("the VK users.get answer's user is not an object")
			}
			return user, nil
		},
		Profile: vkProfile,
	}}
)

// descopeIssuer is Descope's issuer until Setup puts the client id in.
const descopeIssuer = "https://api.descope.com/{client id}"

// Still more: Descope, United Effects (self-hosted OpenID Connect),
// Foursquare and Notion (headers or query of their own).
var (
	// Descope is a Descope project. As in Auth.js its issuer is
	// https://api.descope.com/<project id>, the project id being the client
	// id, unless Options.Issuer or AUTH_DESCOPE_ISSUER names another.
	Descope = oauth.Service{
		Config: oauth.Config{ID: "descope", Name: "Descope", Style: providers.Style{Background: "#1C1C23", Text: "#fff"}, Issuer: descopeIssuer},
		Setup: func(c *oauth.Config, _ oauth.Options) error {
			if c.Issuer == descopeIssuer {
				c.Issuer = "https://api.descope.com/" + url.PathEscape(c.ClientID)
			}
			return nil
		},
	}

	// UnitedEffects is a United Effects core (OIDC) authority; the
	// authorization request names it as the "resource".
	UnitedEffects = oauth.Service{
		Config: oauth.Config{ID: "united-effects", Name: "United Effects", Scopes: []string{"openid", "email", "profile"}},
		Setup: func(c *oauth.Config, _ oauth.Options) error {
			params := url.Values{"resource": {c.Issuer}}
			for k, v := range c.AuthParams {
				params[k] = v
			}
			c.AuthParams = params
			return nil
		},
		IssuerExample: "https://auth.unitedeffects.com/00000000-0000-0000-0000-000000000000",
	}

	// Foursquare is Foursquare's OAuth 2.0; its API takes the token as the
	// oauth_token query parameter with an API version (FoursquareVersion).
	// The profile is response.user: id, firstName lastName, contact.email,
	// the original-size photo.
	Foursquare = oauth.Service{Config: oauth.Config{
		ID: "foursquare", Name: "Foursquare",
		Style:       providers.Style{Background: "#000", Text: "#fff"},
		AuthURL:     "https://foursquare.com/oauth2/authenticate",
		TokenURL:    "https://foursquare.com/oauth2/access_token",
		UserinfoURL: "https://api.foursquare.com/v2/users/self?v=" + FoursquareVersion,
		AuthStyle:   oauth.AuthStyleBasic,
		Userinfo: func(ctx context.Context, r oauth.UserinfoRequest) (map[string]any, error) {
			u, err := url.Parse(r.URL)
			if err != nil {
				return nil, err
			}
			q := u.Query()
			q.Set("oauth_token", r.Tokens.AccessToken)
			u.RawQuery = q.Encode()
			return fetchJSON(ctx, r.Client, http.MethodGet, u.String(), "", nil, nil) // errors name host and path only
		},
		Profile: foursquareProfile,
	}}

	// Notion is Notion's public integration OAuth (owner=user): the
	// profile is the user who owns the bot of GET /v1/users/me, asked with
	// Notion-Version NotionVersion: id, name, person.email, avatar_url.
	Notion = oauth.Service{Config: oauth.Config{
		ID: "notion", Name: "Notion",
		Style:       providers.Style{Background: "#fff", Text: "#000"},
		AuthURL:     "https://api.notion.com/v1/oauth/authorize",
		TokenURL:    "https://api.notion.com/v1/oauth/token",
		UserinfoURL: "https://api.notion.com/v1/users/me",
		AuthParams:  url.Values{"owner": {"user"}},
		AuthStyle:   oauth.AuthStyleBasic,
		Userinfo: func(ctx context.Context, r oauth.UserinfoRequest) (map[string]any, error) {
			doc, err := fetchJSON(ctx, r.Client, http.MethodGet, r.URL, r.Tokens.AccessToken, map[string]string{"Notion-Version": NotionVersion}, nil)
			if err != nil {
				return nil, err
			}
			user, _ := oauth.Value(doc, "bot", "owner", "user").(map[string]any)
			if user == nil {
				return nil, fmt.Errorf("the Notion bot is not owned by a user (bot.owner.user): sign in with an integration installed by a user")
			}
			return user, nil
		},
		Profile: fields{ID: "id", Name: "name", Email: "person.email", Image: "avatar_url"}.profile,
	}}
)

// FoursquareVersion is the Foursquare API version asked for.
const FoursquareVersion = "20230131"

// NotionVersion is the Notion API version asked for.
const NotionVersion = "2022-06-28"

// foursquareProfile maps Foursquare's response.user.
func foursquareProfile(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
	p, err := fields{ID: "response.user.id", Email: "response.user.contact.email"}.profile(c, t)
	if err != nil {
		return nil, err
	}
	p.Name = fullName(c, "response.user.firstName", "response.user.lastName")
	if prefix, suffix := oauth.String(c, "response", "user", "photo", "prefix"), oauth.String(c, "response", "user", "photo", "suffix"); prefix != "" {
		p.Image = prefix + "original" + suffix
	}
	return p, nil
}

// VKAPIVersion is the VK API version VK uses.
const VKAPIVersion = "5.131"

// vkProfile maps a VK user, with the email of the token answer.
func vkProfile(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
	p, err := fields{ID: "id", Image: "photo_100"}.profile(c, t)
	if err != nil {
		return nil, err
	}
	p.Name = fullName(c, "first_name", "last_name")
	if t != nil {
		p.Email, _ = t.Extra["email"].(string)
	}
	return p, nil
}

// fetchJSON sends method url with the access token as a Bearer token (when
// not empty), the headers, and body as JSON (when not nil), and decodes the
// JSON object answered. A non-2xx answer is an error naming the status.
func fetchJSON(ctx context.Context, client *http.Client, method, target, accessToken string, headers map[string]string, body any) (map[string]any, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if accessToken != "" {
		req.Header.Set("Authorization", "Bearer "+accessToken)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		// Not the *url.Error itself: its message has the whole URL, which
		// may hold the access token (Foursquare, HubSpot).
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return nil, fmt.Errorf("%s %s%s: %w", method, req.URL.Host, req.URL.Path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("reading %s%s: %w", req.URL.Host, req.URL.Path, err)
	}
	if resp.StatusCode/100 != 2 {
		return nil, fmt.Errorf("%s %s%s: HTTP %d", method, req.URL.Host, req.URL.Path, resp.StatusCode)
	}
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s %s%s: answer is not a JSON object: %w", method, req.URL.Host, req.URL.Path, err)
	}
	return doc, nil
}
