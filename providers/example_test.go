package providers_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/providers"
)

func ExampleAuthError() {
	err := error(&providers.AuthError{Code: "access_denied", Description: "the user said no"})
	fmt.Println(err)
	// Output: oauth: provider returned error access_denied: the user said no
}
