package sqladapter

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/internal/sqlstore"
)

// tableInfo is what the database has of one table.
type tableInfo struct {
	cols    map[string]bool
	indexes []indexInfo
	fks     []string // "column\x01referenced table" (PostgreSQL, MySQL)
}

type indexInfo struct {
	name   string
	cols   []string
	unique bool
}

// inspected is what the database has of the schema's tables: a table
// missing from it does not exist. It is a sqlstore.Existing.
type inspected map[string]*tableInfo

// Columns returns the table's columns, or nil if it does not exist.
func (in inspected) Columns(table string) (map[string]bool, error) {
	if ti := in[table]; ti != nil {
		return ti.cols, nil
	}
	return nil, nil
}

// HasIndex reports whether the table has an index with the name, or with
// the same columns (and uniqueness, if wanted).
func (in inspected) HasIndex(table, name string, cols []string, unique bool) (bool, error) {
	ti := in[table]
	return ti != nil && ti.hasIndex(name, cols, unique), nil
}

// HasForeignKey reports whether column of table references refTable (it
// makes inspected a sqlstore.ForeignKeys).
func (in inspected) HasForeignKey(table, column, refTable string) (bool, error) {
	ti := in[table]
	return ti != nil && slices.Contains(ti.fks, column+"\x01"+refTable), nil
}

// inspect reads the columns, indexes and foreign keys of the schema's
// tables that exist.
func (st *state) inspect(ctx context.Context, s *schema.Schema) (inspected, error) {
	out := inspected{}
	for _, t := range s.Tables() {
		name := s.TableName(t)
		cols, err := st.strings(ctx, st.columnsQuery(), name)
		if err != nil {
			return nil, fmt.Errorf("sqladapter: inspect table %q: %w", name, err)
		}
		if len(cols) == 0 {
			continue
		}
		ti := &tableInfo{cols: map[string]bool{}}
		for _, c := range cols {
			ti.cols[c] = true
		}
		if ti.indexes, err = st.indexes(ctx, name); err != nil {
			return nil, fmt.Errorf("sqladapter: inspect indexes of %q: %w", name, err)
		}
		if q := st.foreignKeysQuery(); q != "" {
			if ti.fks, err = st.strings(ctx, q, name); err != nil {
				return nil, fmt.Errorf("sqladapter: inspect foreign keys of %q: %w", name, err)
			}
		}
		out[name] = ti
	}
	return out, nil
}

// foreignKeysQuery lists a table's single-column foreign keys as
// "column\x01referenced table"; "" on SQLite, where Plan adds none.
func (st *state) foreignKeysQuery() string {
	switch st.d {
	case schema.Postgres:
		return `SELECT a.attname || chr(1) || f.relname FROM pg_constraint k
JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_class f ON f.oid = k.confrelid
JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
WHERE n.nspname = current_schema() AND t.relname = $1 AND k.contype = 'f' AND cardinality(k.conkey) = 1`
	case schema.MySQL:
		return "SELECT CONCAT(column_name, CHAR(1), referenced_table_name) FROM information_schema.key_column_usage WHERE table_schema = DATABASE() AND table_name = ? AND referenced_table_name IS NOT NULL"
	}
	return ""
}

func (st *state) columnsQuery() string {
	switch st.d {
	case schema.Postgres:
		return "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1"
	case schema.MySQL:
		return "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?"
	}
	return "SELECT name FROM pragma_table_info(?)"
}

func (st *state) strings(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := st.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s sql.NullString
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s.String)
	}
	return out, rows.Err()
}

func (st *state) indexes(ctx context.Context, table string) ([]indexInfo, error) {
	var q string
	switch st.d {
	case schema.Postgres:
		q = `SELECT i.relname, a.attname, x.indisunique FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(x.indkey)
WHERE n.nspname = current_schema() AND t.relname = $1 ORDER BY i.relname, array_position(x.indkey::int2[], a.attnum)`
	case schema.MySQL:
		q = "SELECT index_name, column_name, non_unique = 0 FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ? ORDER BY index_name, seq_in_index"
	default:
		q = `SELECT il.name, ii.name, il."unique" FROM pragma_index_list(?) il, pragma_index_info(il.name) ii ORDER BY il.name, ii.seqno`
	}
	rows, err := st.db.QueryContext(ctx, q, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []indexInfo
	for rows.Next() {
		var name, col sql.NullString
		var uniq sql.NullBool
		if err := rows.Scan(&name, &col, &uniq); err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].name == name.String {
			out[n-1].cols = append(out[n-1].cols, col.String)
			continue
		}
		out = append(out, indexInfo{name: name.String, cols: []string{col.String}, unique: uniq.Bool})
	}
	return out, rows.Err()
}

// hasIndex reports whether an index with the name, or with the same columns
// (and uniqueness, if wanted), exists.
func (ti *tableInfo) hasIndex(name string, cols []string, unique bool) bool {
	for _, ix := range ti.indexes {
		if strings.EqualFold(ix.name, name) {
			return true
		}
		if (ix.unique || !unique) && sameSet(ix.cols, cols) {
			return true
		}
	}
	return false
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// plan returns the statements that bring the database up to the schema:
// missing tables (with their indexes), missing columns, missing indexes.
func (st *state) plan(ctx context.Context) ([]string, error) {
	info, err := st.inspect(ctx, st.full)
	if err != nil {
		return nil, err
	}
	return sqlstore.Plan(st.d, st.full, info)
}

// migrate runs the plan. On PostgreSQL it runs in one transaction; MySQL
// and SQLite commit DDL statement by statement, and a rerun continues where
// a failure stopped.
func (st *state) migrate(ctx context.Context) error {
	stmts, err := st.plan(ctx)
	if err != nil {
		return err
	}
	if len(stmts) == 0 {
		return nil
	}
	if st.d == schema.Postgres {
		tx, err := st.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("sqladapter: migrate: %w", err)
		}
		defer tx.Rollback()
		for _, q := range stmts {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("sqladapter: migrate: %w\n  while running: %s", err, q)
			}
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("sqladapter: migrate: commit: %w", err)
		}
		return nil
	}
	for _, q := range stmts {
		if _, err := st.db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sqladapter: migrate: %w\n  while running: %s", err, q)
		}
	}
	return nil
}

// check compares the database with the configured schema. A missing table
// or required column is an error naming it and the command that creates it;
// missing Optional columns are dropped from the returned (effective) schema.
// Missing indexes are not checked here (Plan lists them).
func (st *state) check(ctx context.Context) (*schema.Schema, error) {
	info, err := st.inspect(ctx, st.full)
	if err != nil {
		return nil, err
	}
	eff, missing, err := sqlstore.Check(st.full, info)
	if err != nil {
		return nil, err
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("sqladapter: %s does not match the %s schema: %s; create what is missing with %s",
			st.where, st.full.Name, strings.Join(missing, "; "), st.migrateHint())
	}
	return eff, nil
}

// Plan returns the SQL statements Migrate would run now: the tables,
// columns and indexes of the schema that the database lacks. An empty plan
// means the database is up to date. Plan connects but changes nothing.
func (a *Adapter) Plan(ctx context.Context) ([]string, error) {
	if a.cfgErr != nil {
		return nil, a.cfgErr
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	base, err := a.open(ctx)
	if err != nil {
		return nil, err
	}
	return base.plan(ctx)
}

// Migrate implements adapter.Migrator: it creates the missing tables,
// columns and indexes of the schema, and on PostgreSQL and MySQL the
// missing foreign keys (ON DELETE CASCADE; adding one fails while a row
// points at a deleted user). It never drops or changes a column or index
// that exists, and running it twice is a no-op. It works before Init, so a
// database can be created without Synchronize.
func (a *Adapter) Migrate(ctx context.Context) error {
	if a.cfgErr != nil {
		return a.cfgErr
	}
	if a.tx != nil {
		return errors.New("sqladapter: Migrate cannot run inside InTx")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	base, err := a.open(ctx)
	if err != nil {
		return err
	}
	if err := base.migrate(ctx); err != nil {
		return err
	}
	if cur := a.st.Load(); cur != nil {
		// Columns added now may have been Optional and dropped at Init.
		eff, err := cur.check(ctx)
		if err != nil {
			return err
		}
		next := *cur
		next.s = eff
		if next.store, err = next.newStore(); err != nil {
			return err
		}
		a.st.Store(&next)
	}
	return nil
}
