package auth0_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/auth0"
)

func ExampleNew() {
	p, err := auth0.New(auth0.Options{ClientID: "my-client", ClientSecret: "...", Issuer: "https://dev-abc123.us.auth0.com/"})
	fmt.Println(p.Info().ID, providers.TypeOf(p), p.Issuer(), err)
	// Output: auth0 oidc https://dev-abc123.us.auth0.com/ <nil>
}
