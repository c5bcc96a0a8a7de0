package schema

import (
	"strings"
)

// Quote quotes an identifier for the dialect: "name" on PostgreSQL and
// SQLite, `name` on MySQL. Quote characters inside the name are doubled, so
// any configured name is safe to splice into SQL.
func Quote(d Dialect, ident string) string {
	if d == MySQL {
		return "`" + strings.ReplaceAll(ident, "`", "``") + "`"
	}
	return `"` + strings.ReplaceAll(ident, `"`, `""`) + `"`
}

// KindType returns the SQL type of a column kind on a dialect, for a table
// whose users table uses the given id strategy (it decides UserRef).
func KindType(d Dialect, k Kind, userIDs IDStrategy) string {
	switch k {
	case String:
		if d == MySQL {
			return "VARCHAR(255)"
		}
		return "TEXT"
	case Text:
		return "TEXT"
	case Time:
		switch d {
		case Postgres:
			return "TIMESTAMPTZ"
		case MySQL:
			return "DATETIME(6)"
		}
		return "TEXT"
	case Int64:
		if d == SQLite {
			return "INTEGER"
		}
		return "BIGINT"
	case Bool:
		if d == SQLite {
			return "INTEGER"
		}
		return "BOOLEAN"
	case JSON:
		switch d {
		case Postgres:
			return "JSONB"
		case MySQL:
			return "JSON"
		}
		return "TEXT"
	case UserRef:
		if userIDs == IDSerial {
			switch d {
			case MySQL:
				return "INT"
			case SQLite:
				return "INTEGER"
			}
			return "INTEGER"
		}
		return KindType(d, String, userIDs)
	}
	return "TEXT"
}

// SQLType returns the column's SQL type on the dialect: its override from
// Types, or its kind's type.
func (s *Schema) SQLType(d Dialect, c *Column) string {
	if t, ok := c.Types[d]; ok && t != "" {
		return t
	}
	return KindType(d, c.Kind, s.Users.ID)
}

// idDef renders the id column definition, primary key included.
func (s *Schema) idDef(d Dialect, t *Table) string {
	name := Quote(d, t.IDName())
	typ := t.IDTypes[d]
	if t.ID == IDSerial {
		switch d {
		case Postgres:
			if typ == "" {
				typ = "SERIAL"
			}
			return name + " " + typ + " PRIMARY KEY"
		case MySQL:
			if typ == "" {
				typ = "INT"
			}
			return name + " " + typ + " NOT NULL AUTO_INCREMENT PRIMARY KEY"
		default:
			if typ == "" {
				typ = "INTEGER"
			}
			return name + " " + typ + " PRIMARY KEY AUTOINCREMENT"
		}
	}
	if typ == "" {
		typ = KindType(d, String, IDText)
	}
	return name + " " + typ + " NOT NULL PRIMARY KEY"
}

// columnDef renders a column definition. adding is true for ALTER TABLE ADD
// COLUMN, where NOT NULL needs a default and SQLite allows no expression
// default.
func (s *Schema) columnDef(d Dialect, c *Column, adding bool) string {
	var b strings.Builder
	b.WriteString(Quote(d, c.Name))
	b.WriteByte(' ')
	b.WriteString(s.SQLType(d, c))
	def := c.Default[d]
	if adding && d == SQLite {
		def = ""
	}
	if c.NotNull && (!adding || def != "") {
		b.WriteString(" NOT NULL")
	}
	if def != "" {
		b.WriteString(" DEFAULT ")
		b.WriteString(def)
	}
	return b.String()
}

// CreateTable returns the CREATE TABLE IF NOT EXISTS statement for t, with
// its primary key and foreign keys but without its indexes.
func (s *Schema) CreateTable(d Dialect, t *Table) string {
	var defs []string
	if t.ID != IDNone {
		defs = append(defs, s.idDef(d, t))
	}
	for i := range t.Columns {
		defs = append(defs, s.columnDef(d, &t.Columns[i], false))
	}
	if t.ID == IDNone && len(t.PrimaryKey) > 0 {
		defs = append(defs, "PRIMARY KEY ("+s.columnList(d, t, t.PrimaryKey)+")")
	}
	for i := range t.Columns {
		if c := &t.Columns[i]; c.References && t != s.Users {
			defs = append(defs, s.foreignKey(d, c))
		}
	}
	stmt := "CREATE TABLE IF NOT EXISTS " + Quote(d, s.TableName(t)) + " (\n  " + strings.Join(defs, ",\n  ") + "\n)"
	if d == MySQL {
		stmt += " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"
	}
	return stmt
}

func (s *Schema) foreignKey(d Dialect, c *Column) string {
	return "FOREIGN KEY (" + Quote(d, c.Name) + ") REFERENCES " +
		Quote(d, s.TableName(s.Users)) + " (" + Quote(d, s.Users.IDName()) + ") ON DELETE CASCADE"
}

// AddForeignKey returns the ALTER TABLE statement that makes c, a column
// with References, a foreign key to the users table's id with ON DELETE
// CASCADE (PostgreSQL and MySQL; SQLite cannot add one to a table). It
// fails on a table holding rows whose user no longer exists.
func (s *Schema) AddForeignKey(d Dialect, t *Table, c *Column) string {
	return "ALTER TABLE " + Quote(d, s.TableName(t)) + " ADD " + s.foreignKey(d, c)
}

// AddColumn returns the ALTER TABLE statement that adds c to t. The column
// is nullable unless it has a default, so existing rows stay valid.
func (s *Schema) AddColumn(d Dialect, t *Table, c *Column) string {
	return "ALTER TABLE " + Quote(d, s.TableName(t)) + " ADD COLUMN " + s.columnDef(d, c, true)
}

// IndexName returns the index's name in the database: its Name with the
// schema's prefix, or a name derived from the table and columns.
func (s *Schema) IndexName(t *Table, ix *Index) string {
	if ix.Name != "" {
		return s.Prefix + ix.Name
	}
	suffix := "_idx"
	if ix.Unique {
		suffix = "_key"
	}
	return s.TableName(t) + "_" + strings.Join(s.IndexColumns(t, ix), "_") + suffix
}

// IndexColumns returns the column names of the index's fields.
func (s *Schema) IndexColumns(t *Table, ix *Index) []string {
	cols := make([]string, len(ix.Fields))
	for i, f := range ix.Fields {
		cols[i] = fieldColumn(t, f)
	}
	return cols
}

func fieldColumn(t *Table, f string) string {
	if f == FieldID && t.ID != IDNone {
		return t.IDName()
	}
	if c := t.Column(f); c != nil {
		return c.Name
	}
	return f
}

func (s *Schema) columnList(d Dialect, t *Table, fields []string) string {
	q := make([]string, len(fields))
	for i, f := range fields {
		q[i] = Quote(d, fieldColumn(t, f))
	}
	return strings.Join(q, ", ")
}

// CreateIndex returns the CREATE INDEX statement for ix on t (IF NOT EXISTS
// on PostgreSQL and SQLite; MySQL has no such clause, so callers check
// first).
func (s *Schema) CreateIndex(d Dialect, t *Table, ix *Index) string {
	var b strings.Builder
	b.WriteString("CREATE ")
	if ix.Unique {
		b.WriteString("UNIQUE ")
	}
	b.WriteString("INDEX ")
	if d != MySQL {
		b.WriteString("IF NOT EXISTS ")
	}
	b.WriteString(Quote(d, s.IndexName(t, ix)))
	b.WriteString(" ON ")
	b.WriteString(Quote(d, s.TableName(t)))
	b.WriteString(" (")
	b.WriteString(s.columnList(d, t, ix.Fields))
	b.WriteString(")")
	return b.String()
}

// DDL returns the statements that create every table and index of the
// schema on an empty database, in order. Running them on a database that
// already has the tables is harmless on PostgreSQL and SQLite; on MySQL the
// CREATE INDEX statements fail if the indexes exist (use a Migrator's plan,
// which checks first).
func (s *Schema) DDL(d Dialect) []string {
	var out []string
	for _, t := range s.Tables() {
		out = append(out, s.CreateTable(d, t))
		for i := range t.Indexes {
			out = append(out, s.CreateIndex(d, t, &t.Indexes[i]))
		}
	}
	return out
}
