// Package sqlrow holds what sqladapter and gormadapter must do identically:
// encoding Go values as column arguments (times, optional strings, extra
// fields, account rows, automatic columns), recognising driver errors
// (unique and foreign key violations, missing tables and columns) without
// importing any driver, and the SQL that deletes expired rows. Keeping it in
// one place is what lets the two adapters share a database: each reads what
// the other wrote.
package sqlrow
