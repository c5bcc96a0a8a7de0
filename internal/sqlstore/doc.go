// Package sqlstore is the one implementation of the adapter contract in SQL
// that sqladapter (database/sql) and gormadapter (an application's
// *gorm.DB) share: it builds every statement from an adapter/schema
// description once, runs it on an Executor and maps the rows to the
// contract's model types. What differs between the two adapters is given
// to it: how placeholders are written (Config.Rebind), how errors are
// classified (Config.Classify), how times come back (Config.WallClock) and
// how statements run and transactions begin (the Conn each call gets).
package sqlstore
