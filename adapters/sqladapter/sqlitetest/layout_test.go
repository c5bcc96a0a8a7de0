package sqlitetest_test

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

// layout is what a database's tables promise, read back from the server's
// catalog: columns with type, nullability and default; primary keys and
// unique keys (constraints or unique indexes alike) as column sets;
// foreign keys with their ON DELETE rule; and the non-unique indexes.
type layout struct {
	Columns []string // "table.column type [not null] [default ...]"
	Keys    []string // "table primary|unique (col, ...)"
	Foreign []string // "table (col) -> table (col) on delete rule"
	Indexes []string // "table (col, ...)", non-unique
}

// pgLayout reads the layout of the current schema of a PostgreSQL database.
func pgLayout(t *testing.T, db *sql.DB) layout {
	t.Helper()
	var l layout
	l.Columns = queryStrings(t, db, `
SELECT c.table_name || '.' || c.column_name || ' ' ||
       CASE WHEN c.column_default LIKE 'nextval(%' THEN
              CASE c.data_type WHEN 'bigint' THEN 'bigserial' ELSE 'serial' END
            WHEN c.character_maximum_length IS NOT NULL THEN c.data_type || '(' || c.character_maximum_length || ')'
            WHEN c.datetime_precision IS NOT NULL AND c.data_type LIKE 'timestamp%' THEN c.data_type || '(' || c.datetime_precision || ')'
            ELSE c.data_type END ||
       CASE WHEN c.is_nullable = 'NO' THEN ' not null' ELSE '' END ||
       CASE WHEN c.column_default IS NOT NULL AND c.column_default NOT LIKE 'nextval(%' THEN ' default ' || lower(c.column_default) ELSE '' END
FROM information_schema.columns c
WHERE c.table_schema = current_schema()`)
	l.Keys = queryStrings(t, db, `
SELECT t.relname || CASE WHEN i.indisprimary THEN ' primary (' ELSE ' unique (' END ||
       (SELECT string_agg(a.attname, ', ' ORDER BY a.attname) FROM pg_attribute a
        WHERE a.attrelid = t.oid AND a.attnum = ANY(i.indkey)) || ')'
FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = current_schema() AND i.indisunique`)
	l.Indexes = queryStrings(t, db, `
SELECT t.relname || ' (' ||
       (SELECT string_agg(a.attname, ', ' ORDER BY array_position(i.indkey::int2[], a.attnum)) FROM pg_attribute a
        WHERE a.attrelid = t.oid AND a.attnum = ANY(i.indkey)) || ')'
FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = current_schema() AND NOT i.indisunique`)
	l.Foreign = queryStrings(t, db, `
SELECT t.relname || ' (' || a.attname || ') -> ' || r.relname || ' (' || ra.attname || ') on delete ' ||
       CASE c.confdeltype WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' WHEN 'r' THEN 'restrict' WHEN 'd' THEN 'set default' ELSE 'no action' END
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_class r ON r.oid = c.confrelid
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1]
WHERE c.contype = 'f' AND n.nspname = current_schema()`)
	return l
}

// myLayout reads the layout of the current database of a MySQL/MariaDB
// server.
func myLayout(t *testing.T, db *sql.DB) layout {
	t.Helper()
	var l layout
	l.Columns = queryStrings(t, db, `
SELECT CONCAT(table_name, '.', column_name, ' ', LOWER(column_type),
       IF(extra LIKE '%auto_increment%', ' auto_increment', ''),
       IF(is_nullable = 'NO', ' not null', ''),
       IF(column_default IS NOT NULL AND column_default <> 'NULL', CONCAT(' default ', LOWER(column_default)), ''))
FROM information_schema.columns WHERE table_schema = DATABASE()`)
	l.Keys = queryStrings(t, db, `
SELECT CONCAT(table_name, IF(index_name = 'PRIMARY', ' primary (', ' unique ('),
       GROUP_CONCAT(column_name ORDER BY column_name SEPARATOR ', '), ')')
FROM information_schema.statistics WHERE table_schema = DATABASE() AND non_unique = 0
GROUP BY table_name, index_name`)
	l.Indexes = queryStrings(t, db, `
SELECT CONCAT(s.table_name, ' (', GROUP_CONCAT(s.column_name ORDER BY s.seq_in_index SEPARATOR ', '), ')')
FROM information_schema.statistics s WHERE s.table_schema = DATABASE() AND s.non_unique = 1
AND NOT EXISTS (SELECT 1 FROM information_schema.key_column_usage k
  WHERE k.table_schema = s.table_schema AND k.table_name = s.table_name AND k.constraint_name = s.index_name
  AND k.referenced_table_name IS NOT NULL)
GROUP BY s.table_name, s.index_name`)
	l.Foreign = queryStrings(t, db, `
SELECT CONCAT(k.table_name, ' (', k.column_name, ') -> ', k.referenced_table_name, ' (', k.referenced_column_name, ') on delete ', LOWER(r.delete_rule))
FROM information_schema.key_column_usage k
JOIN information_schema.referential_constraints r ON r.constraint_schema = k.constraint_schema AND r.constraint_name = k.constraint_name
WHERE k.table_schema = DATABASE() AND k.referenced_table_name IS NOT NULL`)
	return l
}

func queryStrings(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// v3Additions are the Auth.js account fields gatehouse stores beside
// NextAuth.js v3's columns: nullable, ignored by v3, and optional in the
// preset (a v3 database without them works; Migrate adds them).
var v3Additions = map[string]string{
	"+id_token":      "accounts.id_token text",
	"+scope":         "accounts.scope text",
	"+session_state": "accounts.session_state text",
	"+token_type":    "accounts.token_type text",
}

// withoutKnown drops the known differences from missing and extra: a key
// "original line" with its preset line, or a key starting with "+" for a
// line only the preset has.
func withoutKnown(missing, extra []string, known map[string]string) ([]string, []string) {
	var m, e []string
	for _, s := range missing {
		if _, ok := known[s]; !ok {
			m = append(m, s)
		}
	}
	for _, s := range extra {
		found := false
		for _, v := range known {
			found = found || v == s
		}
		if !found {
			e = append(e, s)
		}
	}
	return m, e
}

// diff returns the lines only in a and only in b.
func diff(a, b []string) (onlyA, onlyB []string) {
	for _, s := range a {
		if !slices.Contains(b, s) {
			onlyA = append(onlyA, s)
		}
	}
	for _, s := range b {
		if !slices.Contains(a, s) {
			onlyB = append(onlyB, s)
		}
	}
	return onlyA, onlyB
}

// TestPresetLayouts creates each preset's tables with Migrate (what
// `gatehouse migrate --schema <preset>` runs) on an empty database and the
// original system's own DDL on another, and compares what the server's
// catalog says of both: every column (type, nullability, default), every
// primary and unique key, every foreign key with its ON DELETE rule. The
// only differences allowed are non-unique indexes gatehouse adds (listed
// in the log and in allowedExtra) or leaves out.
func TestPresetLayouts(t *testing.T) {
	tests := []struct {
		preset, backend, fixture string
		// allowedExtra are the non-unique indexes the preset adds that
		// the original does not have.
		allowedExtra []string
		// known are the deliberate differences, original line to the
		// preset's ("" when the preset adds a line), each explained.
		known map[string]string
	}{
		{preset: "authjs", backend: "postgres", fixture: "authjs-pg-schema.sql",
			allowedExtra: []string{"accounts (userId)", "sessions (userId)"}},
		{preset: "authjs-prisma", backend: "postgres", fixture: "authjs-prisma-postgres.sql",
			allowedExtra: []string{"Account (userId)", "Session (userId)"},
			known: map[string]string{
				// gatehouse keeps users without an email (credentials, OAuth
				// services that share none); Auth.js's Prisma schema
				// requires one. Auth.js works on the nullable column.
				"User.email text not null": "User.email text",
				// The WebAuthn signature counter is an unsigned 32-bit
				// number, past INTEGER's range; BIGINT holds it.
				"Authenticator.counter integer not null": "Authenticator.counter bigint not null",
				// Unix seconds past 2038 need BIGINT.
				"Account.expires_at integer": "Account.expires_at bigint",
				// Prisma's client sets @updatedAt; gatehouse's writes rely
				// on the default.
				"Account.updatedAt timestamp without time zone(3) not null": "Account.updatedAt timestamp without time zone(3) not null default current_timestamp",
				"Session.updatedAt timestamp without time zone(3) not null": "Session.updatedAt timestamp without time zone(3) not null default current_timestamp",
				"User.updatedAt timestamp without time zone(3) not null":    "User.updatedAt timestamp without time zone(3) not null default current_timestamp",
				// sessionToken is unique and not null in both; gatehouse
				// makes it the primary key, Prisma a unique index.
				"Session unique (sessionToken)": "Session primary (sessionToken)",
			}},
		{preset: "nextauth-v3", backend: "postgres", fixture: "nextauth-v3-postgres.sql", known: v3Additions},
		{preset: "nextauth-v3", backend: "mariadb", fixture: "nextauth-v3-mysql.sql", known: v3Additions},
	}
	for _, tt := range tests {
		t.Run(tt.preset+"/"+tt.backend, func(t *testing.T) {
			read := pgLayout
			if tt.backend == "mariadb" {
				read = myLayout
			}
			orig, _ := sharedDB(t, tt.backend)
			loadDDL(t, orig, tt.fixture)
			want := read(t, orig)

			db, typ := sharedDB(t, tt.backend)
			a := sqladapter.New(sqladapter.Config{Type: typ, DB: db, Preset: tt.preset})
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := a.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			got := read(t, db)

			for _, part := range []struct {
				name      string
				want, got []string
			}{
				{"columns", want.Columns, got.Columns},
				{"primary and unique keys", want.Keys, got.Keys},
				{"foreign keys", want.Foreign, got.Foreign},
			} {
				missing, extra := diff(part.want, part.got)
				missing, extra = withoutKnown(missing, extra, tt.known)
				if len(missing) > 0 || len(extra) > 0 {
					t.Errorf("%s differ from %s\n  the original has, the preset not:\n    %s\n  the preset has, the original not:\n    %s",
						part.name, tt.fixture, strings.Join(missing, "\n    "), strings.Join(extra, "\n    "))
				}
			}
			missing, extra := diff(want.Indexes, got.Indexes)
			if unexpected, _ := diff(extra, tt.allowedExtra); len(unexpected) > 0 {
				t.Errorf("non-unique indexes the preset adds beyond %v: %v", tt.allowedExtra, unexpected)
			}
			t.Logf("non-unique indexes: the preset adds %v, leaves out %v", extra, missing)
		})
	}
}
