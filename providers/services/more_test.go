package services_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
	"github.com/gatehouse-go/gatehouse/providers/services"
)

// moreCases are the rows of the services in more.go, each with its
// fixtures in testdata/<id>/, shaped as the page named above the row
// documents the service's answers (ids, names and pictures from its
// examples where it gives them).
var moreCases = []providertest.Case{
	// Fixtures: https://api.intra.42.fr/apidoc/2.0/users/me.html
	{
		New: services.FortyTwoSchool.New, ID: "42-school", Name: "42 School", Type: providers.TypeOAuth,
		AuthURL: "https://api.intra.42.fr/oauth/authorize", AuthStyle: "basic",
		TokenURL: "https://api.intra.42.fr/oauth/token", UserinfoURL: "https://api.intra.42.fr/v2/me",
		Params:  map[string]string{"scope": "public"},
		Profile: providers.Profile{ID: "123456", Name: "Norminet the Cat", Email: "norminet@student.42.fr", Image: "https://cdn.intra.42.fr/users/abc/norminet.jpg"},
	},
	// Fixtures: https://wso2.com/asgardeo/docs/references/app-settings/oidc-settings-for-app/
	{
		New: services.Asgardeo.New, ID: "asgardeo", Name: "Asgardeo", Type: providers.TypeOIDC,
		Issuer: "https://api.asgardeo.io/t/myorg/oauth2/token", NeedsIssuer: true,
		AuthURL: "https://api.asgardeo.io/t/myorg/oauth2/authorize", AuthStyle: "basic",
		Params:  map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "4a1c3b6e-8a2f-4e1c-9d3b-7f6e5d4c3b2a", Name: "Kim Lee", Email: "kim@example.com", EmailVerified: true},
	},
	// Fixtures: https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/
	{
		New: services.Atlassian.New, ID: "atlassian", Name: "Atlassian", Type: providers.TypeOAuth,
		AuthURL: "https://auth.atlassian.com/authorize", AuthStyle: "basic",
		TokenURL: "https://auth.atlassian.com/oauth/token", UserinfoURL: "https://api.atlassian.com/me",
		Params:  map[string]string{"scope": "read:me", "audience": "api.atlassian.com"},
		NoPKCE:  true,
		Profile: providers.Profile{ID: "112233aa-bb11-cc22-33dd-445566abcabc", Name: "Mia Krystof", Email: "mia@example.com", EmailVerified: true, Image: "https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/112233aa/1234abcd-9876-54aa-33aa-1234dfsade9487ds"},
	},
	// Fixtures: https://community.developer.battle.net/documentation/guides/using-oauth
	{
		New: services.BattleNet.New, ID: "battlenet", Name: "Battle.net", Type: providers.TypeOIDC,
		Issuer:  "https://oauth.battle.net",
		AuthURL: "https://oauth.battle.net/authorize", AuthStyle: "basic",
		Params:  map[string]string{"scope": "openid"},
		Profile: providers.Profile{ID: "100000000", Name: "Player#1234"},
	},
	// Fixtures: https://developer.atlassian.com/cloud/bitbucket/rest/api-group-users/
	{
		New: services.Bitbucket.New, ID: "bitbucket", Name: "Bitbucket", Type: providers.TypeOAuth,
		AuthURL: "https://bitbucket.org/site/oauth2/authorize", AuthStyle: "basic",
		TokenURL: "https://bitbucket.org/site/oauth2/access_token", UserinfoURL: "https://api.bitbucket.org/2.0/user",
		Params:  map[string]string{"scope": "account"},
		Profile: providers.Profile{ID: "557058:c0b72ad0-1cb5-4018-9cdc-0cde8492c443", Name: "Erik van Zijst", Image: "https://secure.gravatar.com/avatar/f6bcbb4e3f665e74455bd8c0b4b3afba?d=identicon"},
	},
	// Fixtures: https://developer.box.com/reference/get-users-me/
	{
		New: services.Box.New, ID: "box", Name: "Box", Type: providers.TypeOAuth,
		AuthURL: "https://account.box.com/api/oauth2/authorize", AuthStyle: "basic",
		TokenURL: "https://api.box.com/oauth2/token", UserinfoURL: "https://api.box.com/2.0/users/me",
		Params:  map[string]string{"scope": ""},
		Profile: providers.Profile{ID: "11446498", Name: "Aaron Levie", Email: "ceo@example.com", Image: "https://www.box.com/api/avatar/large/181216415"},
	},
	// Fixtures: https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html
	{
		New: services.Cognito.New, ID: "cognito", Name: "Cognito", Type: providers.TypeOIDC,
		Issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI", NeedsIssuer: true,
		AuthURL: "https://mydomain.auth.us-east-1.amazoncognito.com/oauth2/authorize", AuthStyle: "basic",
		Params:  map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", Name: "Jane Doe", Email: "jane@example.com", EmailVerified: true},
	},
	// Fixtures: https://docs.cdp.coinbase.com/coinbase-app/docs/api-users
	{
		New: services.Coinbase.New, ID: "coinbase", Name: "Coinbase", Type: providers.TypeOAuth,
		AuthURL: "https://login.coinbase.com/oauth2/auth", AuthStyle: "basic",
		TokenURL: "https://login.coinbase.com/oauth2/token", UserinfoURL: "https://api.coinbase.com/v2/user",
		Params:  map[string]string{"scope": "wallet:user:email wallet:user:read"},
		Profile: providers.Profile{ID: "9da7a204-544e-5fd1-9a12-61176c5d4cd8", Name: "User One", Email: "user1@example.com", Image: "https://images.coinbase.com/avatar?h=vR%2FY8igBoPwuwGren5JMwvDNGpURAY%2F0nRIOgH%2FY2Qh%2BQ6nomR3qusA%2Bh6o2%0Af9rH&s=128"},
	},
	// Fixtures: https://developer.dribbble.com/v2/user/
	{
		New: services.Dribbble.New, ID: "dribbble", Name: "Dribbble", Type: providers.TypeOAuth,
		AuthURL: "https://dribbble.com/oauth/authorize", AuthStyle: "basic",
		TokenURL: "https://dribbble.com/oauth/token", UserinfoURL: "https://api.dribbble.com/v2/user",
		Params:  map[string]string{"scope": "public"},
		Profile: providers.Profile{ID: "1", Name: "Dan Cederholm", Email: "dan@example.com", Image: "https://cdn.dribbble.com/users/1/avatars/normal/dc.jpg?1371679243"},
	},
	// Fixtures: https://docs.duendesoftware.com/identityserver/reference/endpoints/discovery/
	{
		New: services.DuendeIdentityServer6.New, ID: "duende-identity-server6", Name: "DuendeIdentityServer6", Type: providers.TypeOIDC,
		Issuer: "https://demo.duendesoftware.com", NeedsIssuer: true,
		AuthURL: "https://demo.duendesoftware.com/connect/authorize", AuthStyle: "basic",
		Params:  map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "1", Name: "Alice Smith", Email: "AliceSmith@email.com", EmailVerified: true},
	},
	// Fixtures: https://docs.esi.evetech.net/docs/sso/
	{
		New: services.EVEOnline.New, ID: "eveonline", Name: "EVE Online", Type: providers.TypeOAuth,
		AuthURL: "https://login.eveonline.com/v2/oauth/authorize", AuthStyle: "basic",
		TokenURL: "https://login.eveonline.com/v2/oauth/token", UserinfoURL: "https://login.eveonline.com/oauth/verify",
		Params:  map[string]string{"scope": "publicData"},
		NoPKCE:  true,
		Profile: providers.Profile{ID: "95465499", Name: "CCP Bartender", Image: "https://image.eveonline.com/Character/95465499_128.jpg"},
	},
	// Fixtures: https://www.figma.com/developers/api#users-endpoints
	{
		New: services.Figma.New, ID: "figma", Name: "Figma", Type: providers.TypeOAuth,
		AuthURL: "https://www.figma.com/oauth", AuthStyle: "basic",
		TokenURL: "https://api.figma.com/v1/oauth/token", UserinfoURL: "https://api.figma.com/v1/me",
		Params:  map[string]string{"scope": "files:read"},
		NoPKCE:  true,
		Profile: providers.Profile{ID: "1010", Name: "Ada", Email: "ada@example.com", Image: "https://s3-alpha.figma.com/profile/1010"},
	},
	// Fixtures: https://www.freshbooks.com/api/me_endpoint
	{
		New: services.Freshbooks.New, ID: "freshbooks", Name: "Freshbooks", Type: providers.TypeOAuth,
		AuthURL: "https://auth.freshbooks.com/service/auth/oauth/authorize", AuthStyle: "basic",
		TokenURL: "https://api.freshbooks.com/auth/oauth/token", UserinfoURL: "https://api.freshbooks.com/auth/api/v1/users/me",
		Profile: providers.Profile{ID: "2192788", Name: "Bruce Wayne", Email: "bruce@example.com"},
	},
	// Fixtures: https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/tokens#id-token
	{
		New: services.FusionAuth.New, ID: "fusionauth", Name: "FusionAuth", Type: providers.TypeOIDC,
		Issuer: "https://auth.example.com", NeedsIssuer: true,
		AuthURL: "https://auth.example.com/oauth2/authorize", AuthStyle: "basic",
		Params:  map[string]string{"scope": "offline_access email openid profile"},
		Profile: providers.Profile{ID: "2a9ca5ba-2e3a-4c84-8b0a-3dbc0e6a7c2c", Name: "Richard Hendricks", Email: "richard@example.com", EmailVerified: true, Image: "https://example.com/richard.png"},
	},
	// Fixtures: https://huggingface.co/docs/hub/oauth
	{
		New: services.HuggingFace.New, ID: "huggingface", Name: "Hugging Face", Type: providers.TypeOIDC,
		Issuer:  "https://huggingface.co",
		AuthURL: "https://huggingface.co/oauth/authorize", AuthStyle: "basic",
		Params:  map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "6123456789abcdef01234567", Name: "Julien Chaumond", Email: "julien@example.com", EmailVerified: true, Image: "https://cdn-avatars.huggingface.co/v1/production/uploads/julien-c.png"},
	},
	// Fixtures: https://www.ory.sh/docs/oauth2-oidc/authorization-code-flow
	{
		New: services.Hydra.New, ID: "hydra", Name: "Hydra", Type: providers.TypeOIDC,
		Issuer: "https://myproject.projects.oryapis.com", NeedsIssuer: true,
		AuthURL: "https://myproject.projects.oryapis.com/oauth2/auth", AuthStyle: "basic",
		Params:  map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "c7a2b3d4-e5f6-4a1b-8c9d-0e1f2a3b4c5d", Name: "Ory User", Email: "ory@example.com", EmailVerified: true},
	},
	// Fixtures: https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#req-user-info
	{
		New: services.Kakao.New, ID: "kakao", Name: "Kakao", Type: providers.TypeOAuth,
		AuthURL: "https://kauth.kakao.com/oauth/authorize", AuthStyle: "post",
		TokenURL: "https://kauth.kakao.com/oauth/token", UserinfoURL: "https://kapi.kakao.com/v2/user/me",
		Params:  map[string]string{"scope": ""},
		Profile: providers.Profile{ID: "123456789", Name: "홍길동", Email: "sample@sample.com", EmailVerified: true, Image: "http://yyy.kakao.com/dn/.../img_640x640.jpg"},
	},
	// Fixtures: https://docs.kinde.com/build/tokens/about-id-tokens/
	{
		New: services.Kinde.New, ID: "kinde", Name: "Kinde", Type: providers.TypeOIDC,
		Issuer: "https://mybusiness.kinde.com", NeedsIssuer: true,
		AuthURL: "https://mybusiness.kinde.com/oauth2/auth", AuthStyle: "basic",
		Params:  map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "kp_0123456789abcdef0123456789abcdef", Name: "Dev Kinde", Email: "dev@example.com", EmailVerified: true, Image: "https://lh3.googleusercontent.com/a/kinde"},
	},
	// Fixtures: https://docs.logto.io/docs/references/openid-connect/id-token-claims/
	{
		New: services.Logto.New, ID: "logto", Name: "Logto", Type: providers.TypeOIDC,
		Issuer: "https://abc123.logto.app/oidc", NeedsIssuer: true,
		AuthURL: "https://abc123.logto.app/oidc/auth", AuthStyle: "basic",
		Params:  map[string]string{"scope": "offline_access openid email profile"},
		Profile: providers.Profile{ID: "a1b2c3d4e5f6", Name: "logtouser", Email: "logto@example.com", EmailVerified: true, Image: "https://example.com/logto.png"},
	},
	// Fixtures: https://oauth.mail.ru/docs
	{
		New: services.MailRu.New, ID: "mailru", Name: "Mail.ru", Type: providers.TypeOAuth,
		AuthURL: "https://oauth.mail.ru/login", AuthStyle: "basic",
		TokenURL: "https://oauth.mail.ru/token", UserinfoURL: "https://oauth.mail.ru/userinfo",
		Params:  map[string]string{"scope": "userinfo"},
		Profile: providers.Profile{ID: "1234567890", Name: "Ivan Petrov", Email: "ivan@mail.ru", Image: "https://filin.mail.ru/pic?d=abc&width=180&height=180"},
	},
	// Fixtures: https://docs.joinmastodon.org/methods/accounts/#verify_credentials
	{
		New: services.Mastodon.New, ID: "mastodon", Name: "Mastodon", Type: providers.TypeOAuth,
		AuthURL: "https://mastodon.social/oauth/authorize", AuthStyle: "basic",
		TokenURL: "https://mastodon.social/oauth/token", UserinfoURL: "https://mastodon.social/api/v1/accounts/verify_credentials",
		Params:  map[string]string{"scope": "read"},
		Profile: providers.Profile{ID: "14715", Name: "trwnh", Image: "https://files.mastodon.social/accounts/avatars/000/014/715/original/34aa222f4ae2e0a9.png"},
	},
	// Fixtures: https://developers.naver.com/docs/login/profile/profile.md
	{
		New: services.Naver.New, ID: "naver", Name: "Naver", Type: providers.TypeOAuth,
		AuthURL: "https://nid.naver.com/oauth2.0/authorize", AuthStyle: "basic",
		TokenURL: "https://nid.naver.com/oauth2.0/token", UserinfoURL: "https://openapi.naver.com/v1/nid/me",
		Profile: providers.Profile{ID: "32742776", Name: "OpenAPI", Email: "openapi@naver.com", Image: "https://ssl.pstatic.net/static/pwe/address/nodata_33x33.gif"},
	},
	// Fixtures: https://open-api.netlify.com/#tag/user/operation/getCurrentUser
	{
		New: services.Netlify.New, ID: "netlify", Name: "Netlify", Type: providers.TypeOAuth,
		AuthURL: "https://app.netlify.com/authorize", AuthStyle: "basic",
		TokenURL: "https://api.netlify.com/oauth/token", UserinfoURL: "https://api.netlify.com/api/v1/user",
		Params:  map[string]string{"scope": ""},
		Profile: providers.Profile{ID: "5b8e9f1a2c3d4e5f6a7b8c9d", Name: "Jamie Doe", Email: "jamie@example.com", Image: "https://avatars.githubusercontent.com/u/1?v=4"},
	},
	// Fixtures: https://developers.onelogin.com/openid-connect/id-token
	{
		New: services.OneLogin.New, ID: "onelogin", Name: "OneLogin", Type: providers.TypeOIDC,
		Issuer: "https://mycompany.onelogin.com/oidc/2", NeedsIssuer: true,
		AuthURL: "https://mycompany.onelogin.com/oidc/2/auth", AuthStyle: "basic",
		Params:  map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "45834562", Name: "George Washington", Email: "gwashington@example.com"},
	},
	// Fixtures: https://osu.ppy.sh/docs/index.html#get-own-data
	{
		New: services.Osu.New, ID: "osu", Name: "osu!", Type: providers.TypeOAuth,
		AuthURL: "https://osu.ppy.sh/oauth/authorize", AuthStyle: "basic",
		TokenURL: "https://osu.ppy.sh/oauth/token", UserinfoURL: "https://osu.ppy.sh/api/v2/me",
		Params:  map[string]string{"scope": "identify"},
		Profile: providers.Profile{ID: "2", Name: "peppy", Image: "https://a.ppy.sh/2?1519081077.png"},
	},
	// Fixtures: https://docs.passage.id/hosted-login/oidc-client-configuration
	{
		New: services.Passage.New, ID: "passage", Name: "Passage", Type: providers.TypeOIDC,
		Issuer: "https://auth.passage.id/v1/apps/abcdef123456", NeedsIssuer: true,
		AuthURL: "https://auth.passage.id/v1/apps/abcdef123456/authorize", AuthStyle: "basic",
		Params:  map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "AbCdEfGhIjKl", Email: "passage@example.com", EmailVerified: true},
	},
	// Fixtures: https://docs.patreon.com/#get-api-oauth2-v2-identity
	{
		New: services.Patreon.New, ID: "patreon", Name: "Patreon", Type: providers.TypeOAuth,
		AuthURL: "https://www.patreon.com/oauth2/authorize", AuthStyle: "basic",
		TokenURL: "https://www.patreon.com/api/oauth2/token", UserinfoURL: "https://www.patreon.com/api/oauth2/v2/identity",
		Params:  map[string]string{"scope": "identity identity[email]"},
		Profile: providers.Profile{ID: "0000000", Name: "Corgi The Dev", Email: "corgi@example.com", EmailVerified: true, Image: "https://c8.patreon.com/2/200/0000000"},
	},
	// Fixtures: https://developers.pinterest.com/docs/api/v5/user_account-get/
	{
		New: services.Pinterest.New, ID: "pinterest", Name: "Pinterest", Type: providers.TypeOAuth,
		AuthURL: "https://www.pinterest.com/oauth", AuthStyle: "basic",
		TokenURL: "https://api.pinterest.com/v5/oauth/token", UserinfoURL: "https://api.pinterest.com/v5/user_account",
		Params:  map[string]string{"scope": "user_accounts:read"},
		Profile: providers.Profile{ID: "pinnerjane", Name: "pinnerjane", Image: "https://i.pinimg.com/280x280_RS/aa/bb/cc/aabbcc.jpg"},
	},
	// Fixtures: https://developers.pipedrive.com/docs/api/v1/Users#getCurrentUser
	{
		New: services.Pipedrive.New, ID: "pipedrive", Name: "Pipedrive", Type: providers.TypeOAuth,
		AuthURL: "https://oauth.pipedrive.com/oauth/authorize", AuthStyle: "basic",
		TokenURL: "https://oauth.pipedrive.com/oauth/token", UserinfoURL: "https://api.pipedrive.com/v1/users/me",
		Profile: providers.Profile{ID: "123", Name: "Will Smith", Email: "will.smith@example.com", Image: "https://upload.wikimedia.org/wikipedia/en/thumb/e/e0/WPVG_icon_2016.svg/1024px-WPVG_icon_2016.svg.png"},
	},
	// Fixtures: https://www.reddit.com/dev/api/#GET_api_v1_me
	{
		New: services.Reddit.New, ID: "reddit", Name: "Reddit", Type: providers.TypeOAuth,
		AuthURL: "https://www.reddit.com/api/v1/authorize", AuthStyle: "basic",
		TokenURL: "https://www.reddit.com/api/v1/access_token", UserinfoURL: "https://oauth.reddit.com/api/v1/me",
		Params:  map[string]string{"scope": "identity"},
		NoPKCE:  true,
		Profile: providers.Profile{ID: "t5xyz1", Name: "spez", Image: "https://styles.redditmedia.com/t5_3k30p/styles/profileIcon_snoo.png"},
	},
	// Fixtures: https://create.roblox.com/docs/cloud/reference/oauth2
	{
		New: services.Roblox.New, ID: "roblox", Name: "Roblox", Type: providers.TypeOIDC,
		Issuer:  "https://apis.roblox.com/oauth/",
		AuthURL: "https://apis.roblox.com/oauth/v1/authorize", AuthStyle: "basic",
		Params:  map[string]string{"scope": "openid profile"},
		Profile: providers.Profile{ID: "1516563360", Name: "exampleuser", Image: "https://tr.rbxcdn.com/03dc2a9abe7b1aacaaf93129ce5ba07f/150/150/AvatarHeadshot/Png"},
	},
	// Fixtures: https://simplelogin.io/docs/siwsl/code-flow/
	{
		New: services.SimpleLogin.New, ID: "simplelogin", Name: "SimpleLogin", Type: providers.TypeOIDC,
		Issuer:  "https://app.simplelogin.io",
		AuthURL: "https://app.simplelogin.io/oauth2/authorize", AuthStyle: "basic",
		Params:  map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "2", Name: "John Wick", Email: "john@wick.com", EmailVerified: true, Image: "https://simplelogin.io/avatar/john.png"},
	},
	// Fixtures: https://developers.strava.com/docs/reference/#api-Athletes-getLoggedInAthlete
	{
		New: services.Strava.New, ID: "strava", Name: "Strava", Type: providers.TypeOAuth,
		AuthURL: "https://www.strava.com/api/v3/oauth/authorize", AuthStyle: "post",
		TokenURL: "https://www.strava.com/api/v3/oauth/token", UserinfoURL: "https://www.strava.com/api/v3/athlete",
		Params:  map[string]string{"scope": "read", "approval_prompt": "auto"},
		Profile: providers.Profile{ID: "1234567890987654321", Name: "Marianne Teutenberg", Image: "https://xxxxx.cloudfront.net/pictures/athletes/123456789/123456789/2/large.jpg"},
	},
	// Fixtures: https://developers.facebook.com/docs/threads/threads-profiles
	{
		New: services.Threads.New, ID: "threads", Name: "Threads", Type: providers.TypeOAuth,
		AuthURL: "https://threads.net/oauth/authorize", AuthStyle: "post",
		TokenURL: "https://graph.threads.net/oauth/access_token", UserinfoURL: "https://graph.threads.net/v1.0/me",
		Params:  map[string]string{"scope": "threads_basic"},
		NoPKCE:  true,
		Profile: providers.Profile{ID: "1234567890", Name: "threadsapitestuser", Image: "https://scontent-sjc3-1.cdninstagram.com/link/to/profile/picture/on/threads/"},
	},
	// Fixtures: https://developer.webex.com/docs/api/v1/people/get-my-own-details
	{
		New: services.Webex.New, ID: "webex", Name: "Webex", Type: providers.TypeOAuth,
		AuthURL: "https://webexapis.com/v1/authorize", AuthStyle: "basic",
		TokenURL: "https://webexapis.com/v1/access_token", UserinfoURL: "https://webexapis.com/v1/people/me",
		Params:  map[string]string{"scope": "spark:kms spark:people_read"},
		Profile: providers.Profile{ID: "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9mNWIzNjE4Ny1jOGRkLTQ3MjctOGIyZi1mOWM0NDdmMjkwNDY", Name: "John Andersen", Email: "john.andersen@example.com", Image: "https://1efa7a94ed21783e352-c62266528714497a17239ececf39e9e2.ssl.cf1.rackcdn.com/V1~54c844c89e678e5a7b16a306bc2897b9~wx29yGtlTpilEFlYzqPKag==~1600"},
	},
	// Fixtures: https://www.mediawiki.org/wiki/Extension:OAuth#OAuth_2_resources
	{
		New: services.Wikimedia.New, ID: "wikimedia", Name: "Wikimedia", Type: providers.TypeOAuth,
		AuthURL: "https://meta.wikimedia.org/w/rest.php/oauth2/authorize", AuthStyle: "basic",
		TokenURL: "https://meta.wikimedia.org/w/rest.php/oauth2/access_token", UserinfoURL: "https://meta.wikimedia.org/w/rest.php/oauth2/resource/profile",
		Params:  map[string]string{"scope": ""},
		Profile: providers.Profile{ID: "12345678", Name: "ExampleUser", Email: "example.user@example.org", EmailVerified: true},
	},
	// Fixtures: https://developer.wordpress.com/docs/api/1.1/get/me/
	{
		New: services.WordPress.New, ID: "wordpress", Name: "WordPress.com", Type: providers.TypeOAuth,
		AuthURL: "https://public-api.wordpress.com/oauth2/authorize", AuthStyle: "basic",
		TokenURL: "https://public-api.wordpress.com/oauth2/token", UserinfoURL: "https://public-api.wordpress.com/rest/v1/me",
		Params:  map[string]string{"scope": "auth"},
		Profile: providers.Profile{ID: "12345678", Name: "Matt", Email: "matt@example.com", EmailVerified: true, Image: "https://0.gravatar.com/avatar/33252cd1f33526af53580fcb1736172f?s=96&d=identicon"},
	},
	// Fixtures: https://workos.com/docs/reference/sso/profile
	{
		New: services.WorkOS.New, ID: "workos", Name: "WorkOS", Type: providers.TypeOAuth,
		AuthURL: "https://api.workos.com/sso/authorize", AuthStyle: "post",
		TokenURL: "https://api.workos.com/sso/token", UserinfoURL: "https://api.workos.com/sso/profile",
		Params:  map[string]string{"scope": ""},
		Profile: providers.Profile{ID: "prof_01DMC79VCBZ0NY2099737PSVF1", Name: "Todd Rundgren", Email: "todd@example.com", Image: "https://example.com/todd.jpg"},
	},
	// Fixtures: https://yandex.ru/dev/id/doc/en/user-information
	{
		New: services.Yandex.New, ID: "yandex", Name: "Yandex", Type: providers.TypeOAuth,
		AuthURL: "https://oauth.yandex.ru/authorize", AuthStyle: "basic",
		TokenURL: "https://oauth.yandex.ru/token", UserinfoURL: "https://login.yandex.ru/info",
		Params:  map[string]string{"scope": "login:info login:email login:avatar"},
		Profile: providers.Profile{ID: "1000034426", Name: "Ivan", Email: "test@yandex.ru", Image: "https://avatars.yandex.net/get-yapic/131652443/islands-200"},
	},
	// Fixtures: https://www.zoho.com/accounts/protocol/oauth/web-apps/access-token.html
	{
		New: services.Zoho.New, ID: "zoho", Name: "Zoho", Type: providers.TypeOAuth,
		AuthURL: "https://accounts.zoho.com/oauth/v2/auth", AuthStyle: "basic",
		TokenURL: "https://accounts.zoho.com/oauth/v2/token", UserinfoURL: "https://accounts.zoho.com/oauth/user/info",
		Params:  map[string]string{"scope": "AaaServer.profile.Read"},
		Profile: providers.Profile{ID: "712000000000001", Name: "Patricia Boyle", Email: "patricia@example.com"},
	},
	// Fixtures: https://developers.zoom.us/docs/api/users/#tag/users/GET/users/{userId}
	{
		New: services.Zoom.New, ID: "zoom", Name: "Zoom", Type: providers.TypeOAuth,
		AuthURL: "https://zoom.us/oauth/authorize", AuthStyle: "basic",
		TokenURL: "https://zoom.us/oauth/token", UserinfoURL: "https://api.zoom.us/v2/users/me",
		Params:  map[string]string{"scope": ""},
		Profile: providers.Profile{ID: "KDcuGIm1QgePTO8WbOqwIQ", Name: "Jill Chill", Email: "jchill@example.com", Image: "https://example.com/photo.jpg"},
	},
	// Fixtures: https://learn.microsoft.com/en-us/azure/active-directory-b2c/tokens-overview
	{
		New: services.AzureADB2C.New, ID: "azure-ad-b2c", Name: "Azure AD B2C", Type: providers.TypeOIDC,
		Issuer: "https://contoso.b2clogin.com/3c4a8a5e-1b2c-4d5e-8f9a-0b1c2d3e4f5a/v2.0/", NeedsIssuer: true,
		AuthURL: "https://contoso.b2clogin.com/contoso.onmicrosoft.com/b2c_1_signupsignin/oauth2/v2.0/authorize", AuthStyle: "basic",
		Params:  map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "9b4c2d1e-7f8a-4b3c-9d2e-1f0a9b8c7d6e", Name: "Jordan Bell", Email: "jordan@example.com"},
	},
	// Fixtures: https://developer.beyondidentity.com/docs/integration-guides/nextauth
	{
		New: services.BeyondIdentity.New, ID: "beyondidentity", Name: "Beyond Identity", Type: providers.TypeOIDC,
		Issuer: "https://auth-us.beyondidentity.com/v1/tenants/t1/realms/r1/applications/a1", NeedsIssuer: true,
		AuthURL: "https://auth-us.beyondidentity.com/v1/tenants/t1/realms/r1/applications/a1/authorize", AuthStyle: "basic",
		Params:  map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "bi-identity-1", Name: "Sam Rivera", Email: "sam@example.com"},
	},
	// Fixtures: https://developer.clickup.com/reference/getauthorizeduser
	{
		New: services.ClickUp.New, ID: "click-up", Name: "ClickUp", Type: providers.TypeOAuth,
		AuthURL: "https://app.clickup.com/api", AuthStyle: "basic",
		TokenURL: "https://api.clickup.com/api/v2/oauth/token", UserinfoURL: "https://api.clickup.com/api/v2/user",
		Params:  map[string]string{"scope": ""},
		NoPKCE:  true,
		Profile: providers.Profile{ID: "123", Name: "John Doe", Email: "johndoe@gmail.com", Image: "https://attachments-public.clickup.com/profilePictures/123_abc.jpg"},
	},
	// Fixtures: https://log.concept2.com/developers/documentation/#users-get
	{
		New: services.Concept2.New, ID: "concept2", Name: "Concept2", Type: providers.TypeOAuth,
		AuthURL: "https://log.concept2.com/oauth/authorize", AuthStyle: "basic",
		TokenURL: "https://log.concept2.com/oauth/access_token", UserinfoURL: "https://log.concept2.com/api/users/me",
		Params:  map[string]string{"scope": "user:read,results:write"},
		Profile: providers.Profile{ID: "1", Name: "david", Email: "david@example.com", Image: "https://log.concept2.com/img/profile/1.jpg"},
	},
	// Fixtures: https://www.dropbox.com/developers/documentation/http/documentation#users-get_current_account
	{
		New: services.Dropbox.New, ID: "dropbox", Name: "Dropbox", Type: providers.TypeOAuth,
		AuthURL: "https://www.dropbox.com/oauth2/authorize", AuthStyle: "basic",
		TokenURL: "https://api.dropboxapi.com/oauth2/token", UserinfoURL: "https://api.dropboxapi.com/2/users/get_current_account",
		Params:  map[string]string{"scope": "account_info.read", "token_access_type": "offline"},
		Profile: providers.Profile{ID: "dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc", Name: "Franz Ferdinand (Personal)", Email: "franz@dropbox.com", EmailVerified: true, Image: "https://dl-web.dropbox.com/account_photo/get/dbaphid%3AAAHWGmIXV3sUuOmBfTz0wPsiqHUpBWvv3ZA?vers=1556069330102&size=128x128"},
		Check: func(t *testing.T, f *oidctest.Fake, _ *oauth.Provider, _ *providers.Tokens) {
			if r := f.Requests("https://api.dropboxapi.com/2/users/get_current_account")[0]; r.Method != "POST" || r.Header.Get("Authorization") != "Bearer at-dropbox-0123456789" {
				t.Errorf("profile request %s with %q, want POST with the Bearer token", r.Method, r.Header.Get("Authorization"))
			}
		},
	},
	// Fixtures: https://www.eventbrite.com/platform/api#/reference/user/retrieve-your-user/retrieve-your-user
	{
		New: services.Eventbrite.New, ID: "eventbrite", Name: "Eventbrite", Type: providers.TypeOAuth,
		AuthURL: "https://www.eventbrite.com/oauth/authorize", AuthStyle: "post",
		TokenURL: "https://www.eventbrite.com/oauth/token", UserinfoURL: "https://www.eventbriteapi.com/v3/users/me/",
		Params:  map[string]string{"scope": "user.profile"},
		Profile: providers.Profile{ID: "1234567890", Name: "Cheryl Ann", Email: "cheryl@example.com", EmailVerified: true, Image: "https://img.evbuc.com/https%3A%2F%2Fcdn.evbuc.com%2Fimages%2F123456%2F1%2Foriginal.jpg"},
	},
	// Fixtures: https://mailchimp.com/developer/marketing/guides/access-user-data-oauth-2/
	{
		New: services.Mailchimp.New, ID: "mailchimp", Name: "Mailchimp", Type: providers.TypeOAuth,
		AuthURL: "https://login.mailchimp.com/oauth2/authorize", AuthStyle: "basic",
		TokenURL: "https://login.mailchimp.com/oauth2/token", UserinfoURL: "https://login.mailchimp.com/oauth2/metadata",
		Params:  map[string]string{"scope": ""},
		Profile: providers.Profile{ID: "67890", Name: "Freddie's Jokes", Email: "freddie@example.com"},
	},
	// Fixtures: https://apidocs.pingidentity.com/pingone/platform/v1/api/#openid-connectoauth-2
	{
		New: services.PingID.New, ID: "ping-id", Name: "Ping Identity", Type: providers.TypeOIDC,
		Issuer: "https://auth.pingone.com/0a7af83d-4ed9-4510-93cd-506fe835f69a/as", NeedsIssuer: true,
		AuthURL: "https://auth.pingone.com/0a7af83d-4ed9-4510-93cd-506fe835f69a/as/authorize", AuthStyle: "basic",
		Params:  map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "5cc4c8a5-5b2c-4d3a-9e1f-0a1b2c3d4e5f", Name: "Pat Kim", Email: "pat@example.com", EmailVerified: true},
	},
	// Fixtures: https://developer.todoist.com/sync/v9/#user
	{
		New: services.Todoist.New, ID: "todoist", Name: "Todoist", Type: providers.TypeOAuth,
		AuthURL: "https://todoist.com/oauth/authorize", AuthStyle: "post",
		TokenURL: "https://todoist.com/oauth/access_token", UserinfoURL: "https://api.todoist.com/sync/v9/sync",
		Params:  map[string]string{"scope": "data:read"},
		Profile: providers.Profile{ID: "2671355", Name: "Example User", Email: "me@example.com", Image: "https://dcff1xvirvpfp.cloudfront.net/abcdef_big.jpg"},
		Check: func(t *testing.T, f *oidctest.Fake, _ *oauth.Provider, _ *providers.Tokens) {
			if r := f.Requests("https://api.todoist.com/sync/v9/sync")[0]; r.Method != "POST" || r.Header.Get("Content-Type") != "application/json" {
				t.Errorf("profile request %s %q, want a JSON POST", r.Method, r.Header.Get("Content-Type"))
			}
		},
	},
	// Fixtures: https://trakt.docs.apiary.io/#reference/users/profile/get-user-profile
	{
		New: services.Trakt.New, ID: "trakt", Name: "Trakt", Type: providers.TypeOAuth,
		AuthURL: "https://trakt.tv/oauth/authorize", AuthStyle: "basic",
		TokenURL: "https://api.trakt.tv/oauth/token", UserinfoURL: "https://api.trakt.tv/users/me",
		Params:  map[string]string{"scope": ""},
		Profile: providers.Profile{ID: "sean", Name: "Sean Rudford", Image: "https://walter-r2.trakt.tv/images/users/000/000/001/avatars/large/cf4a6fc9d3.jpg"},
		Check: func(t *testing.T, f *oidctest.Fake, _ *oauth.Provider, _ *providers.Tokens) {
			if h := f.Requests("https://api.trakt.tv/users/me")[0].Header; h.Get("trakt-api-key") != providertest.ClientID || h.Get("trakt-api-version") != "2" {
				t.Errorf("profile request headers %v, want trakt-api-key and trakt-api-version", h)
			}
		},
	},
	// Fixtures: https://dev.vk.com/en/method/users.get
	{
		New: services.VK.New, ID: "vk", Name: "VK", Type: providers.TypeOAuth,
		AuthURL: "https://oauth.vk.com/authorize", AuthStyle: "post",
		TokenURL: "https://oauth.vk.com/access_token", UserinfoURL: "https://api.vk.com/method/users.get",
		Params:  map[string]string{"scope": "email", "v": "5.131"},
		Profile: providers.Profile{ID: "743784474", Name: "Pavel Durov", Email: "durov@example.com", Image: "https://sun1-47.userapi.com/s/v1/ig2/abc.jpg?size=100x100"},
	},
	// Fixtures: https://docs.descope.com/api/openapi/oidc/ (OIDC discovery and ID token claims;
	// the project id is the test's client id, from which the issuer is derived)
	{
		New: services.Descope.New, ID: "descope", Name: "Descope", Type: providers.TypeOIDC,
		Issuer:  "https://api.descope.com/test-client-id",
		Routes:  map[string]string{"https://api.descope.com/env-client-id/.well-known/openid-configuration": "discovery-env.json"},
		AuthURL: "https://api.descope.com/test-client-id/oauth2/v1/authorize", AuthStyle: "basic",
		Params:  map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "U2abc123", Name: "Dana Scope", Email: "dana@example.com", EmailVerified: true, Image: "https://example.com/dana.png"},
	},
	// Fixtures: https://location.foursquare.com/developer/reference/v2-users-self (v2 users/self)
	{
		New: services.Foursquare.New, ID: "foursquare", Name: "Foursquare", Type: providers.TypeOAuth,
		AuthURL: "https://foursquare.com/oauth2/authenticate", AuthStyle: "basic",
		TokenURL: "https://foursquare.com/oauth2/access_token", UserinfoURL: "https://api.foursquare.com/v2/users/self",
		Params:  map[string]string{"scope": ""},
		Profile: providers.Profile{ID: "1234567", Name: "Jimmy Foursquare", Email: "jimmy@example.com", Image: "https://fastly.4sqi.net/img/user/original/1234567-ABCDEFGH.jpg"},
		Check: func(t *testing.T, f *oidctest.Fake, _ *oauth.Provider, _ *providers.Tokens) {
			r := f.Requests("https://api.foursquare.com/v2/users/self")[0]
			if q := r.URL.Query(); q.Get("oauth_token") != "at-foursquare-0123456789" || q.Get("v") != services.FoursquareVersion || r.Header.Get("Authorization") != "" {
				t.Errorf("profile request %s with Authorization %q, want the token and version in the query", r.URL, r.Header.Get("Authorization"))
			}
		},
	},
	// Fixtures: https://developers.hubspot.com/docs/api/oauth/tokens (access token metadata)
	{
		New: services.HubSpot.New, ID: "hubspot", Name: "HubSpot", Type: providers.TypeOAuth,
		AuthURL: "https://app.hubspot.com/oauth/authorize", AuthStyle: "post",
		TokenURL: "https://api.hubapi.com/oauth/v1/token",
		Routes:   map[string]string{"https://api.hubapi.com/oauth/v1/access-tokens/at-hubspot-0123456789": "access-token.json"},
		Params:   map[string]string{"scope": "oauth"},
		Profile:  providers.Profile{ID: "123", Name: "test@hubspot.com", Email: "test@hubspot.com"},
		Check: func(t *testing.T, f *oidctest.Fake, _ *oauth.Provider, _ *providers.Tokens) {
			if h := f.Requests("https://api.hubapi.com/oauth/v1/access-tokens/at-hubspot-0123456789")[0].Header; h.Get("Authorization") != "" {
				t.Errorf("metadata request sends Authorization %q, want none", h.Get("Authorization"))
			}
		},
	},
	// Fixtures: https://developers.notion.com/reference/get-self and /docs/authorization (token answer)
	{
		New: services.Notion.New, ID: "notion", Name: "Notion", Type: providers.TypeOAuth,
		AuthURL: "https://api.notion.com/v1/oauth/authorize", AuthStyle: "basic",
		TokenURL: "https://api.notion.com/v1/oauth/token", UserinfoURL: "https://api.notion.com/v1/users/me",
		Params:  map[string]string{"owner": "user", "scope": ""},
		Profile: providers.Profile{ID: "e79a0b74-3aba-4149-9f74-0bb5791a6ee6", Name: "Avocado Lovelace", Email: "avo@example.org", Image: "https://secure.notion-static.com/e6a352a8-8381-44d0-a1dc-9ed80e62b53d.jpg"},
		Check: func(t *testing.T, f *oidctest.Fake, _ *oauth.Provider, _ *providers.Tokens) {
			if v := f.Requests("https://api.notion.com/v1/users/me")[0].Header.Get("Notion-Version"); v != services.NotionVersion {
				t.Errorf("Notion-Version = %q", v)
			}
		},
	},
	// Fixtures: https://docs.unitedeffects.com (core authority OIDC discovery)
	{
		New: services.UnitedEffects.New, ID: "united-effects", Name: "United Effects", Type: providers.TypeOIDC,
		Issuer: "https://auth.unitedeffects.com/00000000-0000-0000-0000-000000000000", NeedsIssuer: true,
		AuthURL: "https://auth.unitedeffects.com/00000000-0000-0000-0000-000000000000/auth", AuthStyle: "basic",
		Params:  map[string]string{"scope": "openid email profile", "resource": "https://auth.unitedeffects.com/00000000-0000-0000-0000-000000000000"},
		Profile: providers.Profile{ID: "a0b1c2d3-e4f5-4a6b-8c9d-0e1f2a3b4c5d", Name: "Una Effects", Email: "ue@example.com", EmailVerified: true},
	},
}

// TestProfileMappers covers the mappers' branches the fixtures do not.
func TestProfileMappers(t *testing.T) {
	tests := []struct {
		name    string
		s       oauth.Service
		doc     map[string]any
		want    providers.Profile
		wantErr bool
	}{
		{"no user id", services.Box, map[string]any{"name": "x"}, providers.Profile{}, true},
		{"yandex, empty avatar, first of emails", services.Yandex,
			map[string]any{"id": "1", "real_name": "R", "emails": []any{"a@x.ru"}, "is_avatar_empty": true, "default_avatar_id": "9"},
			providers.Profile{ID: "1", Name: "R", Email: "a@x.ru"}, false},
		{"bitbucket without display name", services.Bitbucket, map[string]any{"account_id": "a", "username": "u"},
			providers.Profile{ID: "a", Name: "u"}, false},
		{"eventbrite without primary email or image", services.Eventbrite,
			map[string]any{"id": "1", "name": "N", "emails": []any{map[string]any{"email": "a@x", "primary": false}}},
			providers.Profile{ID: "1", Name: "N"}, false},
		{"logto with a name", services.Logto, map[string]any{"sub": "s", "name": "Named", "username": "u"},
			providers.Profile{ID: "s", Name: "Named"}, false},
		{"azure ad b2c without emails", services.AzureADB2C, map[string]any{"sub": "s"}, providers.Profile{ID: "s"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := tt.s.Config.Profile(tt.doc, &providers.Tokens{})
			if tt.wantErr {
				if err == nil {
					t.Errorf("Profile = %+v, want an error", p)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.ID != tt.want.ID || p.Name != tt.want.Name || p.Email != tt.want.Email || p.Image != tt.want.Image || p.EmailVerified != tt.want.EmailVerified {
				t.Errorf("Profile = %+v, want %+v", *p, tt.want)
			}
		})
	}
}

// TestTokenInURLNotInErrors: HubSpot and Foursquare put the access token
// in the profile URL; a failed request must not show it.
func TestTokenInURLNotInErrors(t *testing.T) {
	for _, status := range []int{0, http.StatusUnauthorized} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusUnauthorized) }))
		if status == 0 {
			srv.Close() // connection refused
		} else {
			t.Cleanup(srv.Close)
		}
		for _, s := range []oauth.Service{services.HubSpot, services.Foursquare} {
			_, err := s.Config.Userinfo(context.Background(), oauth.UserinfoRequest{
				Client: srv.Client(), URL: srv.URL + "/profile", Tokens: &providers.Tokens{AccessToken: "secret-access-token"},
			})
			if err == nil || strings.Contains(err.Error(), "secret-access-token") {
				t.Errorf("%s, status %d: error = %v, want one without the token", s.Config.ID, status, err)
			}
		}
	}
}
