package slack_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/slack"
)

func ExampleNew() {
	p, err := slack.New(slack.Options{ClientID: "my-client", ClientSecret: "..."})
	fmt.Println(p.Info().ID, providers.TypeOf(p), p.Issuer() == slack.Issuer, err)
	// Output: slack oidc true <nil>
}
