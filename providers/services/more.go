package services

import (
	"net/url"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// The services added after the first eighteen, with what Auth.js's
// provider of the same id does (@auth/core 0.41.3). Unless a comment says
// otherwise: PKCE, client_secret_basic, and the profile fields named.
var (
	// FortyTwoSchool is 42's intranet API: id, usual_full_name, email,
	// image.link.
	FortyTwoSchool = oauth.Service{Config: oauth.Config{
		ID: "42-school", Name: "42 School",
		AuthURL:     "https://api.intra.42.fr/oauth/authorize",
		TokenURL:    "https://api.intra.42.fr/oauth/token",
		UserinfoURL: "https://api.intra.42.fr/v2/me",
		Scopes:      []string{"public"},
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     fields{ID: "id", Name: "usual_full_name", Email: "email", Image: "image.link"}.profile,
	}}

	// Asgardeo is a WSO2 Asgardeo organisation; its issuer is the
	// organisation's token endpoint.
	Asgardeo = oauth.Service{
		Config:        oauth.Config{ID: "asgardeo", Name: "Asgardeo", Style: providers.Style{Background: "#000", Text: "#fff"}},
		IssuerExample: "https://api.asgardeo.io/t/myorg/oauth2/token",
	}

	// Atlassian is Atlassian's OAuth 2.0 (3LO) with audience
	// "api.atlassian.com", scope "read:me", and no PKCE.
	Atlassian = oauth.Service{Config: oauth.Config{
		ID: "atlassian", Name: "Atlassian",
		Style:       providers.Style{Background: "#fff", Text: "#0052cc"},
		AuthURL:     "https://auth.atlassian.com/authorize",
		TokenURL:    "https://auth.atlassian.com/oauth/token",
		UserinfoURL: "https://api.atlassian.com/me",
		Scopes:      []string{"read:me"},
		AuthParams:  url.Values{"audience": {"api.atlassian.com"}},
		AuthStyle:   oauth.AuthStyleBasic,
		DisablePKCE: true,
		Profile:     fields{ID: "account_id", Name: "name", Email: "email", Image: "picture", Verified: "email_verified"}.profile,
	}}

	// BattleNet is Battle.net (OpenID Connect) on its global issuer; give
	// another region's (https://oauth.battlenet.com.cn) as the issuer. The
	// name is the BattleTag; Battle.net gives no email.
	BattleNet = oauth.Service{Config: oauth.Config{
		ID: "battlenet", Name: "Battle.net", Issuer: "https://oauth.battle.net",
		Style:   providers.Style{Background: "#148eff", Text: "#fff"},
		Scopes:  []string{"openid"},
		Profile: fields{ID: "sub", Name: "battle_tag"}.profile,
	}}

	// Bitbucket is Bitbucket Cloud with scope "account": account_id,
	// display_name (else username), links.avatar.href; no email.
	Bitbucket = oauth.Service{Config: oauth.Config{
		ID: "bitbucket", Name: "Bitbucket",
		Style:       providers.Style{Background: "#205081", Text: "#fff"},
		AuthURL:     "https://bitbucket.org/site/oauth2/authorize",
		TokenURL:    "https://bitbucket.org/site/oauth2/access_token",
		UserinfoURL: "https://api.bitbucket.org/2.0/user",
		Scopes:      []string{"account"},
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     bitbucketProfile,
	}}

	// Box is Box's OAuth 2.0: id, name, login (the email), avatar_url.
	Box = oauth.Service{Config: oauth.Config{
		ID: "box", Name: "Box",
		Style:       providers.Style{Background: "#0075C9", Text: "#fff"},
		AuthURL:     "https://account.box.com/api/oauth2/authorize",
		TokenURL:    "https://api.box.com/oauth2/token",
		UserinfoURL: "https://api.box.com/2.0/users/me",
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     fields{ID: "id", Name: "name", Email: "login", Image: "avatar_url"}.profile,
	}}

	// Cognito is an Amazon Cognito user pool; its issuer is the pool's URL.
	Cognito = oauth.Service{
		Config:        oauth.Config{ID: "cognito", Name: "Cognito", Style: providers.Style{Background: "#C17B9E", Text: "#fff"}},
		IssuerExample: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI",
	}

	// Coinbase is Sign in with Coinbase: the "data" of /v2/user.
	Coinbase = oauth.Service{Config: oauth.Config{
		ID: "coinbase", Name: "Coinbase",
		Style:       providers.Style{Background: "#0052ff", Text: "#fff"},
		AuthURL:     "https://login.coinbase.com/oauth2/auth",
		TokenURL:    "https://login.coinbase.com/oauth2/token",
		UserinfoURL: "https://api.coinbase.com/v2/user",
		Scopes:      []string{"wallet:user:email", "wallet:user:read"},
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     fields{ID: "data.id", Name: "data.name", Email: "data.email", Image: "data.avatar_url"}.profile,
	}}

	// Dribbble is Dribbble's API v2 with scope "public".
	Dribbble = oauth.Service{Config: oauth.Config{
		ID: "dribbble", Name: "Dribbble",
		Style:       providers.Style{Background: "#000", Text: "#fff"},
		AuthURL:     "https://dribbble.com/oauth/authorize",
		TokenURL:    "https://dribbble.com/oauth/token",
		UserinfoURL: "https://api.dribbble.com/v2/user",
		Scopes:      []string{"public"},
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     fields{ID: "id", Name: "name", Email: "email", Image: "avatar_url"}.profile,
	}}

	// DuendeIdentityServer6 is a Duende IdentityServer; its issuer is the
	// server's URL.
	DuendeIdentityServer6 = oauth.Service{
		Config:        oauth.Config{ID: "duende-identity-server6", Name: "DuendeIdentityServer6"},
		IssuerExample: "https://demo.duendesoftware.com",
	}

	// EVEOnline is EVE SSO v2 with scope "publicData" and no PKCE; the
	// profile is the character (CharacterID, CharacterName, its portrait);
	// EVE gives no email.
	EVEOnline = oauth.Service{Config: oauth.Config{
		ID: "eveonline", Name: "EVE Online",
		AuthURL:     "https://login.eveonline.com/v2/oauth/authorize",
		TokenURL:    "https://login.eveonline.com/v2/oauth/token",
		UserinfoURL: "https://login.eveonline.com/oauth/verify",
		Scopes:      []string{"publicData"},
		AuthStyle:   oauth.AuthStyleBasic,
		DisablePKCE: true,
		Profile:     eveProfile,
	}}

	// Figma is Figma's OAuth 2.0 with scope "files:read" and no PKCE: id,
	// handle, email, img_url.
	Figma = oauth.Service{Config: oauth.Config{
		ID: "figma", Name: "Figma",
		Style:       providers.Style{Background: "#ff7237", Text: "#fff"},
		AuthURL:     "https://www.figma.com/oauth",
		TokenURL:    "https://api.figma.com/v1/oauth/token",
		UserinfoURL: "https://api.figma.com/v1/me",
		Scopes:      []string{"files:read"},
		AuthStyle:   oauth.AuthStyleBasic,
		DisablePKCE: true,
		Profile:     fields{ID: "id", Name: "handle", Email: "email", Image: "img_url"}.profile,
	}}

	// Freshbooks is FreshBooks' identity endpoint: the "response" object,
	// named first_name last_name.
	Freshbooks = oauth.Service{Config: oauth.Config{
		ID: "freshbooks", Name: "Freshbooks",
		Style:       providers.Style{Background: "#0075dd", Text: "#fff"},
		AuthURL:     "https://auth.freshbooks.com/service/auth/oauth/authorize",
		TokenURL:    "https://api.freshbooks.com/auth/oauth/token",
		UserinfoURL: "https://api.freshbooks.com/auth/api/v1/users/me",
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     freshbooksProfile,
	}}

	// FusionAuth is a FusionAuth tenant; its issuer is the instance's URL
	// (or the tenant's configured issuer). Scopes add "offline_access" for a
	// refresh token.
	FusionAuth = oauth.Service{
		Config:        oauth.Config{ID: "fusionauth", Name: "FusionAuth", Scopes: []string{"offline_access", "email", "openid", "profile"}},
		IssuerExample: "https://auth.example.com",
	}

	// HuggingFace is "Sign in with Hugging Face" (OpenID Connect).
	HuggingFace = oauth.Service{Config: oauth.Config{
		ID: "huggingface", Name: "Hugging Face", Issuer: "https://huggingface.co",
		Style: providers.Style{Background: "#FFD21E", Text: "#000"},
	}}

	// Hydra is an Ory Hydra (or Ory Network) server; its issuer is the
	// server's public URL.
	Hydra = oauth.Service{
		Config:        oauth.Config{ID: "hydra", Name: "Hydra", Style: providers.Style{Background: "#fff", Text: "#0F172A"}},
		IssuerExample: "https://myproject.projects.oryapis.com",
	}

	// Kakao is Kakao Login with client_secret_post; the profile is
	// kakao_account's (nickname, email, is_email_verified, image).
	Kakao = oauth.Service{Config: oauth.Config{
		ID: "kakao", Name: "Kakao",
		Style:       providers.Style{Background: "#FEE500", Text: "#000"},
		AuthURL:     "https://kauth.kakao.com/oauth/authorize",
		TokenURL:    "https://kauth.kakao.com/oauth/token",
		UserinfoURL: "https://kapi.kakao.com/v2/user/me",
		AuthStyle:   oauth.AuthStylePost,
		Profile: fields{ID: "id", Name: "kakao_account.profile.nickname", Email: "kakao_account.email",
			Image: "kakao_account.profile.profile_image_url", Verified: "kakao_account.is_email_verified"}.profile,
	}}

	// Kinde is a Kinde business; its issuer is the business's domain.
	Kinde = oauth.Service{
		Config:        oauth.Config{ID: "kinde", Name: "Kinde", Style: providers.Style{Background: "#fff", Text: "#0F0F0F"}},
		IssuerExample: "https://mybusiness.kinde.com",
	}

	// Logto is a Logto tenant; its issuer is the tenant's endpoint with
	// "/oidc". The name falls back to the username.
	Logto = oauth.Service{
		Config: oauth.Config{ID: "logto", Name: "Logto", Scopes: []string{"offline_access", "openid", "email", "profile"},
			Profile: logtoProfile},
		IssuerExample: "https://abc123.logto.app/oidc",
	}

	// MailRu is Mail.ru's OAuth 2.0 with scope "userinfo".
	MailRu = oauth.Service{Config: oauth.Config{
		ID: "mailru", Name: "Mail.ru",
		AuthURL:     "https://oauth.mail.ru/login",
		TokenURL:    "https://oauth.mail.ru/token",
		UserinfoURL: "https://oauth.mail.ru/userinfo",
		Scopes:      []string{"userinfo"},
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     fields{ID: "id", Name: "name", Email: "email", Image: "image"}.profile,
	}}

	// Mastodon is mastodon.social or, with AUTH_MASTODON_ISSUER (Auth.js's
	// issuer) or Options.BaseURL, another instance: scope "read", the
	// account's id, username and static avatar; Mastodon gives no email.
	Mastodon = withBaseURL(onIssuer(oauth.Config{
		ID: "mastodon", Name: "Mastodon",
		Style:     providers.Style{Background: "#6364FF", Text: "#fff"},
		Scopes:    []string{"read"},
		AuthStyle: oauth.AuthStyleBasic,
		Profile:   fields{ID: "id", Name: "username", Image: "avatar_static"}.profile,
	}, "https://mastodon.social", "", paths{auth: "/oauth/authorize", token: "/oauth/token", userinfo: "/api/v1/accounts/verify_credentials"}))

	// Naver is Naver Login: the "response" object of /v1/nid/me.
	Naver = oauth.Service{Config: oauth.Config{
		ID: "naver", Name: "Naver",
		Style:       providers.Style{Background: "#03C75A", Text: "#fff"},
		AuthURL:     "https://nid.naver.com/oauth2.0/authorize",
		TokenURL:    "https://nid.naver.com/oauth2.0/token",
		UserinfoURL: "https://openapi.naver.com/v1/nid/me",
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     fields{ID: "response.id", Name: "response.nickname", Email: "response.email", Image: "response.profile_image"}.profile,
	}}

	// Netlify is Netlify's OAuth 2.0: id, full_name, email, avatar_url.
	Netlify = oauth.Service{Config: oauth.Config{
		ID: "netlify", Name: "Netlify",
		Style:       providers.Style{Background: "#32e6e2", Text: "#000"},
		AuthURL:     "https://app.netlify.com/authorize",
		TokenURL:    "https://api.netlify.com/oauth/token",
		UserinfoURL: "https://api.netlify.com/api/v1/user",
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     fields{ID: "id", Name: "full_name", Email: "email", Image: "avatar_url"}.profile,
	}}

	// OneLogin is a OneLogin account; its issuer is the account's
	// "/oidc/2" URL.
	OneLogin = oauth.Service{
		Config:        oauth.Config{ID: "onelogin", Name: "OneLogin"},
		IssuerExample: "https://mycompany.onelogin.com/oidc/2",
	}

	// Osu is osu! with scope "identify"; osu! gives no email.
	Osu = oauth.Service{Config: oauth.Config{
		ID: "osu", Name: "osu!",
		Style:       providers.Style{Background: "#FF66AA", Text: "#fff"},
		AuthURL:     "https://osu.ppy.sh/oauth/authorize",
		TokenURL:    "https://osu.ppy.sh/oauth/token",
		UserinfoURL: "https://osu.ppy.sh/api/v2/me",
		Scopes:      []string{"identify"},
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     fields{ID: "id", Name: "username", Image: "avatar_url"}.profile,
	}}

	// Passage is a Passage by 1Password app; its issuer is the app's
	// auth URL. Client authentication is client_secret_basic.
	Passage = oauth.Service{
		Config:        oauth.Config{ID: "passage", Name: "Passage", AuthStyle: oauth.AuthStyleBasic, Style: providers.Style{Background: "#3d53f6", Text: "#fff"}},
		IssuerExample: "https://auth.passage.id/v1/apps/abcdef123456",
	}

	// Patreon is Patreon's API v2 identity with scopes "identity
	// identity[email]": the "data" object's attributes.
	Patreon = oauth.Service{Config: oauth.Config{
		ID: "patreon", Name: "Patreon",
		Style:       providers.Style{Background: "#e85b46", Text: "#fff"},
		AuthURL:     "https://www.patreon.com/oauth2/authorize",
		TokenURL:    "https://www.patreon.com/api/oauth2/token",
		UserinfoURL: "https://www.patreon.com/api/oauth2/v2/identity?fields%5Buser%5D=email,full_name,image_url,is_email_verified",
		Scopes:      []string{"identity", "identity[email]"},
		AuthStyle:   oauth.AuthStyleBasic,
		Profile: fields{ID: "data.id", Name: "data.attributes.full_name", Email: "data.attributes.email",
			Image: "data.attributes.image_url", Verified: "data.attributes.is_email_verified"}.profile,
	}}

	// Pinterest is Pinterest's API v5 with scope "user_accounts:read": the
	// username is both id and name; Pinterest gives no email.
	Pinterest = oauth.Service{Config: oauth.Config{
		ID: "pinterest", Name: "Pinterest",
		Style:       providers.Style{Background: "#bd081c", Text: "#fff"},
		AuthURL:     "https://www.pinterest.com/oauth",
		TokenURL:    "https://api.pinterest.com/v5/oauth/token",
		UserinfoURL: "https://api.pinterest.com/v5/user_account",
		Scopes:      []string{"user_accounts:read"},
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     fields{ID: "username", Name: "username", Image: "profile_image"}.profile,
	}}

	// Pipedrive is Pipedrive's OAuth 2.0: the "data" of /v1/users/me.
	Pipedrive = oauth.Service{Config: oauth.Config{
		ID: "pipedrive", Name: "Pipedrive",
		AuthURL:     "https://oauth.pipedrive.com/oauth/authorize",
		TokenURL:    "https://oauth.pipedrive.com/oauth/token",
		UserinfoURL: "https://api.pipedrive.com/v1/users/me",
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     fields{ID: "data.id", Name: "data.name", Email: "data.email", Image: "data.icon_url"}.profile,
	}}

	// Reddit is Reddit's OAuth 2.0 with scope "identity", no PKCE, and
	// client_secret_basic (which Reddit requires); Reddit gives no email.
	Reddit = oauth.Service{Config: oauth.Config{
		ID: "reddit", Name: "Reddit",
		Style:       providers.Style{Background: "#FF4500", Text: "#fff"},
		AuthURL:     "https://www.reddit.com/api/v1/authorize",
		TokenURL:    "https://www.reddit.com/api/v1/access_token",
		UserinfoURL: "https://oauth.reddit.com/api/v1/me",
		Scopes:      []string{"identity"},
		AuthStyle:   oauth.AuthStyleBasic,
		DisablePKCE: true,
		Profile:     fields{ID: "id", Name: "name", Image: "icon_img"}.profile,
	}}

	// Roblox is Roblox's OpenID Connect with scopes "openid profile";
	// Roblox gives no email.
	Roblox = oauth.Service{Config: oauth.Config{
		ID: "roblox", Name: "Roblox", Issuer: "https://apis.roblox.com/oauth/",
		Style:  providers.Style{Background: "#5865F2", Text: "#fff"},
		Scopes: []string{"openid", "profile"},
	}}

	// SimpleLogin is "Sign in with SimpleLogin" (OpenID Connect); the image
	// is its avatar_url claim.
	SimpleLogin = oauth.Service{Config: oauth.Config{
		ID: "simplelogin", Name: "SimpleLogin", Issuer: "https://app.simplelogin.io",
		Style:   providers.Style{Background: "#e3156a", Text: "#fff"},
		Profile: fields{Image: "avatar_url", Base: true}.profile,
	}}

	// Strava is Strava's OAuth 2.0 with scope "read",
	// approval_prompt=auto and client_secret_post: the athlete's id,
	// firstname lastname and profile picture; Strava gives no email.
	Strava = oauth.Service{Config: oauth.Config{
		ID: "strava", Name: "Strava",
		Style:       providers.Style{Background: "#FC4C02", Text: "#fff"},
		AuthURL:     "https://www.strava.com/api/v3/oauth/authorize",
		TokenURL:    "https://www.strava.com/api/v3/oauth/token",
		UserinfoURL: "https://www.strava.com/api/v3/athlete",
		Scopes:      []string{"read"},
		AuthParams:  url.Values{"approval_prompt": {"auto"}},
		AuthStyle:   oauth.AuthStylePost,
		Profile:     stravaProfile,
	}}

	// Threads is Meta's Threads API with scope "threads_basic", no PKCE and
	// client_secret_post; Threads gives no email.
	Threads = oauth.Service{Config: oauth.Config{
		ID: "threads", Name: "Threads",
		Style:       providers.Style{Background: "#000", Text: "#fff"},
		AuthURL:     "https://threads.net/oauth/authorize",
		TokenURL:    "https://graph.threads.net/oauth/access_token",
		UserinfoURL: "https://graph.threads.net/v1.0/me?fields=id,username,threads_profile_picture_url",
		Scopes:      []string{"threads_basic"},
		AuthStyle:   oauth.AuthStylePost,
		DisablePKCE: true,
		Profile:     fields{ID: "id", Name: "username", Image: "threads_profile_picture_url"}.profile,
	}}

	// Webex is Webex's OAuth 2.0 with scopes "spark:kms
	// spark:people_read": id, displayName, the first of emails, avatar.
	Webex = oauth.Service{Config: oauth.Config{
		ID: "webex", Name: "Webex",
		Style:       providers.Style{Background: "#07C1E4", Text: "#000"},
		AuthURL:     "https://webexapis.com/v1/authorize",
		TokenURL:    "https://webexapis.com/v1/access_token",
		UserinfoURL: "https://webexapis.com/v1/people/me",
		Scopes:      []string{"spark:kms", "spark:people_read"},
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     webexProfile,
	}}

	// Wikimedia is Wikimedia's OAuth 2.0 (meta.wikimedia.org): sub,
	// username, email, confirmed_email.
	Wikimedia = oauth.Service{Config: oauth.Config{
		ID: "wikimedia", Name: "Wikimedia",
		Style:       providers.Style{Background: "#000", Text: "#fff"},
		AuthURL:     "https://meta.wikimedia.org/w/rest.php/oauth2/authorize",
		TokenURL:    "https://meta.wikimedia.org/w/rest.php/oauth2/access_token",
		UserinfoURL: "https://meta.wikimedia.org/w/rest.php/oauth2/resource/profile",
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     fields{ID: "sub", Name: "username", Email: "email", Verified: "confirmed_email"}.profile,
	}}

	// WordPress is WordPress.com's OAuth 2.0 with scope "auth": ID,
	// display_name, email, email_verified, avatar_URL.
	WordPress = oauth.Service{Config: oauth.Config{
		ID: "wordpress", Name: "WordPress.com",
		Style:       providers.Style{Background: "#3499CD", Text: "#fff"},
		AuthURL:     "https://public-api.wordpress.com/oauth2/authorize",
		TokenURL:    "https://public-api.wordpress.com/oauth2/token",
		UserinfoURL: "https://public-api.wordpress.com/rest/v1/me",
		Scopes:      []string{"auth"},
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     fields{ID: "ID", Name: "display_name", Email: "email", Image: "avatar_URL", Verified: "email_verified"}.profile,
	}}

	// WorkOS is WorkOS SSO with client_secret_post; pass the connection,
	// organization or provider as AuthParams. The profile is the SSO
	// profile: id, first_name last_name, email, raw_attributes.picture.
	WorkOS = oauth.Service{Config: oauth.Config{
		ID: "workos", Name: "WorkOS",
		Style:       providers.Style{Background: "#6363f1", Text: "#fff"},
		AuthURL:     "https://api.workos.com/sso/authorize",
		TokenURL:    "https://api.workos.com/sso/token",
		UserinfoURL: "https://api.workos.com/sso/profile",
		AuthStyle:   oauth.AuthStylePost,
		Profile:     workosProfile,
	}}

	// Yandex is Yandex ID with scopes "login:info login:email
	// login:avatar".
	Yandex = oauth.Service{Config: oauth.Config{
		ID: "yandex", Name: "Yandex",
		Style:       providers.Style{Background: "#ffcc00", Text: "#000"},
		AuthURL:     "https://oauth.yandex.ru/authorize",
		TokenURL:    "https://oauth.yandex.ru/token",
		UserinfoURL: "https://login.yandex.ru/info?format=json",
		Scopes:      []string{"login:info", "login:email", "login:avatar"},
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     yandexProfile,
	}}

	// Zoho is Zoho Accounts (zoho.com data centre) with scope
	// "AaaServer.profile.Read": ZUID, First_Name Last_Name, Email.
	Zoho = oauth.Service{Config: oauth.Config{
		ID: "zoho", Name: "Zoho",
		AuthURL:     "https://accounts.zoho.com/oauth/v2/auth",
		TokenURL:    "https://accounts.zoho.com/oauth/v2/token",
		UserinfoURL: "https://accounts.zoho.com/oauth/user/info",
		Scopes:      []string{"AaaServer.profile.Read"},
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     zohoProfile,
	}}

	// Zoom is Zoom's OAuth 2.0 (user-managed app): id, first_name
	// last_name, email, pic_url.
	Zoom = oauth.Service{Config: oauth.Config{
		ID: "zoom", Name: "Zoom",
		Style:       providers.Style{Background: "#0b5cff", Text: "#fff"},
		AuthURL:     "https://zoom.us/oauth/authorize",
		TokenURL:    "https://zoom.us/oauth/token",
		UserinfoURL: "https://api.zoom.us/v2/users/me",
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     zoomProfile,
	}}
)

// More services of the same kinds.
var (
	// AzureADB2C is an Azure AD B2C user flow; its issuer is the flow's
	// (tenant, policy). The email is the first of the "emails" claim.
	AzureADB2C = oauth.Service{
		Config: oauth.Config{ID: "azure-ad-b2c", Name: "Azure AD B2C", Style: providers.Style{Background: "#0072c6", Text: "#fff"},
			Profile: azureB2CProfile},
		IssuerExample: "https://contoso.b2clogin.com/3c4a8a5e-1b2c-4d5e-8f9a-0b1c2d3e4f5a/v2.0/",
	}

	// BeyondIdentity is a Beyond Identity realm application; its issuer is
	// the application's.
	BeyondIdentity = oauth.Service{
		Config:        oauth.Config{ID: "beyondidentity", Name: "Beyond Identity", Style: providers.Style{Background: "#5077c5", Text: "#fff"}},
		IssuerExample: "https://auth-us.beyondidentity.com/v1/tenants/t1/realms/r1/applications/a1",
	}

	// ClickUp is ClickUp's OAuth 2.0, without PKCE: the "user" object's id,
	// username and profilePicture; ClickUp gives no email here.
	ClickUp = oauth.Service{Config: oauth.Config{
		ID: "click-up", Name: "ClickUp",
		Style:       providers.Style{Background: "#24292f", Text: "#fff"},
		AuthURL:     "https://app.clickup.com/api",
		TokenURL:    "https://api.clickup.com/api/v2/oauth/token",
		UserinfoURL: "https://api.clickup.com/api/v2/user",
		AuthStyle:   oauth.AuthStyleBasic,
		DisablePKCE: true,
		Profile:     fields{ID: "user.id", Name: "user.username", Email: "user.email", Image: "user.profilePicture"}.profile,
	}}

	// Concept2 is the Concept2 Logbook with scope "user:read,results:write"
	// (one comma-separated value): the "data" object.
	Concept2 = oauth.Service{Config: oauth.Config{
		ID: "concept2", Name: "Concept2",
		AuthURL:     "https://log.concept2.com/oauth/authorize",
		TokenURL:    "https://log.concept2.com/oauth/access_token",
		UserinfoURL: "https://log.concept2.com/api/users/me",
		Scopes:      []string{"user:read,results:write"},
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     fields{ID: "data.id", Name: "data.username", Email: "data.email", Image: "data.profile_image"}.profile,
	}}

	// Eventbrite is Eventbrite's OAuth 2.0 with scope "user.profile" and
	// client_secret_post: id, name, the primary of "emails" (and whether it
	// is verified), the image of image_id.
	Eventbrite = oauth.Service{Config: oauth.Config{
		ID: "eventbrite", Name: "Eventbrite",
		Style:       providers.Style{Background: "#f05537", Text: "#fff"},
		AuthURL:     "https://www.eventbrite.com/oauth/authorize",
		TokenURL:    "https://www.eventbrite.com/oauth/token",
		UserinfoURL: "https://www.eventbriteapi.com/v3/users/me/",
		Scopes:      []string{"user.profile"},
		AuthStyle:   oauth.AuthStylePost,
		Profile:     eventbriteProfile,
	}}

	// Mailchimp is Mailchimp's OAuth 2.0; the profile is the token's
	// metadata: login.login_id, accountname, login.email.
	Mailchimp = oauth.Service{Config: oauth.Config{
		ID: "mailchimp", Name: "Mailchimp",
		Style:       providers.Style{Background: "#000", Text: "#fff"},
		AuthURL:     "https://login.mailchimp.com/oauth2/authorize",
		TokenURL:    "https://login.mailchimp.com/oauth2/token",
		UserinfoURL: "https://login.mailchimp.com/oauth2/metadata",
		AuthStyle:   oauth.AuthStyleBasic,
		Profile:     fields{ID: "login.login_id", Name: "accountname", Email: "login.email"}.profile,
	}}

	// PingID is a PingOne environment (or PingFederate); its issuer is the
	// environment's "/as" URL.
	PingID = oauth.Service{
		Config:        oauth.Config{ID: "ping-id", Name: "Ping Identity"},
		IssuerExample: "https://auth.pingone.com/0a7af83d-4ed9-4510-93cd-506fe835f69a/as",
	}
)

// azureB2CProfile maps Azure AD B2C's claims: the first of "emails".
func azureB2CProfile(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
	p, err := oauth.StandardProfile(c, t)
	if emails, _ := c["emails"].([]any); err == nil && p.Email == "" && len(emails) > 0 {
		p.Email, _ = emails[0].(string)
	}
	return p, err
}

// eventbriteProfile maps an Eventbrite user: the primary email and the
// image of image_id.
func eventbriteProfile(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
	p, err := fields{ID: "id", Name: "name"}.profile(c, t)
	if err != nil {
		return nil, err
	}
	emails, _ := c["emails"].([]any)
	for _, e := range emails {
		if m, _ := e.(map[string]any); m != nil && oauth.Bool(m, "primary") {
			p.Email, p.EmailVerified = oauth.String(m, "email"), oauth.Bool(m, "verified")
		}
	}
	if img := oauth.String(c, "image_id"); img != "" {
		p.Image = "https://img.evbuc.com/https%3A%2F%2Fcdn.evbuc.com%2Fimages%2F" + url.PathEscape(img) + "%2F1%2Foriginal.jpg"
	}
	return p, nil
}

// The profile mappers of the services above that are more than fields.

// bitbucketProfile maps a Bitbucket user: no email in /2.0/user.
func bitbucketProfile(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
	p, err := fields{ID: "account_id", Name: "display_name", Image: "links.avatar.href"}.profile(c, t)
	if err == nil && p.Name == "" {
		p.Name = oauth.String(c, "username")
	}
	return p, err
}

// logtoProfile maps Logto's claims: the standard ones, named by the
// username when there is no name.
func logtoProfile(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
	p, err := oauth.StandardProfile(c, t)
	if err == nil {
		p.Name = oauth.First(oauth.String(c, "name"), oauth.String(c, "username"))
	}
	return p, err
}

// eveProfile maps an EVE character and its 128-pixel portrait.
func eveProfile(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
	p, err := fields{ID: "CharacterID", Name: "CharacterName"}.profile(c, t)
	if err == nil {
		p.Image = "https://image.eveonline.com/Character/" + p.ID + "_128.jpg"
	}
	return p, err
}

// freshbooksProfile maps FreshBooks' "response": first_name last_name.
func freshbooksProfile(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
	p, err := fields{ID: "response.id", Email: "response.email"}.profile(c, t)
	if err == nil {
		p.Name = fullName(c, "response.first_name", "response.last_name")
	}
	return p, err
}

// stravaProfile maps a Strava athlete: firstname lastname.
func stravaProfile(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
	p, err := fields{ID: "id", Image: "profile"}.profile(c, t)
	if err == nil {
		p.Name = fullName(c, "firstname", "lastname")
	}
	return p, err
}

// webexProfile maps a Webex person: the first of "emails".
func webexProfile(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
	p, err := fields{ID: "id", Name: "displayName", Image: "avatar"}.profile(c, t)
	if emails, _ := c["emails"].([]any); err == nil && len(emails) > 0 {
		p.Email, _ = emails[0].(string)
	}
	return p, err
}

// workosProfile maps a WorkOS SSO profile: first_name last_name.
func workosProfile(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
	p, err := fields{ID: "id", Email: "email", Image: "raw_attributes.picture"}.profile(c, t)
	if err == nil {
		p.Name = fullName(c, "first_name", "last_name")
	}
	return p, err
}

// yandexProfile maps a Yandex ID user: display_name (else real_name,
// first_name), default_email (else the first of emails), the avatar
// unless is_avatar_empty.
func yandexProfile(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
	p, err := fields{ID: "id", Email: "default_email"}.profile(c, t)
	if err != nil {
		return nil, err
	}
	p.Name = oauth.First(oauth.String(c, "display_name"), oauth.String(c, "real_name"), oauth.String(c, "first_name"))
	if emails, _ := c["emails"].([]any); p.Email == "" && len(emails) > 0 {
		p.Email, _ = emails[0].(string)
	}
	if avatar := oauth.String(c, "default_avatar_id"); avatar != "" && !oauth.Bool(c, "is_avatar_empty") {
		p.Image = "https://avatars.yandex.net/get-yapic/" + avatar + "/islands-200"
	}
	return p, nil
}

// zohoProfile maps a Zoho user: First_Name Last_Name.
func zohoProfile(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
	p, err := fields{ID: "ZUID", Email: "Email"}.profile(c, t)
	if err == nil {
		p.Name = fullName(c, "First_Name", "Last_Name")
	}
	return p, err
}

// zoomProfile maps a Zoom user: first_name last_name.
func zoomProfile(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
	p, err := fields{ID: "id", Email: "email", Image: "pic_url"}.profile(c, t)
	if err == nil {
		p.Name = fullName(c, "first_name", "last_name")
	}
	return p, err
}
