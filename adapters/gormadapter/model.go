package gormadapter

import "time"

// User is the base user model, for embedding in an application's own user
// struct (Options.UserModel). Its fields are the base properties every
// preset has; the seed's rule holds: add properties, do not change these.
// The adapter reads the embedding struct's other fields to learn the extra
// columns; the tags below give the "default" preset's column names, so an
// application on that preset can also query the users table with its
// struct through GORM.
type User struct {
	// ID is the user's id (text ids on the default preset).
	ID string `gorm:"primaryKey;column:id"`
	// Name is the display name, NULL when none.
	Name *string `gorm:"column:name"`
	// Email is the unique email address, NULL when none.
	Email *string `gorm:"column:email"`
	// EmailVerified is when the address was verified, NULL when never.
	EmailVerified *time.Time `gorm:"column:email_verified"`
	// Image is the avatar URL, NULL when none.
	Image *string `gorm:"column:image"`
	// CreatedAt is when the row was inserted.
	CreatedAt time.Time `gorm:"column:created_at"`
	// UpdatedAt is when the row was last written.
	UpdatedAt time.Time `gorm:"column:updated_at"`
}
