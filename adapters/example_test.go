package adapters_test

import (
	"context"
	"fmt"

	_ "modernc.org/sqlite"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

func ExampleDefault() {
	ctx := context.Background()
	a := adapters.Default(sqladapter.Config{Type: "sqlite", Database: ":memory:", Synchronize: true})
	if init, ok := adapter.As[adapter.Initializer](a); ok {
		fmt.Println(init.Init(ctx))
	}
	u, err := a.CreateUser(ctx, &adapter.User{Email: "fill@murray.com"})
	fmt.Println(u.Email, err)
	// Output:
	// <nil>
	// fill@murray.com <nil>
}
