// Package spotify is the "Log in with Spotify" provider (OAuth 2.0, id
// "spotify").
//
// Defaults: scope "user-read-email"; endpoints
// https://accounts.spotify.com/authorize and /api/token, profile from
// https://api.spotify.com/v1/me; client_secret_basic; PKCE S256. Spotify
// documents its email as unverified, so EmailVerified is false.
// Credentials: Options.ClientID/ClientSecret, else AUTH_SPOTIFY_ID and
// AUTH_SPOTIFY_SECRET through Options.Getenv.
package spotify
