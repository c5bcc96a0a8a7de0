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
// Model mapping renames tables the way NextAuth.js v3's modelMapping does, keyed
// by NextAuth.js v3's model names, and merges a partial map with the preset's
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
// anything. It finds what exists with GORM's Migrator (HasTable,
// ColumnTypes, and HasIndex by the schema's index names).
//
// Every call is SQL text built once from the schema at Init (identifiers
// quoted, values always parameters) and run through the application's GORM
// (its dialector rebinds the placeholders, its callbacks, logger and
// transactions apply). GetSessionAndUser is a single JOIN;
// UseVerificationToken is a single DELETE … RETURNING on PostgreSQL and
// SQLite and a SELECT … FOR UPDATE plus DELETE in one transaction on
// MySQL/MariaDB; DeleteUser removes the user's rows in one transaction.
// InTx (adapter.Transactor) runs several calls in one GORM transaction.
// Unique clashes are adapter.ErrConflict whether or not the *gorm.DB has
// TranslateError set. The SQL the application's GORM logger prints for the
// adapter carries placeholders, never tokens or addresses.
//
// Every statement goes through GORM, inserts into tables with
// database-generated integer ids on MySQL included (their id comes from the
// result GORM keeps with gorm.WithResult). The SQL itself, the same as
// sqladapter's, lives in one internal package both adapters share.
package gormadapter
