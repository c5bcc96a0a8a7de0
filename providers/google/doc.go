// Package google is the "Sign in with Google" provider (OpenID Connect, id
// "google").
//
// Defaults: issuer https://accounts.google.com; scopes "openid email
// profile"; endpoints from Google's discovery document; the profile from the
// ID token (sub, name, email, email_verified, picture); PKCE S256 and nonce.
// Google sends a refresh token only when asked: add
// AuthParams{"access_type": {"offline"}, "prompt": {"consent"}}.
// Credentials: Options.ClientID/ClientSecret, else AUTH_GOOGLE_ID and
// AUTH_GOOGLE_SECRET through Options.Getenv.
package google
