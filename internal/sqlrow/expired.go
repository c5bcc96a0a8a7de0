package sqlrow

import (
	"fmt"
	"strings"

	"github.com/gatehouse-go/gatehouse/adapter/schema"
)

// Expired holds the two forms of the statement that deletes a table's rows
// whose expires column is before the statement's one parameter (written
// "?"; PostgreSQL callers rebind it).
type Expired struct {
	all     string // no limit
	limited string // %d is the limit
}

// NewExpired builds the statements for the quoted table and expires column;
// keys are the quoted key columns, used on PostgreSQL, which has no
// DELETE … LIMIT (CockroachDB has no ctid either).
func NewExpired(d schema.Dialect, table, expires string, keys []string) Expired {
	e := Expired{all: "DELETE FROM " + table + " WHERE " + expires + " < ?"}
	switch d {
	case schema.MySQL:
		e.limited = e.all + " LIMIT %d"
	case schema.Postgres:
		k := strings.Join(keys, ", ")
		e.limited = "DELETE FROM " + table + " WHERE (" + k + ") IN (SELECT " + k + " FROM " + table + " WHERE " + expires + " < ? LIMIT %d)"
	default:
		e.limited = "DELETE FROM " + table + " WHERE rowid IN (SELECT rowid FROM " + table + " WHERE " + expires + " < ? LIMIT %d)"
	}
	return e
}

// SQL returns the statement for limit; limit <= 0 means no limit.
func (e Expired) SQL(limit int) string {
	if limit <= 0 {
		return e.all
	}
	return fmt.Sprintf(e.limited, limit)
}

// Map returns e with f applied to both statements, for example to turn its
// "?" into PostgreSQL's "$1".
func (e Expired) Map(f func(string) string) Expired {
	return Expired{all: f(e.all), limited: f(e.limited)}
}
