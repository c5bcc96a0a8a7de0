// Package okta is the "Sign in with Okta" provider (OpenID Connect, id
// "okta").
//
// Defaults: scopes "openid profile email"; endpoints from the issuer's
// discovery document; the profile from the ID token's standard claims
// (oauth.StandardProfile); PKCE S256 and nonce. The issuer is required:
// the authorization server, such as https://dev-123456.okta.com/oauth2/default.
// Credentials: Options.ClientID, ClientSecret and Issuer, else AUTH_OKTA_ID,
// AUTH_OKTA_SECRET and AUTH_OKTA_ISSUER through Options.Getenv.
package okta
