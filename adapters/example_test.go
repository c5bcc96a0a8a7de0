package adapters_test

import (
	"context"
	"fmt"

	"github.com/gatehouse-go/gatehouse/adapters"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

func ExampleDefault() {
	// The program imports the driver for its database; this one imports
	// none, so the adapter says which import registers the one it needs.
	a := adapters.Default(sqladapter.Config{URL: "postgres://auth@db.internal:5432/app?synchronize=true"})
	_, isSQL := a.(*sqladapter.Adapter)
	fmt.Println(isSQL)
	fmt.Println(a.(*sqladapter.Adapter).Init(context.Background()))
	// Output:
	// true
	// sqladapter: no driver "pgx" registered: add import _ "github.com/jackc/pgx/v5/stdlib"
}
