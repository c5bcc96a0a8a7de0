package zitadel_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/zitadel"
)

func ExampleNew() {
	p, err := zitadel.New(zitadel.Options{ClientID: "my-client", ClientSecret: "...", Issuer: "https://my-instance-abc123.zitadel.cloud"})
	fmt.Println(p.Info().ID, providers.TypeOf(p), p.Issuer(), err)
	// Output: zitadel oidc https://my-instance-abc123.zitadel.cloud <nil>
}
