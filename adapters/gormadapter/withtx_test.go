package gormadapter_test

import (
	"errors"
	"testing"

	"gorm.io/gorm"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/gormadapter"
)

// Profile is an application table written in the same transaction as
// gatehouse's user.
type Profile struct {
	UserID string `gorm:"primaryKey"`
	Bio    string
}

// TestWithTx checks that gatehouse's writes join the application's GORM
// transaction: rolled back with it, committed with it.
func TestWithTx(t *testing.T) {
	errAbort := errors.New("abort")
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := t.Context()
			db := b.open(t)
			if err := db.AutoMigrate(&Profile{}); err != nil {
				t.Fatal(err)
			}
			a := openAdapter(t, db, gormadapter.Options{AutoMigrate: true})
			signUp := func(email string, fail bool) error {
				return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
					ta, err := a.WithTx(ctx, tx)
					if err != nil {
						return err
					}
					u, err := ta.CreateUser(ctx, &adapter.User{Email: email})
					if err != nil {
						return err
					}
					if err := ta.LinkAccount(ctx, &adapter.Account{UserID: u.ID, Type: "oauth", Provider: "gh", ProviderAccountID: email}); err != nil {
						return err
					}
					if err := tx.Create(&Profile{UserID: u.ID, Bio: "hi"}).Error; err != nil {
						return err
					}
					if fail {
						return errAbort
					}
					return nil
				})
			}
			if err := signUp("rolled@example.com", true); !errors.Is(err, errAbort) {
				t.Fatalf("signUp: %v", err)
			}
			if _, err := a.GetUserByEmail(ctx, "rolled@example.com"); !errors.Is(err, adapter.ErrNotFound) {
				t.Errorf("the user of a rolled-back transaction exists: %v", err)
			}
			if _, err := a.GetAccount(ctx, "gh", "rolled@example.com"); !errors.Is(err, adapter.ErrNotFound) {
				t.Errorf("the account of a rolled-back transaction exists: %v", err)
			}
			if err := signUp("kept@example.com", false); err != nil {
				t.Fatal(err)
			}
			u, err := a.GetUserByEmail(ctx, "kept@example.com")
			if err != nil {
				t.Fatalf("the user of a committed transaction: %v", err)
			}
			var p Profile
			if err := db.Where("user_id = ?", u.ID).Take(&p).Error; err != nil || p.Bio != "hi" {
				t.Fatalf("the application's row: %+v %v", p, err)
			}
			// DeleteUser inside the application's transaction uses it (no
			// nested transaction) and rolls back with it.
			err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
				ta, err := a.WithTx(ctx, tx)
				if err != nil {
					return err
				}
				if err := ta.DeleteUser(ctx, u.ID); err != nil {
					return err
				}
				return errAbort
			})
			if !errors.Is(err, errAbort) {
				t.Fatal(err)
			}
			if _, err := a.GetUser(ctx, u.ID); err != nil {
				t.Errorf("a DeleteUser rolled back with the application's transaction took effect: %v", err)
			}
		})
	}
}
