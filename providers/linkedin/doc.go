// Package linkedin is the "Sign in with LinkedIn" provider (OpenID Connect,
// id "linkedin").
//
// Defaults: issuer https://www.linkedin.com/oauth; scopes "openid profile
// email"; endpoints from LinkedIn's discovery document (which requires
// client_secret_post); the profile from the ID token's standard claims;
// PKCE S256 and nonce. Credentials: Options.ClientID/ClientSecret, else
// AUTH_LINKEDIN_ID and AUTH_LINKEDIN_SECRET through Options.Getenv.
package linkedin
