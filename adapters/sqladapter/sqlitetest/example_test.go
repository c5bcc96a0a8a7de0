package sqlitetest_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	_ "modernc.org/sqlite" // the SQLite driver, registered as "sqlite"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

// Example_sqladapter opens the SQL adapter on an in-memory SQLite database:
// the package example of sqladapter, run here where the driver may be
// imported.
func Example_sqladapter() {
	ctx := context.Background()
	// Equivalent: sqladapter.Config{Type: "sqlite", Database: ":memory:", Synchronize: true}
	a, err := sqladapter.Open(ctx, sqladapter.Config{URL: "sqlite::memory:?synchronize=true"})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer a.Close()

	u, _ := a.CreateUser(ctx, &adapter.User{Name: "Fill Murray", Email: "fill@murray.com"})
	_ = a.LinkAccount(ctx, &adapter.Account{UserID: u.ID, Type: "oauth", Provider: "github", ProviderAccountID: "12345"})
	_ = a.CreateSession(ctx, &adapter.Session{SessionToken: "token-hash", UserID: u.ID, Expires: time.Now().Add(time.Hour)})

	_, user, err := a.GetSessionAndUser(ctx, "token-hash")
	fmt.Println(user.Name, err)
	_, err = a.CreateUser(ctx, &adapter.User{Email: "fill@murray.com"})
	fmt.Println(errors.Is(err, adapter.ErrConflict))
	// Output:
	// Fill Murray <nil>
	// true
}

// Example_plan shows sqladapter's Adapter.Plan: the SQL that Migrate (or
// `gatehouse migrate`) would run.
func Example_plan() {
	ctx := context.Background()
	a := sqladapter.New(sqladapter.Config{Type: "sqlite", Database: ":memory:", Preset: "authjs"})
	defer a.Close()
	fmt.Println(a.Init(ctx) != nil) // the tables do not exist yet
	plan, _ := a.Plan(ctx)
	fmt.Println(plan[0])
	_ = a.Migrate(ctx)
	plan, _ = a.Plan(ctx)
	fmt.Println(len(plan), a.Init(ctx))
	// Output:
	// true
	// CREATE TABLE IF NOT EXISTS "users" (
	//   "id" INTEGER PRIMARY KEY AUTOINCREMENT,
	//   "name" TEXT,
	//   "email" TEXT,
	//   "emailVerified" TEXT,
	//   "image" TEXT
	// )
	// 0 <nil>
}
