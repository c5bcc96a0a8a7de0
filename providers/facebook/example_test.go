package facebook_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/facebook"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

func ExampleNew() {
	p, err := facebook.New(facebook.Options{Options: oauth.Options{ClientID: "my-client", ClientSecret: "..."}})
	fmt.Println(p.Info().ID, providers.TypeOf(p), p.Checks().PKCE, err)
	// Output: facebook oauth true <nil>
}
