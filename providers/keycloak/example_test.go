package keycloak_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/keycloak"
)

func ExampleNew() {
	p, err := keycloak.New(keycloak.Options{ClientID: "my-client", ClientSecret: "...", Issuer: "https://keycloak.example.com/realms/myrealm"})
	fmt.Println(p.Info().ID, providers.TypeOf(p), p.Issuer(), err)
	// Output: keycloak oidc https://keycloak.example.com/realms/myrealm <nil>
}
