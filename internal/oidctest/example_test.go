package oidctest_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
)

func ExampleClaims() {
	// {"alg":"none"} . {"sub":"u1","nonce":"n"} . (no signature)
	claims, err := oidctest.Claims("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1MSIsIm5vbmNlIjoibiJ9.")
	fmt.Println(claims["sub"], claims["nonce"], err)
	// Output: u1 n <nil>
}
