// Package zitadel is the "Sign in with ZITADEL" provider (OpenID Connect, id
// "zitadel").
//
// Defaults: scopes "openid profile email"; endpoints from the issuer's
// discovery document; the profile from the ID token's standard claims
// (oauth.StandardProfile); PKCE S256 and nonce. The issuer is required:
// the instance URL, such as https://my-instance-abc123.zitadel.cloud.
// Credentials: Options.ClientID, ClientSecret and Issuer, else AUTH_ZITADEL_ID,
// AUTH_ZITADEL_SECRET and AUTH_ZITADEL_ISSUER through Options.Getenv.
package zitadel
