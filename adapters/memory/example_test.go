package memory_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
)

func Example() {
	ctx := context.Background()
	store := memory.New()

	u, err := store.CreateUser(ctx, &adapter.User{Name: "Fill Murray", Email: "fill@murray.com"})
	if err != nil {
		fmt.Println("create:", err)
		return
	}
	_ = store.LinkAccount(ctx, &adapter.Account{UserID: u.ID, Type: "oauth", Provider: "github", ProviderAccountID: "1234"})

	byAccount, _ := store.GetUserByAccount(ctx, "github", "1234")
	fmt.Println(byAccount.Name, byAccount.ID == u.ID)

	_, err = store.CreateUser(ctx, &adapter.User{Email: "fill@murray.com"})
	fmt.Println("same email again is a conflict:", errors.Is(err, adapter.ErrConflict))

	_ = store.CreateVerificationToken(ctx, &adapter.VerificationToken{Identifier: "fill@murray.com", Token: "hashed", Expires: time.Now().Add(time.Hour)})
	_, err = store.UseVerificationToken(ctx, "fill@murray.com", "hashed")
	fmt.Println("first use:", err)
	_, err = store.UseVerificationToken(ctx, "fill@murray.com", "hashed")
	fmt.Println("second use is not found:", errors.Is(err, adapter.ErrNotFound))
	// Output:
	// Fill Murray true
	// same email again is a conflict: true
	// first use: <nil>
	// second use is not found: true
}

// ExampleAdapter_InTx shows that a failed transaction leaves nothing behind.
func ExampleAdapter_InTx() {
	ctx := context.Background()
	store := memory.New()
	err := store.InTx(ctx, func(tx adapter.Adapter) error {
		if _, err := tx.CreateUser(ctx, &adapter.User{Email: "orphan@example.com"}); err != nil {
			return err
		}
		return errors.New("linking the account failed")
	})
	fmt.Println(err)
	_, err = store.GetUserByEmail(ctx, "orphan@example.com")
	fmt.Println("rolled back:", errors.Is(err, adapter.ErrNotFound))
	// Output:
	// linking the account failed
	// rolled back: true
}
