package gormadapter

import (
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/sqlstore"
)

// User is the base user model, for embedding in an application's own user
// struct (Options.UserModel). Its fields are the base properties every
// preset has; NextAuth.js v3's rule holds: add properties, do not change these.
// The adapter reads the embedding struct's other fields to learn the extra
// columns. The tags give the "default" preset's column names, so an
// application on that preset can also read and write the users table with
// its struct through GORM (db.Table("users")). CreatedAt and UpdatedAt are
// not filled in by GORM: set them when creating users yourself.
type User struct {
	// ID is the user's id (text ids on the default preset).
	ID string `gorm:"primaryKey;column:id"`
	// Name is the display name, NULL when none.
	Name *string `gorm:"column:name"`
	// Email is the unique email address, NULL when none.
	Email *string `gorm:"column:email"`
	// EmailVerified is when the address was verified, NULL when never.
	EmailVerified *Time `gorm:"column:email_verified"`
	// Image is the avatar URL, NULL when none.
	Image *string `gorm:"column:image"`
	// CreatedAt is when the row was inserted.
	CreatedAt Time `gorm:"column:created_at"`
	// UpdatedAt is when the row was last written.
	UpdatedAt Time `gorm:"column:updated_at"`
}

// Time is an instant stored in one of gatehouse's time columns. It reads
// every encoding the schemas use (TIMESTAMPTZ, DATETIME, ISO 8601 or
// TypeORM text on SQLite, Unix milliseconds) and writes UTC with
// millisecond precision.
type Time struct{ time.Time }

// Scan implements sql.Scanner.
func (t *Time) Scan(v any) error {
	tm, _, err := sqlstore.ScanTime(v)
	if err != nil {
		return fmt.Errorf("gormadapter: %w", err)
	}
	t.Time = tm
	return nil
}

// Value implements driver.Valuer.
func (t Time) Value() (driver.Value, error) {
	return t.Time.UTC().Truncate(time.Millisecond), nil
}
