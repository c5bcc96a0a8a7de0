package providertest_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// A built-in's test passes a Case to Run; the runner fills in these shared
// values.
func ExampleCase() {
	fmt.Println(providertest.ClientID, providertest.RedirectURL+"github")
	fmt.Println(oauth.S256Challenge(providertest.Verifier) != "")
	// Output:
	// test-client-id https://app.example/api/auth/callback/github
	// true
}
