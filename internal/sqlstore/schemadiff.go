package sqlstore

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/adapter/schema"
)

// Existing is what a database has of a schema's tables, as an adapter reads
// it (information_schema and pragmas in sqladapter, GORM's migrator in
// gormadapter).
type Existing interface {
	// Columns returns the names of the table's columns, or nil if the
	// database has no such table.
	Columns(table string) (map[string]bool, error)
	// HasIndex reports whether the table has the index named name, or
	// one that serves as well.
	HasIndex(table, name string, cols []string, unique bool) (bool, error)
}

// ForeignKeys is an Existing that can also tell which columns are foreign
// keys. With it, Plan adds the foreign keys (ON DELETE CASCADE) of the
// schema that an existing PostgreSQL or MySQL table lacks, e.g. one made by
// a gatehouse whose preset did not declare them yet. SQLite cannot add a
// foreign key to a table.
type ForeignKeys interface {
	Existing
	// HasForeignKey reports whether column of table references refTable.
	HasForeignKey(table, column, refTable string) (bool, error)
}

// Plan returns the statements that bring a database with what ex reports
// up to s: each missing table with its indexes, then for each existing
// table its missing columns, indexes and (see ForeignKeys) foreign keys.
// Nothing is ever dropped or changed.
func Plan(d schema.Dialect, s *schema.Schema, ex Existing) ([]string, error) {
	var out []string
	for _, t := range s.Tables() {
		name := s.TableName(t)
		cols, err := ex.Columns(name)
		if err != nil {
			return nil, err
		}
		if cols == nil {
			out = append(out, s.CreateTable(d, t))
			for i := range t.Indexes {
				out = append(out, s.CreateIndex(d, t, &t.Indexes[i]))
			}
			continue
		}
		for i := range t.Columns {
			if !cols[t.Columns[i].Name] {
				out = append(out, s.AddColumn(d, t, &t.Columns[i]))
			}
		}
		for i := range t.Indexes {
			ix := &t.Indexes[i]
			has, err := ex.HasIndex(name, s.IndexName(t, ix), s.IndexColumns(t, ix), ix.Unique)
			if err != nil {
				return nil, err
			}
			if !has {
				out = append(out, s.CreateIndex(d, t, ix))
			}
		}
		fk, ok := ex.(ForeignKeys)
		if !ok || d == schema.SQLite || t == s.Users {
			continue
		}
		for i := range t.Columns {
			c := &t.Columns[i]
			if !c.References {
				continue
			}
			has, err := fk.HasForeignKey(name, c.Name, s.TableName(s.Users))
			if err != nil {
				return nil, err
			}
			if !has {
				out = append(out, s.AddForeignKey(d, t, c))
			}
		}
	}
	return out, nil
}

// Check compares what ex reports with s. It returns the effective schema,
// a copy of s without the Optional columns the database lacks, and a
// description of every table, id column and required column the database
// lacks (none: the database can be used). Indexes are not checked; Plan
// lists the missing ones.
func Check(s *schema.Schema, ex Existing) (eff *schema.Schema, missing []string, err error) {
	eff = s.Clone()
	for _, t := range eff.Tables() {
		name := eff.TableName(t)
		cols, err := ex.Columns(name)
		if err != nil {
			return nil, nil, err
		}
		if cols == nil {
			missing = append(missing, fmt.Sprintf("no table %q (the %s table)", name, t.Model))
			continue
		}
		if t.ID != schema.IDNone && !cols[t.IDName()] {
			missing = append(missing, fmt.Sprintf("table %q has no column %q (the id)", name, t.IDName()))
		}
		kept := t.Columns[:0]
		for _, c := range t.Columns {
			switch {
			case cols[c.Name]:
				kept = append(kept, c)
			case c.Optional:
			default:
				missing = append(missing, fmt.Sprintf("table %q has no column %q (field %s.%s)", name, c.Name, t.Model, c.Field))
			}
		}
		t.Columns = kept
	}
	return eff, missing, nil
}

// BaseSchema returns a copy of s, or if s is nil the named preset (see
// schema.Preset, whose error it returns), with prefix put before every
// table name: what the naming options of an adapter start from.
func BaseSchema(s *schema.Schema, preset, prefix string) (*schema.Schema, error) {
	if s != nil {
		s = s.Clone()
	} else {
		var err error
		if s, err = schema.Preset(preset); err != nil {
			return nil, err
		}
	}
	if prefix != "" {
		s.SetPrefix(prefix)
	}
	return s, nil
}
