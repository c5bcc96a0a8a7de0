// Package gitlab is the "Sign in with GitLab" provider (OAuth 2.0, id
// "gitlab").
//
// Defaults: https://gitlab.com (Options.BaseURL for self-managed GitLab);
// scope "read_user"; endpoints /oauth/authorize and /oauth/token, profile
// from /api/v4/user; client_secret_post; PKCE S256. EmailVerified is true
// when GitLab reports the account confirmed (confirmed_at). Credentials:
// Options.ClientID/ClientSecret, else AUTH_GITLAB_ID and AUTH_GITLAB_SECRET
// through Options.Getenv.
package gitlab
