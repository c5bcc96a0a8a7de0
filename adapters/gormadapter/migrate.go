package gormadapter

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/internal/sqlstore"
)

// columns returns the names of the table's columns, or nil when the table
// does not exist, using GORM's migrator for the dialect.
func columns(db *gorm.DB, table string) (map[string]bool, error) {
	m := db.Migrator()
	if !m.HasTable(table) {
		return nil, nil
	}
	cts, err := m.ColumnTypes(table)
	if err != nil {
		return nil, fmt.Errorf("gormadapter: read the columns of table %q: %w", table, err)
	}
	out := make(map[string]bool, len(cts))
	for _, ct := range cts {
		out[ct.Name()] = true
	}
	return out, nil
}

// existing is what the database has of the schema's tables, read with
// GORM's migrator for the dialect: a sqlstore.Existing.
type existing struct{ db *gorm.DB }

// Columns returns the table's columns, or nil if it does not exist.
func (e existing) Columns(table string) (map[string]bool, error) { return columns(e.db, table) }

// HasIndex reports whether the table has an index with the name.
func (e existing) HasIndex(table, name string, _ []string, _ bool) (bool, error) {
	return e.db.Migrator().HasIndex(table, name), nil
}

// plan returns the DDL that brings the database up to the schema: missing
// tables with their indexes, missing columns, missing indexes (by name).
// The statements are package schema's, exactly those sqladapter runs.
func (st *state) plan(db *gorm.DB) ([]string, error) {
	return sqlstore.Plan(st.d, st.full, existing{db})
}

// migrate runs the plan: in one transaction on PostgreSQL; MySQL and SQLite
// commit DDL statement by statement, and a rerun continues where a failure
// stopped.
func (st *state) migrate(ctx context.Context) error {
	run := func(db *gorm.DB) error {
		stmts, err := st.plan(db)
		if err != nil {
			return err
		}
		for _, q := range stmts {
			if err := db.Exec(q).Error; err != nil {
				return fmt.Errorf("gormadapter: migrate: %w\n  while running: %s", err, q)
			}
		}
		return nil
	}
	db := st.db.WithContext(ctx)
	if st.d == schema.Postgres {
		return db.Transaction(run)
	}
	return run(db)
}

// check compares the database with the configured schema and returns the
// effective schema: missing Optional columns are removed; a missing table
// or required column is an error naming it and the fix.
func (st *state) check(ctx context.Context) (*schema.Schema, error) {
	eff, missing, err := sqlstore.Check(st.full, existing{st.db.WithContext(ctx)})
	if err != nil {
		return nil, err
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("gormadapter: the %s database does not match the %s schema: %s; create what is missing with %s",
			st.d, st.full.Name, strings.Join(missing, "; "), migrateHint)
	}
	return eff, nil
}

const migrateHint = "Options.AutoMigrate, Adapter.Migrate or `gatehouse migrate`"

// redacting wraps the application's GORM logger so that the SQL it logs for
// the adapter's statements carries placeholders, not values: tokens and
// email addresses stay out of logs.
type redacting struct{ logger.Interface }

// LogMode keeps the wrapper around the new mode's logger.
func (r redacting) LogMode(l logger.LogLevel) logger.Interface {
	return redacting{r.Interface.LogMode(l)}
}

// ParamsFilter drops the statement's values from the logged SQL.
func (redacting) ParamsFilter(_ context.Context, sql string, _ ...any) (string, []any) {
	return sql, nil
}
