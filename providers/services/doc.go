// Package services is the table of gatehouse's built-in sign-in services,
// in the manner of golang.org/x/oauth2/endpoints: one oauth.Service value
// each (services.GitHub, services.Google, services.Okta, ...), and All to
// list them.
//
// A provider for a service is its New with the application's settings:
//
//	gh, err := services.GitHub.New(oauth.Options{Getenv: os.Getenv})
//
// reads AUTH_GITHUB_ID and AUTH_GITHUB_SECRET, as Auth.js does
// (Service.Variables lists what a service reads). OpenID Connect services
// also read AUTH_<ID>_ISSUER; the self-hosted ones (Auth0, Authentik,
// Keycloak, Okta, Zitadel, and OIDC for any issuer) need it.
//
// Most services are data alone: endpoints or an issuer, scopes, and at
// most a small profile mapper (often a table of the fields' paths). Those
// whose profile takes another request than one Bearer GET (Dropbox,
// HubSpot, Todoist, Trakt, VK, Foursquare, Notion) have a short userinfo
// function beside their entry. Those with code of their own keep it in a
// package of their own, whose Service the table lists: providers/apple
// (the client secret JWT), providers/github (verified emails, GitHub
// Enterprise Server) and providers/microsoftentraid (tenants).
//
// LINE is plain OAuth 2.0 whose profile is its HS256 ID token as LINE's
// verify endpoint checks it; TikTok adds its client_key to the
// authorization and token requests; Bungie sends the application's API key
// (AUTH_BUNGIE_API_KEY) with the profile request; BankID Norge's profile
// is a userinfo JWT checked against the realm's keys; WeChat sends appid
// and secret and answers errors as errcode.
//
// BankID Norge, BoxyHQ SAML, Frontegg, Mastodon, Mattermost, Nextcloud,
// Osso, Salesforce and Vipps are plain OAuth 2.0 services whose endpoints
// lie under the issuer an application names in AUTH_<ID>_ISSUER (the
// self-hosted server, a Salesforce sandbox or My Domain); BankID Norge,
// Mastodon, Salesforce and Vipps default to their public issuer.
package services
