package zitadel_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers/zitadel"
)

func ExampleNew() {
	p, err := zitadel.New(zitadel.Options{ClientID: "my-client", ClientSecret: "...", Issuer: "https://my-instance-abc123.zitadel.cloud"})
	fmt.Println(p.Info().ID, p.Info().Type, p.Issuer(), err)
	// Output: zitadel oidc https://my-instance-abc123.zitadel.cloud <nil>
}
