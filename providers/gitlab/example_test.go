package gitlab_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/gitlab"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

func ExampleNew() {
	p, err := gitlab.New(gitlab.Options{Options: oauth.Options{ClientID: "my-client", ClientSecret: "..."}})
	fmt.Println(p.Info().ID, providers.TypeOf(p), p.Checks().PKCE, err)
	// Output: gitlab oauth true <nil>
}
