package discord

import (
	"strconv"
	"strings"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// Options configures the provider.
type Options = oauth.Options

// New returns the Discord provider.
func New(o Options) (*oauth.Provider, error) {
	return o.Build(oauth.Config{
		ID: "discord", Name: "Discord",
		Style:       providers.Style{Background: "#5865F2", Text: "#fff"},
		AuthURL:     "https://discord.com/api/oauth2/authorize",
		TokenURL:    "https://discord.com/api/oauth2/token",
		UserinfoURL: "https://discord.com/api/users/@me",
		Scopes:      []string{"identify", "email"},
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     Profile,
	})
}

// Profile maps a Discord user.
func Profile(c map[string]any, _ *providers.Tokens) (*providers.Profile, error) {
	id := oauth.String(c, "id")
	return &providers.Profile{
		ID:            id,
		Name:          oauth.First(oauth.String(c, "global_name"), oauth.String(c, "username")),
		Email:         oauth.String(c, "email"),
		EmailVerified: oauth.Bool(c, "verified"),
		Image:         avatar(id, oauth.String(c, "avatar"), oauth.String(c, "discriminator")),
	}, nil
}

// avatar returns the CDN URL of a user's avatar (animated ones, "a_...",
// as GIF), or of the default avatar Discord shows when there is none.
func avatar(id, hash, discriminator string) string {
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
