package discord_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/discord"
)

func TestDiscord(t *testing.T) {
	providertest.Run(t, providertest.Case{
		New: discord.New, ID: "discord", Name: "Discord", Type: providers.TypeOAuth,
		TokenURL: "https://discord.com/api/oauth2/token", UserinfoURL: "https://discord.com/api/users/@me",
		AuthURL:   "https://discord.com/api/oauth2/authorize",
		Params:    map[string]string{"scope": "identify email"},
		AuthStyle: "basic",
		Profile: providers.Profile{ID: "80351110224678912", Name: "Nelly", Email: "nelly@discord.com", EmailVerified: true,
			Image: "https://cdn.discordapp.com/avatars/80351110224678912/a_8342729096ea3675442027381ff50dfe.gif"},
	})
}

func TestProfileAvatars(t *testing.T) {
	tests := []struct {
		name string
		user map[string]any
		want string
	}{
		{"static avatar", map[string]any{"id": "1", "avatar": "abc"}, "https://cdn.discordapp.com/avatars/1/abc.png"},
		{"default avatar, new username", map[string]any{"id": "80351110224678912", "discriminator": "0"}, "https://cdn.discordapp.com/embed/avatars/5.png"},
		{"default avatar, legacy discriminator", map[string]any{"id": "1", "discriminator": "1337"}, "https://cdn.discordapp.com/embed/avatars/2.png"},
		{"username when no global name", map[string]any{"id": "1", "username": "nelly", "avatar": "x"}, "https://cdn.discordapp.com/avatars/1/x.png"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := discord.Profile(tt.user, nil)
			if err != nil || p.Image != tt.want {
				t.Errorf("Image = %q (%v), want %q", p.Image, err, tt.want)
			}
		})
	}
}
