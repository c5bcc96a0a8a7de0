package twitch_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/twitch"
)

func ExampleNew() {
	p, err := twitch.New(twitch.Options{ClientID: "my-client", ClientSecret: "..."})
	fmt.Println(p.Info().ID, providers.TypeOf(p), p.Issuer() == twitch.Issuer, err)
	// Output: twitch oidc true <nil>
}
