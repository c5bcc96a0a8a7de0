// Package facebook is the "Log in with Facebook" provider (OAuth 2.0, id
// "facebook").
//
// Defaults: Graph API version GraphVersion; scope "email"; endpoints
// https://www.facebook.com/{version}/dialog/oauth and
// https://graph.facebook.com/{version}/oauth/access_token, profile from
// https://graph.facebook.com/me?fields=id,name,email,picture;
// client_secret_post; PKCE S256. EmailVerified is false: Facebook does not
// say whether the address was confirmed. Credentials:
// Options.ClientID/ClientSecret, else AUTH_FACEBOOK_ID and
// AUTH_FACEBOOK_SECRET through Options.Getenv.
package facebook
