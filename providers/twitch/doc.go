// Package twitch is the "Sign in with Twitch" provider (OpenID Connect, id
// "twitch").
//
// Defaults: issuer https://id.twitch.tv/oauth2; scopes "openid
// user:read:email"; the "claims" authorization parameter asks for email,
// picture and preferred_username in the ID token; endpoints from Twitch's
// discovery document (client_secret_post); PKCE S256 and nonce. Name is the
// preferred_username. Credentials: Options.ClientID/ClientSecret, else
// AUTH_TWITCH_ID and AUTH_TWITCH_SECRET through Options.Getenv.
package twitch
