package apple_test

import (
	"fmt"
	"os"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/apple"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

func ExampleNew() {
	key, _ := os.ReadFile("testdata/AuthKey_TEST123456.p8")
	p, err := apple.New(apple.Options{
		Options:    oauth.Options{ClientID: "com.example.web"},
		TeamID:     "TEAM123456",
		KeyID:      "TEST123456",
		PrivateKey: key,
	})
	fmt.Println(p.Info().ID, providers.TypeOf(p), p.Scopes(), err)
	// Output: apple oidc [name email] <nil>
}
