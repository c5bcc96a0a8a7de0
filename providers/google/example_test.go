package google_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/google"
)

func ExampleNew() {
	p, err := google.New(google.Options{ClientID: "my-client", ClientSecret: "..."})
	fmt.Println(p.Info().ID, providers.TypeOf(p), p.Issuer() == google.Issuer, err)
	// Output: google oidc true <nil>
}
