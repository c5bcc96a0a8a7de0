// Package keycloak is the "Sign in with Keycloak" provider (OpenID Connect, id
// "keycloak").
//
// Defaults: scopes "openid profile email"; endpoints from the issuer's
// discovery document; the profile from the ID token's standard claims
// (oauth.StandardProfile); PKCE S256 and nonce. The issuer is required:
// the realm URL, such as https://keycloak.example.com/realms/myrealm.
// Credentials: Options.ClientID, ClientSecret and Issuer, else AUTH_KEYCLOAK_ID,
// AUTH_KEYCLOAK_SECRET and AUTH_KEYCLOAK_ISSUER through Options.Getenv.
package keycloak
