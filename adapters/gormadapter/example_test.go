package gormadapter_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/gormadapter"
)

// The application opens GORM as usual and hands its *gorm.DB to the
// adapter, renaming two models as NextAuth.js v3's modelMapping example does and
// adding its own user fields.
func Example() {
	dir, err := os.MkdirTemp("", "gormadapter-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := gorm.Open(sqlite.Open(filepath.Join(dir, "app.db")), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		log.Fatal(err)
	}

	type AppUser struct {
		gormadapter.User
		Role  string
		Phone *string
	}
	ctx := context.Background()
	a, err := gormadapter.Open(ctx, db, gormadapter.Options{
		Preset: "nextauth-v3", // the Prisma schema of NextAuth.js v3's adapter docs
		ModelMapping: map[string]string{
			"Account":             "providerAccount",
			"VerificationRequest": "verification",
		},
		UserModel:   AppUser{},
		AutoMigrate: true,
	})
	if err != nil {
		log.Fatal(err)
	}
	u, err := a.CreateUser(ctx, &adapter.User{Email: "ada@example.com", Extra: map[string]any{"role": "admin"}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.ID, u.Email, u.Extra["role"])

	var tables []string
	db.Raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").Scan(&tables)
	fmt.Println(tables)
	// Output:
	// 1 ada@example.com admin
	// [providerAccount sessions users verification]
}
