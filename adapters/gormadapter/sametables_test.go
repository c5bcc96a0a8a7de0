package gormadapter_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/gatehouse-go/gatehouse/adapters/gormadapter"
)

// describe lists the tables, columns (type, nullability, default) and
// indexes of the current database/schema, one line each, sorted.
func describe(t *testing.T, db *gorm.DB, backend string) []string {
	t.Helper()
	var q string
	switch backend {
	case "sqlite":
		q = `SELECT m.name || '.' || p.name || ' ' || p.type || ' notnull=' || p."notnull" || ' default=' || coalesce(p.dflt_value, '') || ' pk=' || p.pk
FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
UNION ALL SELECT 'index ' || name || ' ' || coalesce(sql, '') FROM sqlite_master WHERE type = 'index'`
	case "postgres":
		q = `SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' default=' || coalesce(column_default, '')
FROM information_schema.columns WHERE table_schema = current_schema()
UNION ALL SELECT 'index ' || replace(indexdef, current_schema() || '.', '') FROM pg_indexes WHERE schemaname = current_schema()`
	default:
		q = `SELECT CONCAT(table_name, '.', column_name, ' ', column_type, ' ', is_nullable, ' default=', coalesce(column_default, ''), ' ', coalesce(collation_name, ''))
FROM information_schema.columns WHERE table_schema = DATABASE()
UNION ALL SELECT CONCAT('index ', table_name, '.', index_name, ' ', column_name, ' ', seq_in_index, ' ', non_unique)
FROM information_schema.statistics WHERE table_schema = DATABASE()`
	}
	var out []string
	if err := db.Raw(q).Scan(&out).Error; err != nil {
		t.Fatalf("describe: %v", err)
	}
	slices.Sort(out)
	return out
}

// TestAutoMigrateSameTables checks that AutoMigrate creates exactly the
// tables, columns, types, defaults and indexes sqladapter's Synchronize
// creates for the same layout.
func TestAutoMigrateSameTables(t *testing.T) {
	for _, b := range backends {
		for _, l := range layouts {
			t.Run(b.name+"/"+l.name, func(t *testing.T) {
				gdb := b.open(t)
				opts := l.gorm
				opts.AutoMigrate = true
				openAdapter(t, gdb, opts)
				sdb := b.open(t)
				cfg := l.sql
				cfg.Synchronize = true
				openSQL(t, sdb, b.sqlType, cfg)
				g, s := describe(t, gdb, b.name), describe(t, sdb, b.name)
				if len(g) < 10 {
					t.Fatalf("describe found too little: %v", g)
				}
				if d := diff(g, s); d != "" {
					t.Errorf("AutoMigrate and Synchronize differ (- gormadapter, + sqladapter):\n%s", d)
				}
				// A second AutoMigrate is a no-op.
				a := gormadapter.New(gdb, opts)
				if err := a.Migrate(t.Context()); err != nil {
					t.Fatal(err)
				}
				if d := diff(g, describe(t, gdb, b.name)); d != "" {
					t.Errorf("a second Migrate changed the database:\n%s", d)
				}
			})
		}
	}
}

func diff(a, b []string) string {
	var sb strings.Builder
	for _, x := range a {
		if !slices.Contains(b, x) {
			fmt.Fprintf(&sb, "- %s\n", x)
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			fmt.Fprintf(&sb, "+ %s\n", x)
		}
	}
	return sb.String()
}
