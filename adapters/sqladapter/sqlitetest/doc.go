// Package sqlitetest holds the tests of gatehouse's SQL paths that need a
// SQLite driver, in a module of its own so that the core module
// (github.com/gatehouse-go/gatehouse) does not require modernc.org/sqlite:
// an application that stores its users in PostgreSQL should not download
// or be audited for a SQLite engine.
//
// The package has no code. Its tests are:
//
//   - the SQL adapter's conformance, behaviour, compatibility, fault and
//     migration tests and its benchmarks, on every backend (SQLite in
//     memory and in a file, PostgreSQL, MariaDB): they share one table of
//     backends, so they stay together;
//   - the runnable examples of sqladapter and adapters.Default on SQLite;
//   - the sign-in flows whose SQLite behaviour matters (concurrent use of
//     one email link, concurrent first OAuth sign-ins) and the
//     Config.Database URL form, on a SQLite file through gatehouse's public
//     API; the core package runs the same flows on PostgreSQL and MariaDB.
//
// Run them from the repository root with the workspace:
//
//	go test ./adapters/sqladapter/sqlitetest
package sqlitetest
