package authentik_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/authentik"
)

func ExampleNew() {
	p, err := authentik.New(authentik.Options{ClientID: "my-client", ClientSecret: "...", Issuer: "https://authentik.example.com/application/o/my-app/"})
	fmt.Println(p.Info().ID, providers.TypeOf(p), p.Issuer(), err)
	// Output: authentik oidc https://authentik.example.com/application/o/my-app/ <nil>
}
