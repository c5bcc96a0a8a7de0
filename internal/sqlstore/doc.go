// Package sqlstore is the one implementation of the adapter contract in SQL
// that sqladapter (database/sql) and gormadapter (an application's
// *gorm.DB) share: it builds every statement from an adapter/schema
// description once, runs it on an Executor and maps the rows to the
// contract's model types. What differs between the two adapters is given
// to it: how placeholders are written (Config.Rebind), how errors are
// classified (Config.Classify), how times come back (Config.WallClock) and
// how statements run and transactions begin (the Conn each call gets).
//
// # Rows of a missing user
//
// LinkAccount, CreateSession and CreateAuthenticator insert a row only if
// its user exists, checked in the INSERT itself (INSERT … SELECT … WHERE
// EXISTS (SELECT 1 FROM users WHERE id = ?)), so they stay one statement;
// no row inserted is adapter.ErrNotFound. Where the row's table has a
// foreign key to users, a user deleted between the check and the insert is
// caught by the key too (also adapter.ErrNotFound). On layouts without one
// (the nextauth-v3 preset, GORM's v3 mapping) a narrow race
// remains on PostgreSQL: the check reads the user in the statement's
// snapshot, so an insert running concurrently with a DeleteUser of that
// user can commit just after DeleteUser removed the user's rows, leaving an
// orphan row under an id no user has any more; it signs no one in
// (GetSessionAndUser and GetUserByAccount join users), and DeleteExpired
// removes an orphan session once it expires. SQLite runs one writer at a time, and MySQL/MariaDB
// InnoDB at its default REPEATABLE READ level locks the user row that
// INSERT … SELECT reads, so there the insert and the delete are ordered.
// A foreign key (schema.Column's References) closes the race everywhere.
package sqlstore
