// Package twitter is the "Sign in with X (Twitter)" provider (OAuth 2.0
// with PKCE, id "twitter").
//
// Defaults: scopes "users.read tweet.read offline.access"; endpoints
// https://x.com/i/oauth2/authorize and https://api.x.com/2/oauth2/token,
// profile from https://api.x.com/2/users/me with profile_image_url and
// confirmed_email; client_secret_basic; PKCE S256 (X requires it). X gives
// an email only to apps allowed to ask for it and with the "users.email"
// scope; it is then confirmed, so EmailVerified is true. Credentials:
// Options.ClientID/ClientSecret, else AUTH_TWITTER_ID and
// AUTH_TWITTER_SECRET through Options.Getenv.
package twitter
