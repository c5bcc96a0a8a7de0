// Package oidc is a provider for any OpenID Connect issuer configured from
// the environment (id "oidc"): AUTH_OIDC_ISSUER, AUTH_OIDC_ID and
// AUTH_OIDC_SECRET. Options.Name sets the button label and Options.ID a
// different id (whose variables are then AUTH_<ID>_...).
//
// Defaults: scopes "openid profile email"; endpoints from the issuer's
// discovery document; the profile from the ID token's standard claims
// (oauth.StandardProfile); PKCE S256 and nonce. The issuer is required:
// any OpenID Connect issuer, such as https://login.example.com.
// Credentials: Options.ClientID, ClientSecret and Issuer, else AUTH_OIDC_ID,
// AUTH_OIDC_SECRET and AUTH_OIDC_ISSUER through Options.Getenv.
package oidc
