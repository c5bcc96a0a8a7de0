// Package sqladapter is gatehouse's default adapter: it stores users,
// accounts, sessions, verification tokens and passkeys in SQLite,
// PostgreSQL (and CockroachDB) or MySQL/MariaDB through database/sql.
//
// Like NextAuth.js v3's default adapter, it works "without any further
// configuration: you simply add the database driver you want to use". The
// package imports no driver; import one of
//
//	_ "modernc.org/sqlite"              // "sqlite", pure Go, embedded
//	_ "github.com/jackc/pgx/v5/stdlib"  // "pgx", PostgreSQL
//	_ "github.com/go-sql-driver/mysql"  // "mysql", MySQL and MariaDB
//
// and configure the adapter with a URL or a Config, which are equivalent:
//
//	sqladapter.New(sqladapter.Config{URL: "sqlite::memory:?synchronize=true"})
//	sqladapter.New(sqladapter.Config{Type: "sqlite", Database: ":memory:", Synchronize: true})
//
// The tables follow a schema preset of package schema (gatehouse's own
// "default", or "nextauth-v3", "authjs", "authjs-prisma" to share a database
// with NextAuth.js or Auth.js), with any table or column renamed and extra
// user columns added. Synchronize creates what is missing at start-up and
// never drops anything; without it, Init checks the tables and reports a
// missing one by name together with the command that creates it. Plan
// prints the SQL Migrate would run.
//
// Every query is parameterised; configured names are quoted. Reading a
// session and its user is one JOIN; using a verification token is atomic
// (DELETE ... RETURNING, or SELECT ... FOR UPDATE and DELETE in a
// transaction on MySQL); unique violations of every driver are
// adapter.ErrConflict; DeleteUser removes the user's rows in one
// transaction. Times are stored in UTC with millisecond precision.
package sqladapter
