// Package github is the code of the "Sign in with GitHub" service (OAuth
// 2.0, id "github"): Service, which providers/services lists as
// services.GitHub.
//
// Defaults: scopes "read:user user:email"; endpoints
// https://github.com/login/oauth/authorize and /login/oauth/access_token,
// profile from https://api.github.com/user; client_secret_post; PKCE S256.
// Credentials: Options.ClientID/ClientSecret, else AUTH_GITHUB_ID and
// AUTH_GITHUB_SECRET through Options.Getenv.
//
// GitHub's /user shows only a public email. The provider also reads
// /user/emails (allowed by the user:email scope) and uses the primary
// verified address when there is no public one; EmailVerified is true only
// when /user/emails lists the address as verified. For GitHub Enterprise
// Server set Options.BaseURL: sign-in then goes to BaseURL and the API is
// BaseURL + "/api/v3".
package github
