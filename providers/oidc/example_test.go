package oidc_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oidc"
)

func ExampleNew() {
	p, err := oidc.New(oidc.Options{ClientID: "my-client", ClientSecret: "...", Issuer: "https://login.example.com"})
	fmt.Println(p.Info().ID, providers.TypeOf(p), p.Issuer(), err)
	// Output: oidc oidc https://login.example.com <nil>
}
