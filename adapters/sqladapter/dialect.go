package sqladapter

import (
	"strconv"
	"strings"

	"github.com/gatehouse-go/gatehouse/adapter/schema"
)

// rebind turns ? placeholders into $1, $2, ... for PostgreSQL, skipping
// quoted identifiers and string literals.
func rebind(d schema.Dialect, q string) string {
	if d != schema.Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	var quote byte
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
