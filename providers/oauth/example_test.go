package oauth_test

import (
	"context"
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

func ExampleNew() {
	p, err := oauth.New(oauth.Config{
		ID:          "acme",
		Name:        "Acme",
		ClientID:    "my-client",
		AuthURL:     "https://acme.example/oauth/authorize",
		TokenURL:    "https://acme.example/oauth/token",
		UserinfoURL: "https://api.acme.example/me",
		Scopes:      []string{"profile", "email"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	u, err := p.AuthCodeURL(context.Background(), providers.AuthRequest{
		RedirectURL:   "https://app.example/api/auth/callback/acme",
		State:         "state123",
		CodeChallenge: oauth.S256Challenge("a-random-verifier-of-at-least-43-characters-x"),
	})
	fmt.Println(providers.TypeOf(p), p.Checks().PKCE)
	fmt.Println(u, err)
	// Output:
	// oauth true
	// https://acme.example/oauth/authorize?client_id=my-client&code_challenge=ZOaHjv8U6Jllj6IXR6cvpKlAahtxUPCgYQeTI9MvWhE&code_challenge_method=S256&redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fcallback%2Facme&response_type=code&scope=profile+email&state=state123 <nil>
}

// A service gatehouse has not built in, described once as a Service:
// providers for it read AUTH_ACME_ID and AUTH_ACME_SECRET as the built-ins
// do.
func ExampleService_New() {
	acme := oauth.Service{Config: oauth.Config{
		ID: "acme", Name: "Acme", AuthURL: "https://acme.example/authorize", TokenURL: "https://acme.example/token",
		UserinfoURL: "https://acme.example/me",
	}}
	env := map[string]string{"AUTH_ACME_ID": "id-from-env", "AUTH_ACME_SECRET": "secret-from-env"}
	p, err := acme.New(oauth.Options{Getenv: func(k string) string { return env[k] }})
	fmt.Println(p.Info().ID, providers.TypeOf(p), acme.Variables(), err)
	// Output: acme oauth [AUTH_ACME_ID AUTH_ACME_SECRET] <nil>
}
