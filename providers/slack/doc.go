// Package slack is the "Sign in with Slack" provider (OpenID Connect, id
// "slack").
//
// Defaults: issuer https://slack.com; scopes "openid profile email";
// endpoints from Slack's discovery document; PKCE S256 and nonce. The
// profile id is the Slack user id (claim "https://slack.com/user_id", else
// "sub") and the image the 512-pixel avatar. Credentials:
// Options.ClientID/ClientSecret, else AUTH_SLACK_ID and AUTH_SLACK_SECRET
// through Options.Getenv.
package slack
