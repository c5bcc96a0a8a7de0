package services_test

import (
	"maps"
	"os"
	"slices"
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
	"github.com/gatehouse-go/gatehouse/providers/services"
)

// cases is the shared test table: one row per built-in service whose code
// is here, each replayed from its fixtures in testdata/<id>/ (see
// providertest).
var cases = []providertest.Case{
	{
		New: services.Auth0.New, ID: "auth0", Name: "Auth0", Type: providers.TypeOIDC,
		Issuer: "https://dev-abc123.us.auth0.com/", NeedsIssuer: true,
		AuthURL: "https://dev-abc123.us.auth0.com/authorize", AuthStyle: "basic",
		Params: map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "auth0|64f1c2a9e1b2c3d4e5f60718", Name: "Ada Lovelace", Email: "ada@example.com", EmailVerified: true,
			Image: "https://s.gravatar.com/avatar/abc.png"},
	},
	{
		New: services.Authentik.New, ID: "authentik", Name: "Authentik", Type: providers.TypeOIDC,
		Issuer: "https://authentik.example.com/application/o/my-app/", NeedsIssuer: true,
		AuthURL: "https://authentik.example.com/application/o/authorize/", AuthStyle: "basic",
		Params: map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "7c1c9d4b4a8e2f0c6b3d5e7f9a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b", Name: "Margaret Hamilton",
			Email: "margaret@example.com", EmailVerified: true},
	},
	{
		New: services.Discord.New, ID: "discord", Name: "Discord", Type: providers.TypeOAuth,
		TokenURL: "https://discord.com/api/oauth2/token", UserinfoURL: "https://discord.com/api/users/@me",
		AuthURL: "https://discord.com/api/oauth2/authorize", AuthStyle: "basic",
		Params: map[string]string{"scope": "identify email"},
		Profile: providers.Profile{ID: "80351110224678912", Name: "Nelly", Email: "nelly@discord.com", EmailVerified: true,
			Image: "https://cdn.discordapp.com/avatars/80351110224678912/a_8342729096ea3675442027381ff50dfe.gif"},
	},
	{
		New: services.Facebook.New, ID: "facebook", Name: "Facebook", Type: providers.TypeOAuth,
		TokenURL: "https://graph.facebook.com/v21.0/oauth/access_token", UserinfoURL: "https://graph.facebook.com/me",
		AuthURL: "https://www.facebook.com/v21.0/dialog/oauth", AuthStyle: "post",
		Params: map[string]string{"scope": "email"},
		Profile: providers.Profile{ID: "10158712345678901", Name: "Mark Zed", Email: "mark@example.com", EmailVerified: false,
			Image: "https://platform-lookaside.fbsbx.com/platform/profilepic/?asid=10158712345678901&height=50&width=50"},
		Check: func(t *testing.T, f *oidctest.Fake, _ *oauth.Provider, _ *providers.Tokens) {
			if got := f.Requests("https://graph.facebook.com/me")[0].URL.Query().Get("fields"); got != "id,name,email,picture" {
				t.Errorf("fields = %q", got)
			}
		},
	},
	gitlab("", "https://gitlab.com"),
	{
		New: services.Google.New, ID: "google", Name: "Google", Type: providers.TypeOIDC,
		Issuer:  "https://accounts.google.com",
		AuthURL: "https://accounts.google.com/o/oauth2/v2/auth", AuthStyle: "basic",
		Params: map[string]string{"scope": "openid email profile", "prompt": "", "access_type": ""},
		Profile: providers.Profile{ID: "110169484474386276334", Name: "Ada Lovelace", Email: "ada.lovelace@example.com",
			EmailVerified: true, Image: "https://lh3.googleusercontent.com/a/ACg8ocK"},
	},
	{
		New: services.Keycloak.New, ID: "keycloak", Name: "Keycloak", Type: providers.TypeOIDC,
		Issuer: "https://keycloak.example.com/realms/myrealm", NeedsIssuer: true,
		AuthURL: "https://keycloak.example.com/realms/myrealm/protocol/openid-connect/auth", AuthStyle: "basic",
		Params:  map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "f8a3c2d1-5b6e-4f70-9a81-b2c3d4e5f607", Name: "alan", Email: "alan@example.com"},
	},
	{
		New: services.LinkedIn.New, ID: "linkedin", Name: "LinkedIn", Type: providers.TypeOIDC,
		Issuer:  "https://www.linkedin.com/oauth",
		AuthURL: "https://www.linkedin.com/oauth/v2/authorization", AuthStyle: "post",
		Params: map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "782bbtaQ", Name: "John Doe", Email: "doe@email.com", EmailVerified: true,
			Image: "https://media.licdn-ei.com/dms/image/C5F03AQHqK8v7tB1HCQ/profile-displayphoto-shrink_100_100/0/"},
	},
	{
		New: services.OIDC.New, ID: "oidc", Name: "OpenID Connect", Type: providers.TypeOIDC,
		Issuer: "https://login.example.com", NeedsIssuer: true,
		AuthURL: "https://login.example.com/authorize", AuthStyle: "post",
		Params:  map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "248289761001", Name: "Jane Doe", Email: "janedoe@example.com", Image: "http://example.com/janedoe/me.jpg"},
	},
	{
		New: services.Okta.New, ID: "okta", Name: "Okta", Type: providers.TypeOIDC,
		Issuer: "https://dev-123456.okta.com/oauth2/default", NeedsIssuer: true,
		AuthURL: "https://dev-123456.okta.com/oauth2/default/v1/authorize", AuthStyle: "basic",
		Params:  map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "00uid4BxXw6I6TV4m0g3", Name: "Grace Hopper", Email: "grace@example.com", EmailVerified: true},
	},
	{
		New: services.Slack.New, ID: "slack", Name: "Slack", Type: providers.TypeOIDC,
		Issuer:  "https://slack.com",
		AuthURL: "https://slack.com/openid/connect/authorize", AuthStyle: "basic",
		Params: map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "U0R7JM", Name: "krane", Email: "krane@slack-corp.com", EmailVerified: true,
			Image: "https://secure.gravatar.com/avatar/bc-512.jpg"},
		Check: func(t *testing.T, _ *oidctest.Fake, _ *oauth.Provider, tok *providers.Tokens) {
			if tok.Extra["ok"] != true {
				t.Errorf("Extra = %v, want Slack's \"ok\" kept", tok.Extra)
			}
		},
	},
	{
		New: services.Spotify.New, ID: "spotify", Name: "Spotify", Type: providers.TypeOAuth,
		TokenURL: "https://accounts.spotify.com/api/token", UserinfoURL: "https://api.spotify.com/v1/me",
		AuthURL: "https://accounts.spotify.com/authorize", AuthStyle: "basic",
		Params: map[string]string{"scope": "user-read-email"},
		Profile: providers.Profile{ID: "wizzler", Name: "JM Wizzler", Email: "email@example.com", EmailVerified: false,
			Image: "https://i.scdn.co/image/ab6775700000ee85wizzler"},
	},
	{
		New: services.Twitch.New, ID: "twitch", Name: "Twitch", Type: providers.TypeOIDC,
		Issuer:  "https://id.twitch.tv/oauth2",
		AuthURL: "https://id.twitch.tv/oauth2/authorize", AuthStyle: "post",
		Params: map[string]string{"scope": "openid user:read:email",
			"claims": `{"id_token":{"email":null,"picture":null,"preferred_username":null}}`},
		Profile: providers.Profile{ID: "713936733", Name: "twitchdev", Email: "twitchdev@example.com", EmailVerified: true,
			Image: "https://static-cdn.jtvnw.net/user-default-pictures-uv/13e5fa74.png"},
		Check: func(t *testing.T, _ *oidctest.Fake, _ *oauth.Provider, tok *providers.Tokens) {
			if tok.Scope != "openid user:read:email" || tok.RefreshToken == "" {
				t.Errorf("tokens = %+v, want the scope array joined and the refresh token", tok)
			}
		},
	},
	{
		New: services.Twitter.New, ID: "twitter", Name: "Twitter", Type: providers.TypeOAuth,
		TokenURL: "https://api.x.com/2/oauth2/token", UserinfoURL: "https://api.x.com/2/users/me",
		AuthURL: "https://x.com/i/oauth2/authorize", AuthStyle: "basic",
		Params: map[string]string{"scope": "users.read tweet.read offline.access"},
		Profile: providers.Profile{ID: "2244994945", Name: "Developers",
			Image: "https://pbs.twimg.com/profile_images/1683325380441128960/yRsRRjGO_normal.jpg"},
	},
	{
		New: services.Zitadel.New, ID: "zitadel", Name: "ZITADEL", Type: providers.TypeOIDC,
		Issuer: "https://my-instance-abc123.zitadel.cloud", NeedsIssuer: true,
		AuthURL: "https://my-instance-abc123.zitadel.cloud/oauth/v2/authorize", AuthStyle: "basic",
		Params:  map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "218403495104524289", Name: "Katherine Johnson", Email: "katherine@example.com", EmailVerified: true},
	},
}

// ownPackage names the services whose code, and so whose test and
// fixtures, are in a package of their own.
var ownPackage = map[string]string{
	"apple": "providers/apple", "github": "providers/github", "microsoft-entra-id": "providers/microsoftentraid",
}

// gitlab is the GitLab row, on gitlab.com or (with baseURL) a self-managed
// instance at want.
func gitlab(baseURL, want string) providertest.Case {
	return providertest.Case{
		New: func(o oauth.Options) (*oauth.Provider, error) {
			o.BaseURL = baseURL
			return services.GitLab.New(o)
		},
		ID: "gitlab", Name: "GitLab", Type: providers.TypeOAuth,
		TokenURL: want + "/oauth/token", UserinfoURL: want + "/api/v4/user",
		AuthURL: want + "/oauth/authorize", AuthStyle: "post",
		Params: map[string]string{"scope": "read_user"},
		Profile: providers.Profile{ID: "1", Name: "John Smith", Email: "john@example.com", EmailVerified: true,
			Image: "https://gitlab.com/uploads/-/system/user/avatar/1/avatar.png"},
		Check: func(t *testing.T, _ *oidctest.Fake, _ *oauth.Provider, tok *providers.Tokens) {
			if tok.Extra["created_at"] != int64(1607635748) || tok.ExpiresAt != providertest.Now.Unix()+7200 {
				t.Errorf("tokens = %+v", tok)
			}
		},
	}
}

func TestServices(t *testing.T) {
	for _, c := range slices.Concat(cases, moreCases, onIssuerCases, lineCases, faceitCases, tiktokCases, bungieCases, bankIDCases, wechatCases) {
		t.Run(c.ID, func(t *testing.T) {
			c.Dir = c.ID
			providertest.Run(t, c)
		})
	}
}

func TestGitLabSelfManaged(t *testing.T) {
	c := gitlab("https://gitlab.example.com/", "https://gitlab.example.com")
	c.Dir = c.ID
	providertest.Run(t, c)
}

// TestAll checks that All lists every service once, ordered by id, that
// each has a row in cases (or a package of its own that tests it) and
// fixtures named for it, and that no row or fixture is left without a
// service.
func TestAll(t *testing.T) {
	tested := map[string]bool{}
	for _, c := range slices.Concat(cases, moreCases, onIssuerCases, lineCases, faceitCases, tiktokCases, bungieCases, bankIDCases, wechatCases) {
		tested[c.ID] = true
	}
	fixtures, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	haveFixtures := map[string]bool{}
	for _, e := range fixtures {
		haveFixtures[e.Name()] = true
	}
	unlisted := maps.Clone(ownPackage)
	var ids []string
	for _, s := range services.All() {
		id := s.Config.ID
		ids = append(ids, id)
		pkg, own := ownPackage[id]
		switch {
		case own && (tested[id] || haveFixtures[id]):
			t.Errorf("%s is tested in %s; its row or fixtures here are a second copy", id, pkg)
		case !own && !tested[id]:
			t.Errorf("service %s has no row in cases", id)
		case !own && !haveFixtures[id]:
			t.Errorf("service %s has no testdata/%s/", id, id)
		}
		if s.Config.Issuer == "" && s.Config.AuthURL == "" && s.IssuerExample == "" {
			t.Errorf("self-hosted service %s has no IssuerExample", id)
		}
		delete(tested, id)
		delete(haveFixtures, id)
		delete(unlisted, id)
	}
	if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Errorf("All() ids %v: want them sorted, each once", ids)
	}
	for id := range tested {
		t.Errorf("cases has a row for %s, which All() does not list", id)
	}
	for id := range haveFixtures {
		t.Errorf("testdata/%s/ belongs to no service in All()", id)
	}
	for id := range unlisted {
		t.Errorf("ownPackage names %s, which All() does not list", id)
	}
}

func TestDiscordAvatars(t *testing.T) {
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
			p, err := services.Discord.Config.Profile(tt.user, nil)
			if err != nil || p.Image != tt.want {
				t.Errorf("Image = %q (%v), want %q", p.Image, err, tt.want)
			}
		})
	}
}

func TestTwitterConfirmedEmail(t *testing.T) {
	p, err := services.Twitter.Config.Profile(map[string]any{"data": map[string]any{"id": "1", "confirmed_email": "a@x.com"}}, nil)
	if err != nil || p.Email != "a@x.com" || !p.EmailVerified {
		t.Errorf("Profile = %+v, %v", p, err)
	}
}

func TestFacebookGraph(t *testing.T) {
	s := services.FacebookGraph("v19.0")
	if s.Config.AuthURL != "https://www.facebook.com/v19.0/dialog/oauth" || s.Config.TokenURL != "https://graph.facebook.com/v19.0/oauth/access_token" {
		t.Errorf("FacebookGraph(v19.0) endpoints = %s, %s", s.Config.AuthURL, s.Config.TokenURL)
	}
}

func TestSlackProfile(t *testing.T) {
	p, err := services.Slack.Config.Profile(map[string]any{"sub": "sub-1", "https://slack.com/user_id": "U1", "picture": "small.jpg",
		"https://slack.com/user_image_512": "512.jpg"}, nil)
	if err != nil || p.ID != "U1" || p.Image != "512.jpg" {
		t.Errorf("Profile = %+v, %v; want Slack's user id and 512-pixel image", p, err)
	}
}
