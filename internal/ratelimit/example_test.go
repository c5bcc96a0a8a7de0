package ratelimit_test

import (
	"fmt"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/ratelimit"
)

func Example() {
	failures := ratelimit.New(ratelimit.Options{Limit: 2, Window: 15 * time.Minute})
	for i := 0; i < 3; i++ {
		ok, _ := failures.Allow("alice")
		fmt.Println("attempt", i+1, "allowed:", ok)
		failures.Hit("alice") // the password was wrong
	}
	// Output:
	// attempt 1 allowed: true
	// attempt 2 allowed: true
	// attempt 3 allowed: false
}
