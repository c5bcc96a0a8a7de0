// Package auth0 is the "Sign in with Auth0" provider (OpenID Connect, id
// "auth0").
//
// Defaults: scopes "openid profile email"; endpoints from the issuer's
// discovery document; the profile from the ID token's standard claims
// (oauth.StandardProfile); PKCE S256 and nonce. The issuer is required:
// the tenant domain with a trailing slash, such as https://dev-abc123.us.auth0.com/.
// Credentials: Options.ClientID, ClientSecret and Issuer, else AUTH_AUTH0_ID,
// AUTH_AUTH0_SECRET and AUTH_AUTH0_ISSUER through Options.Getenv.
package auth0
