package adaptertest_test

import (
	"fmt"
	"strings"

	"github.com/gatehouse-go/gatehouse/adapter/adaptertest"
)

// Example lists the Auth.js cases the suite ports, in the order Run runs
// them. A custom adapter's test calls adaptertest.Run as the package
// documentation shows.
func Example() {
	n := 0
	for _, c := range adaptertest.Cases() {
		if name, ok := strings.CutPrefix(c, "authjs/"); ok {
			n++
			fmt.Println(n, name)
		}
	}
	// Output:
	// 1 requiredMethodsExist
	// 2 createUser
	// 3 getUser
	// 4 getUserByEmail
	// 5 createSession
	// 6 getSessionAndUser
	// 7 updateUser
	// 8 updateSession
	// 9 linkAccount
	// 10 getUserByAccount
	// 11 deleteSession
	// 12 verificationTokenMethodsExist
	// 13 createVerificationToken
	// 14 useVerificationToken
	// 15 futureMethodsExist
	// 16 unlinkAccount
	// 17 deleteUser
	// 18 getAccount
	// 19 createAuthenticator
	// 20 getAuthenticator
	// 21 listAuthenticatorsByUserId
	// 22 updateAuthenticatorCounter
}
