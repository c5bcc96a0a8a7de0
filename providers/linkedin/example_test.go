package linkedin_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers/linkedin"
)

func ExampleNew() {
	p, err := linkedin.New(linkedin.Options{ClientID: "my-client", ClientSecret: "..."})
	fmt.Println(p.Info().ID, p.Info().Type, p.Issuer() == linkedin.Issuer, err)
	// Output: linkedin oidc true <nil>
}
