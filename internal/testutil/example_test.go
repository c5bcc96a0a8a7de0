package testutil_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/internal/testutil"
)

// A test fails one adapter method and counts the calls the code under test
// made.
func ExampleFaulty() {
	ctx := context.Background()
	store := testutil.NewFaulty(memory.New())
	u, _ := store.CreateUser(ctx, &adapter.User{Email: "ada@example.com"})

	store.Fail("GetUser")
	_, err := store.GetUser(ctx, u.ID)
	fmt.Println(errors.Is(err, testutil.ErrInjected))

	store.Fail("")
	_, err = store.GetUser(ctx, u.ID)
	fmt.Println(err, store.Take())
	// Output:
	// true
	// <nil> map[CreateUser:1 GetUser:2]
}

func ExampleClock() {
	clk := testutil.NewClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	clk.Advance(90 * time.Minute)
	fmt.Println(clk.Now().Format(time.Kitchen))
	// Output: 1:30PM
}
