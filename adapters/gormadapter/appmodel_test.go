package gormadapter_test

import (
	"errors"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/gormadapter"
)

// TestAppModelRoundTrip checks that the application's own user struct and
// gatehouse share the users table: fields the adapter writes from
// User.Extra are what the application reads with GORM, and the reverse.
func TestAppModelRoundTrip(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := t.Context()
			db := b.open(t)
			a := openAdapter(t, db, gormadapter.Options{UserModel: &AppUser{}, AutoMigrate: true})

			// gatehouse writes, the application reads its struct.
			u, err := a.CreateUser(ctx, &adapter.User{Email: "ann@example.com", Name: "Ann",
				Extra: map[string]any{"role": "admin", "phone": "+44 20 7946 0000"}})
			if err != nil {
				t.Fatal(err)
			}
			if u.Extra["role"] != "admin" || u.Extra["phone"] != "+44 20 7946 0000" {
				t.Fatalf("CreateUser returned Extra %v", u.Extra)
			}
			var app AppUser
			if err := db.Table("users").Where("id = ?", u.ID).Take(&app).Error; err != nil {
				t.Fatalf("the application reads its user: %v", err)
			}
			if app.Role != "admin" || app.Phone == nil || *app.Phone != "+44 20 7946 0000" || app.Email == nil || *app.Email != "ann@example.com" {
				t.Fatalf("the application read %+v (phone %v)", app, app.Phone)
			}

			// The application writes with its struct, gatehouse reads Extra.
			phone := "00000000000"
			now := time.Now().UTC()
			email := "bob@example.com"
			bob := AppUser{User: gormadapter.User{ID: adapter.NewID(), Email: &email, CreatedAt: gormadapter.Time{Time: now}, UpdatedAt: gormadapter.Time{Time: now}}, Role: "editor", Phone: &phone}
			if err := db.Table("users").Create(&bob).Error; err != nil {
				t.Fatalf("the application creates a user: %v", err)
			}
			got, err := a.GetUserByEmail(ctx, "bob@example.com")
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != bob.ID || got.Extra["role"] != "editor" || got.Extra["phone"] != phone {
				t.Fatalf("gatehouse read %+v", got)
			}

			// A nil *string is NULL and absent from Extra; UpdateUser writes
			// only the Extra keys given.
			carl, err := a.CreateUser(ctx, &adapter.User{Email: "carl@example.com", Extra: map[string]any{"role": "viewer"}})
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := carl.Extra["phone"]; ok || carl.Extra["role"] != "viewer" {
				t.Fatalf("a user without phone has Extra %v", carl.Extra)
			}
			carl.Extra = map[string]any{"phone": "123"}
			if carl, err = a.UpdateUser(ctx, carl); err != nil {
				t.Fatal(err)
			}
			if carl.Extra["role"] != "viewer" || carl.Extra["phone"] != "123" {
				t.Fatalf("after UpdateUser with only phone, Extra is %v; want role kept", carl.Extra)
			}

			// A value of the wrong type is an error naming the field, and
			// nothing is written.
			_, err = a.CreateUser(ctx, &adapter.User{Email: "dan@example.com", Extra: map[string]any{"role": 42}})
			if err == nil || !containsAll(err.Error(), `"role"`, "int") {
				t.Fatalf("CreateUser with role 42: got %v, want an error naming the field and type", err)
			}
			if _, err := a.GetUserByEmail(ctx, "dan@example.com"); !errors.Is(err, adapter.ErrNotFound) {
				t.Fatalf("a rejected user was stored: %v", err)
			}
		})
	}
}
