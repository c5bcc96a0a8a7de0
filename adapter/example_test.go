package adapter_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// lookup shows how callers tell a missing row from a failure.
func lookup(ctx context.Context, users adapter.UserStore, email string) {
	u, err := users.GetUserByEmail(ctx, email)
	switch {
	case errors.Is(err, adapter.ErrNotFound):
		fmt.Println("no user with that email")
	case err != nil:
		fmt.Println("storage failed:", err)
	default:
		fmt.Println("found", u.Name)
	}
}

// notFoundStore is the smallest UserStore for the example: it knows no users.
type notFoundStore struct{ adapter.UserStore }

func (notFoundStore) GetUserByEmail(context.Context, string) (*adapter.User, error) {
	return nil, fmt.Errorf("example store: %w", adapter.ErrNotFound)
}

func Example_errors() {
	lookup(context.Background(), notFoundStore{}, "fill@murray.com")
	// Output: no user with that email
}
