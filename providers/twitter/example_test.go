package twitter_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/twitter"
)

func ExampleNew() {
	p, err := twitter.New(twitter.Options{ClientID: "my-client", ClientSecret: "..."})
	fmt.Println(p.Info().ID, providers.TypeOf(p), p.Checks().PKCE, err)
	// Output: twitter oauth true <nil>
}
