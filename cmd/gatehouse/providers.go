package main

import (
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/apple"
	"github.com/gatehouse-go/gatehouse/providers/auth0"
	"github.com/gatehouse-go/gatehouse/providers/authentik"
	"github.com/gatehouse-go/gatehouse/providers/discord"
	"github.com/gatehouse-go/gatehouse/providers/facebook"
	"github.com/gatehouse-go/gatehouse/providers/github"
	"github.com/gatehouse-go/gatehouse/providers/gitlab"
	"github.com/gatehouse-go/gatehouse/providers/google"
	"github.com/gatehouse-go/gatehouse/providers/keycloak"
	"github.com/gatehouse-go/gatehouse/providers/linkedin"
	"github.com/gatehouse-go/gatehouse/providers/microsoftentraid"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
	"github.com/gatehouse-go/gatehouse/providers/oidc"
	"github.com/gatehouse-go/gatehouse/providers/okta"
	"github.com/gatehouse-go/gatehouse/providers/slack"
	"github.com/gatehouse-go/gatehouse/providers/spotify"
	"github.com/gatehouse-go/gatehouse/providers/twitch"
	"github.com/gatehouse-go/gatehouse/providers/twitter"
	"github.com/gatehouse-go/gatehouse/providers/zitadel"
)

// builtin is an OAuth/OIDC provider the demo enables when its
// AUTH_<ID>_* variables are set.
type builtin struct {
	id  string
	new func(o oauth.Options) (providers.Provider, error)
}

// wrap adapts a built-in constructor to builtin.new.
func wrap[P providers.Provider](f func(oauth.Options) (P, error)) func(oauth.Options) (providers.Provider, error) {
	return func(o oauth.Options) (providers.Provider, error) { return f(o) }
}

// builtins are the built-in providers, in sign-in page order, with the
// generic OpenID Connect provider "oidc" (AUTH_OIDC_ISSUER, AUTH_OIDC_ID,
// AUTH_OIDC_SECRET) first.
func builtins() []builtin {
	return []builtin{
		{"oidc", wrap(oidc.New)},
		{"github", wrap(func(o oauth.Options) (*oauth.Provider, error) { return github.New(github.Options{Options: o}) })},
		{"gitlab", wrap(func(o oauth.Options) (*oauth.Provider, error) { return gitlab.New(gitlab.Options{Options: o}) })},
		{"google", wrap(google.New)},
		{"apple", wrap(func(o oauth.Options) (*oauth.Provider, error) { return apple.New(apple.Options{Options: o}) })},
		{"microsoft-entra-id", wrap(func(o oauth.Options) (*oauth.Provider, error) {
			return microsoftentraid.New(microsoftentraid.Options{Options: o})
		})},
		{"facebook", wrap(func(o oauth.Options) (*oauth.Provider, error) { return facebook.New(facebook.Options{Options: o}) })},
		{"discord", wrap(discord.New)},
		{"twitter", wrap(twitter.New)},
		{"spotify", wrap(spotify.New)},
		{"linkedin", wrap(linkedin.New)},
		{"slack", wrap(slack.New)},
		{"twitch", wrap(twitch.New)},
		{"auth0", wrap(auth0.New)},
		{"okta", wrap(okta.New)},
		{"keycloak", wrap(keycloak.New)},
		{"zitadel", wrap(zitadel.New)},
		{"authentik", wrap(authentik.New)},
	}
}

// envProviders returns the built-in providers for which any of
// AUTH_<ID>_ID, AUTH_<ID>_SECRET or AUTH_<ID>_ISSUER is set, configured from
// the environment. A provider with a missing or bad setting is an error
// naming the variable.
func envProviders(getenv env) ([]providers.Provider, error) {
	var out []providers.Provider
	for _, b := range builtins() {
		prefix := "AUTH_" + oauth.EnvPrefix(b.id) + "_"
		if getenv(prefix+"ID") == "" && getenv(prefix+"SECRET") == "" && getenv(prefix+"ISSUER") == "" {
			continue
		}
		p, err := b.new(oauth.Options{Getenv: getenv})
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}
