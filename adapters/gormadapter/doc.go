// Package gormadapter stores gatehouse's users, accounts, sessions and
// verification tokens through an application's own *gorm.DB: the Go
// counterpart of NextAuth.js's Prisma adapter. The application keeps using
// its *gorm.DB for its own models; the adapter only touches the tables of
// its schema.
//
// Table and column names, column types and the layouts (presets) come from
// package schema, the description shared with sqladapter and `gatehouse
// migrate`, so the three agree on every preset: a database created by one
// is read and written by the others.
//
// Model mapping renames tables the way the seed's modelMapping does, keyed
// by the seed's model names, and merges a partial map with the preset's
// names (the original replaced the whole map):
//
//	gormadapter.New(db, gormadapter.Options{
//		Preset: "nextauth-v3",
//		ModelMapping: map[string]string{
//			"Account":             "providerAccount",
//			"VerificationRequest": "verification",
//		},
//	})
//
// Fields renames columns ("user.email_verified" → "verified_at"), and
// UserModel declares application user fields with a struct that embeds
// User:
//
//	type AppUser struct {
//		gormadapter.User
//		Role  string
//		Phone *string
//	}
//
// Those fields round-trip through adapter.User.Extra under their column
// names ("role", "phone") and are written by CreateUser and UpdateUser.
//
// AutoMigrate (off by default) creates missing tables, columns and indexes
// with the same DDL as sqladapter's Synchronize; it never drops or alters
// anything.
//
// Every query is one statement built once from the schema and run through
// GORM (placeholders rebound by the dialect, errors translated), so
// GetSessionAndUser is a single JOIN and UseVerificationToken is a single
// DELETE … RETURNING on PostgreSQL and SQLite, and a SELECT … FOR UPDATE
// plus DELETE in one transaction on MySQL/MariaDB.
package gormadapter
