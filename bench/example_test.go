package bench_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/bench"
)

// The seeded users' cookies are rebuilt from their index by every process;
// the database holds only their SHA-256, as gatehouse stores them.
func ExampleCookieToken() {
	c := bench.CookieToken(7)
	fmt.Println(len(c), c == bench.CookieToken(7), c != bench.CookieToken(8))
	fmt.Println(len(bench.StoredToken(c)), bench.StoredToken(c) != c)
	// Output:
	// 64 true true
	// 64 true
}
