package sqladapter

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
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

// Error classes found in driver errors without importing the drivers.
type errClass int

const (
	errOther errClass = iota
	errUnique
	errForeignKey
	errNoTable
	errNoColumn
)

// classify recognises unique violations, foreign key violations and missing
// tables/columns in errors of pgx (SQLSTATE), go-sql-driver/mysql (error
// numbers) and modernc.org/sqlite (extended result codes).
func classify(err error) errClass {
	if err == nil {
		return errOther
	}
	var st interface{ SQLState() string }
	if errors.As(err, &st) {
		switch st.SQLState() {
		case "23505":
			return errUnique
		case "23503":
			return errForeignKey
		case "42P01":
			return errNoTable
		case "42703":
			return errNoColumn
		}
		return errOther
	}
	var sc interface{ Code() int }
	if errors.As(err, &sc) {
		switch sc.Code() {
		case 2067, 1555: // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
			return errUnique
		case 787: // SQLITE_CONSTRAINT_FOREIGNKEY
			return errForeignKey
		}
	}
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "Error 1062"), strings.Contains(msg, "UNIQUE constraint failed"):
		return errUnique
	case strings.HasPrefix(msg, "Error 1452"), strings.Contains(msg, "FOREIGN KEY constraint failed"):
		return errForeignKey
	case strings.HasPrefix(msg, "Error 1146"), strings.Contains(msg, "no such table"):
		return errNoTable
	case strings.HasPrefix(msg, "Error 1054"), strings.Contains(msg, "no such column"), strings.Contains(msg, "has no column named"):
		return errNoColumn
	}
	return errOther
}

// wrap turns a driver error into the adapter's: unique violations become
// adapter.ErrConflict, foreign key violations (a user that does not exist)
// adapter.ErrNotFound, and missing tables or columns get a hint on how to
// create them. op names the operation.
func (st *state) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	switch classify(err) {
	case errUnique:
		return fmt.Errorf("sqladapter: %s: %w%s", op, adapter.ErrConflict, st.detail(err))
	case errForeignKey:
		return fmt.Errorf("sqladapter: %s: the user does not exist: %w%s", op, adapter.ErrNotFound, st.detail(err))
	case errNoTable, errNoColumn:
		return fmt.Errorf("sqladapter: %s: %w; the database does not match the %s schema: create what is missing with %s", op, err, st.s.Name, st.migrateHint())
	}
	return fmt.Errorf("sqladapter: %s: %w", op, err)
}

// detail returns the driver's message about a constraint violation, which
// names the constraint, or nothing on MySQL, whose message quotes the
// clashing value (a session token, say) and so must not reach a log.
func (st *state) detail(err error) string {
	if st.d == schema.MySQL {
		return ""
	}
	return " (" + err.Error() + ")"
}

// Time encoding. Every time is stored in UTC, truncated to milliseconds so
// that what a method returns equals what a later read returns on every
// dialect.

func normTime(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

// mysqlTimeLayout writes DATETIME/TIMESTAMP literals in UTC; strings avoid
// depending on the driver's loc setting.
const mysqlTimeLayout = "2006-01-02 15:04:05.000000"

func (st *state) timeArg(t time.Time) any {
	t = normTime(t)
	switch st.d {
	case schema.SQLite:
		return t.Format(st.s.TimeLayout())
	case schema.MySQL:
		return t.Format(mysqlTimeLayout)
	}
	return t
}

func (st *state) timePtrArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return st.timeArg(*t)
}

// nullTime scans any of the encodings a time may come back in: time.Time
// (pgx, MySQL with parseTime, SQLite DATETIME columns), text in one of the
// known layouts, or integer Unix milliseconds (Prisma/Drizzle on SQLite).
type nullTime struct {
	Time  time.Time
	Valid bool
}

var textTimeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999 -0700 MST",
	"2006-01-02",
}

func (n *nullTime) Scan(v any) error {
	n.Valid = false
	switch x := v.(type) {
	case nil:
		return nil
	case time.Time:
		// An instant (pgx timestamptz), or UTC wall clock read with the
		// location UTC (pgx timestamp, MySQL with loc=UTC, SQLite).
		n.Time = x.UTC()
	case []byte:
		return n.Scan(string(x))
	case string:
		s := strings.TrimSpace(x)
		if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
			n.Time = time.UnixMilli(ms).UTC()
			break
		}
		var err error
		for _, l := range textTimeLayouts {
			var t time.Time
			if t, err = time.Parse(l, s); err == nil {
				n.Time = t.UTC()
				break
			}
		}
		if err != nil {
			return fmt.Errorf("sqladapter: cannot read %q as a time", s)
		}
	case int64:
		n.Time = time.UnixMilli(x).UTC()
	case float64:
		n.Time = time.UnixMilli(int64(x)).UTC()
	default:
		return fmt.Errorf("sqladapter: cannot read %T as a time", v)
	}
	n.Valid = true
	return nil
}

func (n nullTime) ptr() *time.Time {
	if !n.Valid {
		return nil
	}
	t := n.Time
	return &t
}

// strArg stores "" as NULL for nullable columns.
func strArg(c *schema.Column, s string) any {
	if s == "" && !c.NotNull {
		return nil
	}
	return s
}

// userIDArg converts a user id to the users table's key type. ok is false
// when the id cannot exist (a non-integer for integer ids).
func (st *state) userIDArg(id string) (any, bool) {
	if st.s.Users.ID == schema.IDSerial {
		n, err := strconv.ParseInt(id, 10, st.idBits())
		if err != nil {
			return nil, false
		}
		return n, true
	}
	return id, true
}

// idBits is the width of the users table's integer ids: 32 for SERIAL,
// INTEGER and INT on PostgreSQL and MySQL, 64 for BIG* types and on SQLite.
func (st *state) idBits() int {
	if st.d == schema.SQLite || strings.Contains(strings.ToUpper(st.s.Users.IDTypes[st.d]), "BIG") {
		return 64
	}
	return 32
}

// valueArg encodes an Extra value for a column of the given kind.
func (st *state) valueArg(c *schema.Column, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch c.Kind {
	case schema.String, schema.Text:
		switch x := v.(type) {
		case string:
			return strArg(c, x), nil
		case fmt.Stringer:
			return x.String(), nil
		}
		return nil, fmt.Errorf("sqladapter: field %q holds text; got %T", c.Field, v)
	case schema.Time:
		switch x := v.(type) {
		case time.Time:
			return st.timeArg(x), nil
		case *time.Time:
			return st.timePtrArg(x), nil
		}
		return nil, fmt.Errorf("sqladapter: field %q holds a time.Time; got %T", c.Field, v)
	case schema.Int64:
		switch x := v.(type) {
		case int:
			return int64(x), nil
		case int32:
			return int64(x), nil
		case int64:
			return x, nil
		case uint32:
			return int64(x), nil
		case float64:
			if x == float64(int64(x)) {
				return int64(x), nil
			}
		}
		return nil, fmt.Errorf("sqladapter: field %q holds an integer; got %T", c.Field, v)
	case schema.Bool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
		return nil, fmt.Errorf("sqladapter: field %q holds a bool; got %T", c.Field, v)
	case schema.JSON:
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("sqladapter: field %q: %w", c.Field, err)
		}
		return string(b), nil
	}
	return v, nil
}

// holder returns a scan destination for a column of the kind.
func holder(k schema.Kind) any {
	switch k {
	case schema.Time:
		return new(nullTime)
	case schema.Int64:
		return new(nullInt)
	case schema.Bool:
		return new(nullBool)
	}
	return new(nullString)
}

// value returns the Go value of a scanned holder: nil when NULL, else
// string, int64, bool, time.Time or (JSON) any.
func holderValue(k schema.Kind, h any) any {
	switch x := h.(type) {
	case *nullTime:
		if !x.Valid {
			return nil
		}
		return x.Time
	case *nullInt:
		if !x.Valid {
			return nil
		}
		return x.V
	case *nullBool:
		if !x.Valid {
			return nil
		}
		return x.V
	case *nullString:
		if !x.Valid {
			return nil
		}
		if k == schema.JSON {
			var v any
			if err := json.Unmarshal([]byte(x.V), &v); err != nil {
				return x.V
			}
			return v
		}
		return x.V
	}
	return nil
}

// nullString scans text, byte slices and integers (integer ids) as a string.
type nullString struct {
	V     string
	Valid bool
}

func (n *nullString) Scan(v any) error {
	n.Valid = true
	switch x := v.(type) {
	case nil:
		n.V, n.Valid = "", false
	case string:
		n.V = x
	case []byte:
		n.V = string(x)
	case int64:
		n.V = strconv.FormatInt(x, 10)
	case time.Time:
		n.V = x.UTC().Format(time.RFC3339Nano)
	default:
		n.V = fmt.Sprint(x)
	}
	return nil
}

// nullInt scans integers, including those stored as text or as a time
// (NextAuth.js v3's access_token_expires, read as Unix seconds).
type nullInt struct {
	V     int64
	Valid bool
}

func (n *nullInt) Scan(v any) error {
	n.Valid = true
	switch x := v.(type) {
	case nil:
		n.V, n.Valid = 0, false
	case int64:
		n.V = x
	case int32:
		n.V = int64(x)
	case float64:
		n.V = int64(x)
	case []byte:
		return n.Scan(string(x))
	case string:
		i, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		if err != nil {
			return fmt.Errorf("sqladapter: cannot read %q as an integer", x)
		}
		n.V = i
	default:
		return fmt.Errorf("sqladapter: cannot read %T as an integer", v)
	}
	return nil
}

// nullBool scans booleans stored as BOOLEAN, TINYINT or SQLite integers.
type nullBool struct {
	V     bool
	Valid bool
}

func (n *nullBool) Scan(v any) error {
	n.Valid = true
	switch x := v.(type) {
	case nil:
		n.V, n.Valid = false, false
	case bool:
		n.V = x
	case int64:
		n.V = x != 0
	case []byte:
		return n.Scan(string(x))
	case string:
		b, err := strconv.ParseBool(x)
		if err != nil {
			return fmt.Errorf("sqladapter: cannot read %q as a bool", x)
		}
		n.V = b
	default:
		return fmt.Errorf("sqladapter: cannot read %T as a bool", v)
	}
	return nil
}
