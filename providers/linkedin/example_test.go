package linkedin_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/linkedin"
)

func ExampleNew() {
	p, err := linkedin.New(linkedin.Options{ClientID: "my-client", ClientSecret: "..."})
	fmt.Println(p.Info().ID, providers.TypeOf(p), p.Issuer() == linkedin.Issuer, err)
	// Output: linkedin oidc true <nil>
}
