package services

import (
	"strconv"
	"strings"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// The profile mappers of the services whose profile is not OpenID
// Connect's standard claims.

// discordProfile maps a Discord user.
func discordProfile(c map[string]any, _ *providers.Tokens) (*providers.Profile, error) {
	id := oauth.String(c, "id")
	return &providers.Profile{
		ID:            id,
		Name:          oauth.First(oauth.String(c, "global_name"), oauth.String(c, "username")),
		Email:         oauth.String(c, "email"),
		EmailVerified: oauth.Bool(c, "verified"),
		Image:         discordAvatar(id, oauth.String(c, "avatar"), oauth.String(c, "discriminator")),
	}, nil
}

// discordAvatar returns the CDN URL of a user's avatar (animated ones,
// "a_...", as GIF), or of the default avatar Discord shows when there is
// none.
func discordAvatar(id, hash, discriminator string) string {
	if hash != "" {
		ext := "png"
		if strings.HasPrefix(hash, "a_") {
			ext = "gif"
		}
		return "https://cdn.discordapp.com/avatars/" + id + "/" + hash + "." + ext
	}
	var n uint64
	if d, err := strconv.ParseUint(discriminator, 10, 64); err == nil && d != 0 {
		n = d % 5 // legacy usernames
	} else if snowflake, err := strconv.ParseUint(id, 10, 64); err == nil {
		n = (snowflake >> 22) % 6
	}
	return "https://cdn.discordapp.com/embed/avatars/" + strconv.FormatUint(n, 10) + ".png"
}

// facebookProfile maps a Facebook user: id, name, email, picture.data.url.
func facebookProfile(c map[string]any, _ *providers.Tokens) (*providers.Profile, error) {
	return &providers.Profile{
		ID:    oauth.String(c, "id"),
		Name:  oauth.String(c, "name"),
		Email: oauth.String(c, "email"),
		Image: oauth.String(c, "picture", "data", "url"),
	}, nil
}

// gitlabProfile maps a GitLab user: id, name (or username), email,
// confirmed_at, avatar_url.
func gitlabProfile(c map[string]any, _ *providers.Tokens) (*providers.Profile, error) {
	return &providers.Profile{
		ID:            oauth.String(c, "id"),
		Name:          oauth.First(oauth.String(c, "name"), oauth.String(c, "username")),
		Email:         oauth.String(c, "email"),
		EmailVerified: oauth.String(c, "confirmed_at") != "",
		Image:         oauth.String(c, "avatar_url"),
	}, nil
}

// slackProfile maps Slack's ID token claims: the standard ones, with
// Slack's user id and 512-pixel image when present.
func slackProfile(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
	p, err := oauth.StandardProfile(c, t)
	if err != nil {
		return nil, err
	}
	if id := oauth.String(c, "https://slack.com/user_id"); id != "" {
		p.ID = id
	}
	if img := oauth.String(c, "https://slack.com/user_image_512"); img != "" {
		p.Image = img
	}
	return p, nil
}

// spotifyProfile maps a Spotify user: id, display_name, email, the first
// image.
func spotifyProfile(c map[string]any, _ *providers.Tokens) (*providers.Profile, error) {
	p := &providers.Profile{
		ID:    oauth.String(c, "id"),
		Name:  oauth.String(c, "display_name"),
		Email: oauth.String(c, "email"),
	}
	if imgs, _ := c["images"].([]any); len(imgs) > 0 {
		if img, ok := imgs[0].(map[string]any); ok {
			p.Image = oauth.String(img, "url")
		}
	}
	return p, nil
}

// twitterProfile maps an X user (the "data" object of /2/users/me).
func twitterProfile(c map[string]any, _ *providers.Tokens) (*providers.Profile, error) {
	email := oauth.String(c, "data", "confirmed_email")
	return &providers.Profile{
		ID:            oauth.String(c, "data", "id"),
		Name:          oauth.String(c, "data", "name"),
		Email:         email,
		EmailVerified: email != "",
		Image:         oauth.String(c, "data", "profile_image_url"),
	}, nil
}
