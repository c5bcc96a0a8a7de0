package spotify_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/spotify"
)

func ExampleNew() {
	p, err := spotify.New(spotify.Options{ClientID: "my-client", ClientSecret: "..."})
	fmt.Println(p.Info().ID, providers.TypeOf(p), p.Checks().PKCE, err)
	// Output: spotify oauth true <nil>
}
