package adapter_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
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

// logged is a wrapper: it counts sign-outs and passes everything else,
// optional capabilities included, on to the adapter it wraps.
type logged struct {
	adapter.Adapter
	deleted int
}

func (l *logged) DeleteSession(ctx context.Context, token string) error {
	l.deleted++
	return l.Adapter.DeleteSession(ctx, token)
}

// Unwrap makes the wrapped adapter's capabilities visible to adapter.As.
func (l *logged) Unwrap() adapter.Adapter { return l.Adapter }

func ExampleAs() {
	a := &logged{Adapter: memory.New()}

	// A type assertion sees only the wrapper's own methods...
	_, isTx := adapter.Adapter(a).(adapter.Transactor)
	// ...adapter.As looks through it.
	tx, ok := adapter.As[adapter.Transactor](a)
	fmt.Println(isTx, ok)

	err := tx.InTx(context.Background(), func(tx adapter.Adapter) error {
		_, err := tx.CreateUser(context.Background(), &adapter.User{Email: "fill@murray.com"})
		return err
	})
	u, _ := a.GetUserByEmail(context.Background(), "fill@murray.com")
	fmt.Println(err, u.Email)

	_, ok = adapter.As[adapter.Migrator](a)
	fmt.Println("migrator:", ok)
	// Output:
	// false true
	// <nil> fill@murray.com
	// migrator: false
}
