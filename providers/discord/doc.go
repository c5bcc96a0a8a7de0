// Package discord is the "Sign in with Discord" provider (OAuth 2.0, id
// "discord").
//
// Defaults: scopes "identify email"; endpoints
// https://discord.com/api/oauth2/authorize and /api/oauth2/token, profile
// from https://discord.com/api/users/@me; client_secret_basic; PKCE S256.
// Name is the display name (global_name, else username); the image is the
// user's avatar on Discord's CDN, or their default avatar; EmailVerified is
// Discord's "verified". Credentials: Options.ClientID/ClientSecret, else
// AUTH_DISCORD_ID and AUTH_DISCORD_SECRET through Options.Getenv.
package discord
