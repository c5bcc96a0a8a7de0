package microsoftentraid_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers/microsoftentraid"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

func ExampleNew() {
	p, err := microsoftentraid.New(microsoftentraid.Options{
		Options: oauth.Options{ClientID: "my-app-id", ClientSecret: "..."},
		Tenant:  "organizations",
	})
	fmt.Println(p.Info().ID, p.Issuer(), err)
	// Output: microsoft-entra-id https://login.microsoftonline.com/organizations/v2.0 <nil>
}
