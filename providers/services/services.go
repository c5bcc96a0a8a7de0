package services

import (
	"net/url"
	"slices"
	"strings"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/apple"
	"github.com/gatehouse-go/gatehouse/providers/github"
	"github.com/gatehouse-go/gatehouse/providers/microsoftentraid"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// The built-in services. Each comment says what the service's providers
// do beyond the defaults of oauth.Config (OpenID Connect: scopes "openid
// profile email", endpoints from the issuer's discovery document, the
// profile from the ID token's standard claims; both kinds: PKCE S256, and
// the client authentication that works, client_secret_basic first).
var (
	// Apple is "Sign in with Apple": see providers/apple for its signing
	// key, and apple.New to give that key in code.
	Apple = apple.Service

	// Auth0 is a self-hosted Auth0 tenant; its issuer is the tenant domain
	// with a trailing slash.
	Auth0 = oauth.Service{
		Config:        oauth.Config{ID: "auth0", Name: "Auth0"},
		IssuerExample: "https://dev-abc123.us.auth0.com/",
	}

	// Authentik is an authentik application; its issuer is the
	// application's URL with a trailing slash.
	Authentik = oauth.Service{
		Config:        oauth.Config{ID: "authentik", Name: "Authentik"},
		IssuerExample: "https://authentik.example.com/application/o/my-app/",
	}

	// Discord is OAuth 2.0 with client_secret_basic. Name is the display
	// name (global_name, else username), the image the user's avatar on
	// Discord's CDN or their default avatar, EmailVerified Discord's
	// "verified".
	Discord = oauth.Service{Config: oauth.Config{
		ID: "discord", Name: "Discord",
		Style:       providers.Style{Background: "#5865F2", Text: "#fff"},
		AuthURL:     "https://discord.com/api/oauth2/authorize",
		TokenURL:    "https://discord.com/api/oauth2/token",
		UserinfoURL: "https://discord.com/api/users/@me",
		Scopes:      []string{"identify", "email"},
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     discordProfile,
	}}

	// Facebook is Facebook Login on Graph API version FacebookGraphVersion
	// (FacebookGraph gives another), with client_secret_post.
	// EmailVerified is false: Facebook does not say whether the address
	// was confirmed.
	Facebook = FacebookGraph(FacebookGraphVersion)

	// GitHub is github.com or, with Options.BaseURL, GitHub Enterprise
	// Server: see providers/github for how it finds a verified email.
	GitHub = github.Service

	// GitLab is gitlab.com or, with Options.BaseURL, self-managed GitLab
	// (OAuth 2.0, client_secret_post). EmailVerified is true when GitLab
	// reports the account confirmed (confirmed_at).
	GitLab = oauth.Service{
		Config: oauth.Config{
			ID: "gitlab", Name: "GitLab",
			Style:       providers.Style{Background: "#FC6D26", Text: "#fff"},
			AuthURL:     "https://gitlab.com/oauth/authorize",
			TokenURL:    "https://gitlab.com/oauth/token",
			UserinfoURL: "https://gitlab.com/api/v4/user",
			Scopes:      []string{"read_user"},
			AuthStyle:   oauth.AuthStylePost,
			Profile:     gitlabProfile,
		},
		BaseURL: "https://gitlab.com",
	}

	// Google asks for scopes "openid email profile". It sends a refresh
	// token only when asked: add AuthParams{"access_type": {"offline"},
	// "prompt": {"consent"}}.
	Google = oauth.Service{Config: oauth.Config{
		ID: "google", Name: "Google", Issuer: "https://accounts.google.com",
		Style:  providers.Style{Background: "#fff", Text: "#000"},
		Scopes: []string{"openid", "email", "profile"},
	}}

	// Keycloak is a Keycloak realm; its issuer is the realm's URL.
	Keycloak = oauth.Service{
		Config:        oauth.Config{ID: "keycloak", Name: "Keycloak"},
		IssuerExample: "https://keycloak.example.com/realms/myrealm",
	}

	// LinkedIn is "Sign In with LinkedIn using OpenID Connect" (its
	// discovery document asks for client_secret_post).
	LinkedIn = oauth.Service{Config: oauth.Config{
		ID: "linkedin", Name: "LinkedIn", Issuer: "https://www.linkedin.com/oauth",
		Style: providers.Style{Background: "#069", Text: "#fff"},
	}}

	// MicrosoftEntraID is Microsoft Entra ID (formerly Azure AD) on the
	// "common" tenant: see providers/microsoftentraid for how it checks
	// multi-tenant issuers, and microsoftentraid.New for another tenant.
	MicrosoftEntraID = microsoftentraid.Service

	// OIDC is any OpenID Connect issuer, named in AUTH_OIDC_ISSUER. Give
	// Options.ID and Options.Name for another id (whose variables are then
	// AUTH_<ID>_...) and button label.
	OIDC = oauth.Service{
		Config:        oauth.Config{ID: "oidc", Name: "OpenID Connect"},
		IssuerExample: "https://login.example.com",
	}

	// Okta is an Okta authorization server; its issuer is the server's
	// URL.
	Okta = oauth.Service{
		Config:        oauth.Config{ID: "okta", Name: "Okta"},
		IssuerExample: "https://dev-123456.okta.com/oauth2/default",
	}

	// Slack is "Sign in with Slack" (OpenID Connect). The profile id is
	// the Slack user id (claim "https://slack.com/user_id", else "sub")
	// and the image the 512-pixel avatar.
	Slack = oauth.Service{Config: oauth.Config{
		ID: "slack", Name: "Slack", Issuer: "https://slack.com",
		Style:   providers.Style{Background: "#fff", Text: "#000"},
		Profile: slackProfile,
	}}

	// Spotify is OAuth 2.0 with client_secret_basic and scope
	// "user-read-email". Spotify documents its email as unverified, so
	// EmailVerified is false.
	Spotify = oauth.Service{Config: oauth.Config{
		ID: "spotify", Name: "Spotify",
		Style:       providers.Style{Background: "#1DB954", Text: "#fff"},
		AuthURL:     "https://accounts.spotify.com/authorize",
		TokenURL:    "https://accounts.spotify.com/api/token",
		UserinfoURL: "https://api.spotify.com/v1/me",
		Scopes:      []string{"user-read-email"},
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     spotifyProfile,
	}}

	// Twitch is OpenID Connect with scopes "openid user:read:email" and a
	// "claims" parameter (TwitchClaims) that puts email, picture and
	// preferred_username in the ID token; its discovery document asks for
	// client_secret_post.
	Twitch = oauth.Service{Config: oauth.Config{
		ID: "twitch", Name: "Twitch", Issuer: "https://id.twitch.tv/oauth2",
		Style:      providers.Style{Background: "#65459B", Text: "#fff"},
		Scopes:     []string{"openid", "user:read:email"},
		AuthParams: url.Values{"claims": {TwitchClaims}},
	}}

	// Twitter is X (Twitter), OAuth 2.0 with PKCE (which X requires) and
	// client_secret_basic; the profile is the "data" of /2/users/me. X
	// gives an email only to apps allowed to ask for it and with the
	// "users.email" scope; it is then confirmed, so EmailVerified is true.
	Twitter = oauth.Service{Config: oauth.Config{
		ID: "twitter", Name: "Twitter",
		Style:       providers.Style{Background: "#000", Text: "#fff"},
		AuthURL:     "https://x.com/i/oauth2/authorize",
		TokenURL:    "https://api.x.com/2/oauth2/token",
		UserinfoURL: "https://api.x.com/2/users/me?user.fields=profile_image_url,confirmed_email",
		Scopes:      []string{"users.read", "tweet.read", "offline.access"},
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     twitterProfile,
	}}

	// Zitadel is a ZITADEL instance; its issuer is the instance's URL.
	Zitadel = oauth.Service{
		Config:        oauth.Config{ID: "zitadel", Name: "ZITADEL"},
		IssuerExample: "https://my-instance-abc123.zitadel.cloud",
	}
)

// FacebookGraphVersion is the Graph API version of Facebook.
const FacebookGraphVersion = "v21.0"

// TwitchClaims is Twitch's "claims" authorization parameter.
const TwitchClaims = `{"id_token":{"email":null,"picture":null,"preferred_username":null}}`

// FacebookGraph returns Facebook on the Graph API version given ("v21.0").
func FacebookGraph(version string) oauth.Service {
	return oauth.Service{Config: oauth.Config{
		ID: "facebook", Name: "Facebook",
		Style:       providers.Style{Background: "#1877F2", Text: "#fff"},
		AuthURL:     "https://www.facebook.com/" + version + "/dialog/oauth",
		TokenURL:    "https://graph.facebook.com/" + version + "/oauth/access_token",
		UserinfoURL: "https://graph.facebook.com/me?fields=id,name,email,picture",
		Scopes:      []string{"email"},
		AuthStyle:   oauth.AuthStylePost,
		Profile:     facebookProfile,
	}}
}

// All returns every built-in service, ordered by id: the list that
// gatehouse serve enables from the environment and the README's table
// shows.
func All() []oauth.Service {
	all := []oauth.Service{
		FortyTwoSchool, Apple, Asgardeo, Atlassian, Auth0, Authentik, BattleNet, Bitbucket, Box, Cognito,
		Coinbase, Discord, Dribbble, DuendeIdentityServer6, EVEOnline, Facebook, Figma, Freshbooks,
		FusionAuth, GitHub, GitLab, Google, HuggingFace, Hydra, Kakao, Keycloak, Kinde, LinkedIn, Logto,
		MailRu, Mastodon, MicrosoftEntraID, Naver, Netlify, OIDC, Okta, OneLogin, Osu, Passage, Patreon,
		Pinterest, Pipedrive, Reddit, Roblox, SimpleLogin, Slack, Spotify, Strava, Threads, Twitch,
		Twitter, Webex, Wikimedia, WordPress, WorkOS, Yandex, Zitadel, Zoho, Zoom,
		AzureADB2C, BeyondIdentity, ClickUp, Concept2, Dropbox, Eventbrite, HubSpot, Mailchimp, PingID,
		Todoist, Trakt, VK, Descope, UnitedEffects, Foursquare, Notion, Mattermost, Nextcloud, Salesforce, Vipps,
		LINE, BoxyHQSAML, Osso, FACEIT, TikTok, Bungie, Frontegg, BankIDNorge, WeChat,
	}
	slices.SortFunc(all, func(a, b oauth.Service) int { return strings.Compare(a.Config.ID, b.Config.ID) })
	return all
}
