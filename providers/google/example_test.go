package google_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers/google"
)

func ExampleNew() {
	p, err := google.New(google.Options{ClientID: "my-client", ClientSecret: "..."})
	fmt.Println(p.Info().ID, p.Info().Type, p.Issuer() == google.Issuer, err)
	// Output: google oidc true <nil>
}
