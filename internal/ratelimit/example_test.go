package ratelimit_test

import (
	"context"
	"fmt"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/ratelimit"
)

func Example() {
	ctx := context.Background()
	failures := ratelimit.NewMemory(1000, nil)
	for i := 0; i < 3; i++ {
		c, _ := failures.AddCount(ctx, "alice", 0, 15*time.Minute)
		fmt.Println("attempt", i+1, "allowed:", c.Count < 2)
		_, _ = failures.AddCount(ctx, "alice", 1, 15*time.Minute) // the password was wrong
	}
	// Output:
	// attempt 1 allowed: true
	// attempt 2 allowed: true
	// attempt 3 allowed: false
}
