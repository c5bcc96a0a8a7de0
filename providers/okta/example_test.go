package okta_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/okta"
)

func ExampleNew() {
	p, err := okta.New(okta.Options{ClientID: "my-client", ClientSecret: "...", Issuer: "https://dev-123456.okta.com/oauth2/default"})
	fmt.Println(p.Info().ID, providers.TypeOf(p), p.Issuer(), err)
	// Output: okta oidc https://dev-123456.okta.com/oauth2/default <nil>
}
