package services_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
	"github.com/gatehouse-go/gatehouse/providers/services"
)

// A self-hosted OpenID Connect service needs its issuer, here from the
// environment as Auth.js reads it.
func Example() {
	env := map[string]string{
		"AUTH_OKTA_ID":     "0oa1b2c3d4",
		"AUTH_OKTA_SECRET": "...",
		"AUTH_OKTA_ISSUER": "https://dev-123456.okta.com/oauth2/default",
	}
	p, err := services.Okta.New(oauth.Options{Getenv: func(k string) string { return env[k] }})
	fmt.Println(p.Info().ID, providers.TypeOf(p), p.Issuer(), err)
	// Output: okta oidc https://dev-123456.okta.com/oauth2/default <nil>
}

// Without it, the error says what to set.
func Example_missingIssuer() {
	_, err := services.Keycloak.New(oauth.Options{ClientID: "my-app", ClientSecret: "..."})
	fmt.Println(err)
	// Output: oauth: invalid provider configuration: provider "keycloak" needs an issuer URL, such as https://keycloak.example.com/realms/myrealm: set Options.Issuer or AUTH_KEYCLOAK_ISSUER
}

// Self-managed GitLab: the same service at another address.
func Example_selfManaged() {
	p, err := services.GitLab.New(oauth.Options{ClientID: "my-app", ClientSecret: "...", BaseURL: "https://gitlab.example.com"})
	fmt.Println(p.Info().ID, providers.TypeOf(p), err)
	// Output: gitlab oauth <nil>
}

func ExampleAll() {
	for _, s := range services.All()[:3] {
		fmt.Println(s.Config.ID, s.Variables())
	}
	// Output:
	// 42-school [AUTH_42_SCHOOL_ID AUTH_42_SCHOOL_SECRET]
	// apple [AUTH_APPLE_ID AUTH_APPLE_SECRET AUTH_APPLE_ISSUER AUTH_APPLE_TEAM_ID AUTH_APPLE_KEY_ID AUTH_APPLE_PRIVATE_KEY]
	// asgardeo [AUTH_ASGARDEO_ID AUTH_ASGARDEO_SECRET AUTH_ASGARDEO_ISSUER]
}
