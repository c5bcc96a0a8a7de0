package discord_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/discord"
)

func ExampleNew() {
	p, err := discord.New(discord.Options{ClientID: "my-client", ClientSecret: "..."})
	fmt.Println(p.Info().ID, providers.TypeOf(p), p.Checks().PKCE, err)
	// Output: discord oauth true <nil>
}
