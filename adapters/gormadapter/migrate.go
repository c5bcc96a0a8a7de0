package gormadapter

import (
	"context"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/gatehouse-go/gatehouse/adapter/schema"
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

// plan returns the DDL that brings the database up to the schema: missing
// tables with their indexes, missing columns, missing indexes (by name).
// The statements are package schema's, exactly those sqladapter runs.
func (st *state) plan(db *gorm.DB) ([]string, error) {
	s := st.full
	var out []string
	for _, t := range s.Tables() {
		name := s.TableName(t)
		cols, err := columns(db, name)
		if err != nil {
			return nil, err
		}
		if cols == nil {
			out = append(out, s.CreateTable(st.d, t))
			for i := range t.Indexes {
				out = append(out, s.CreateIndex(st.d, t, &t.Indexes[i]))
			}
			continue
		}
		for i := range t.Columns {
			if !cols[t.Columns[i].Name] {
				out = append(out, s.AddColumn(st.d, t, &t.Columns[i]))
			}
		}
		for i := range t.Indexes {
			ix := &t.Indexes[i]
			if !db.Migrator().HasIndex(name, s.IndexName(t, ix)) {
				out = append(out, s.CreateIndex(st.d, t, ix))
			}
		}
	}
	return out, nil
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
	s := st.full.Clone()
	db := st.db.WithContext(ctx)
	for _, t := range s.Tables() {
		name := s.TableName(t)
		cols, err := columns(db, name)
		if err != nil {
			return nil, err
		}
		if cols == nil {
			return nil, fmt.Errorf("gormadapter: the %s database has no table %q (the %s table of the %s schema); create it with %s",
				st.d, name, t.Model, s.Name, migrateHint)
		}
		if t.ID != schema.IDNone && !cols[t.IDName()] {
			return nil, fmt.Errorf("gormadapter: table %q has no column %q (the id); create it with %s", name, t.IDName(), migrateHint)
		}
		kept := t.Columns[:0]
		for _, c := range t.Columns {
			switch {
			case cols[c.Name]:
				kept = append(kept, c)
			case c.Optional:
			default:
				return nil, fmt.Errorf("gormadapter: table %q has no column %q (field %s.%s of the %s schema); add it with %s",
					name, c.Name, t.Model, c.Field, s.Name, migrateHint)
			}
		}
		t.Columns = kept
	}
	return s, nil
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
