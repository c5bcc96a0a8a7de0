package oidc_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers/oidc"
)

func ExampleNew() {
	p, err := oidc.New(oidc.Options{ClientID: "my-client", ClientSecret: "...", Issuer: "https://login.example.com"})
	fmt.Println(p.Info().ID, p.Info().Type, p.Issuer(), err)
	// Output: oidc oidc https://login.example.com <nil>
}
