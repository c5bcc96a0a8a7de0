package sqladapter_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL driver, registered as "pgx"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

// An application imports the driver for its database and opens the adapter
// on a URL. (This example needs a PostgreSQL server, so it is not run; the
// same on SQLite, with its output, is in the sqlitetest module.)
func Example() {
	ctx := context.Background()
	// DATABASE_URL=postgres://user:pass@db:5432/app; ?synchronize=true
	// creates missing tables, columns and indexes, like `gatehouse migrate`.
	a, err := sqladapter.Open(ctx, sqladapter.Config{URL: os.Getenv("DATABASE_URL"), Synchronize: true})
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()

	u, err := a.CreateUser(ctx, &adapter.User{Name: "Fill Murray", Email: "fill@murray.com"})
	if errors.Is(err, adapter.ErrConflict) {
		log.Fatal("a user with this email exists")
	}
	if err != nil {
		log.Fatal(err)
	}
	_ = a.CreateSession(ctx, &adapter.Session{SessionToken: "token-hash", UserID: u.ID, Expires: time.Now().Add(time.Hour)})
	_, user, err := a.GetSessionAndUser(ctx, "token-hash")
	fmt.Println(user.Name, err)
}

// A driver the program does not import is reported by Init (and every
// method), naming the import that registers it.
func ExampleNew_missingDriver() {
	a := sqladapter.New(sqladapter.Config{URL: "sqlite:app.db"})
	fmt.Println(a.Init(context.Background()))
	// Output: sqladapter: no driver "sqlite" registered: add import _ "modernc.org/sqlite"
}

func ExampleParseURL() {
	cfg, err := sqladapter.ParseURL("postgres://auth:secret@db.internal:5432/app?synchronize=true&schema=authjs&entityPrefix=nextauth_&sslmode=require")
	fmt.Println(cfg.Type, cfg.Host, cfg.Port, cfg.Database, cfg.Synchronize, cfg.Preset, cfg.TablePrefix, cfg.Params, err)
	// Output: postgres db.internal 5432 app true authjs nextauth_ map[sslmode:require] <nil>
}
