// Package authentik is the "Sign in with Authentik" provider (OpenID Connect, id
// "authentik").
//
// Defaults: scopes "openid profile email"; endpoints from the issuer's
// discovery document; the profile from the ID token's standard claims
// (oauth.StandardProfile); PKCE S256 and nonce. The issuer is required:
// the application URL with a trailing slash, such as https://authentik.example.com/application/o/my-app/.
// Credentials: Options.ClientID, ClientSecret and Issuer, else AUTH_AUTHENTIK_ID,
// AUTH_AUTHENTIK_SECRET and AUTH_AUTHENTIK_ISSUER through Options.Getenv.
package authentik
