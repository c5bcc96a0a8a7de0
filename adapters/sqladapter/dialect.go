package sqladapter

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/internal/sqlrow"
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

// wrap turns a driver error into the adapter's: unique violations become
// adapter.ErrConflict, foreign key violations (a user that does not exist)
// adapter.ErrNotFound, and missing tables or columns get a hint on how to
// create them. op names the operation.
func (st *state) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	switch sqlrow.Classify(err) {
	case sqlrow.Unique:
		return fmt.Errorf("sqladapter: %s: %w%s", op, adapter.ErrConflict, st.detail(err))
	case sqlrow.ForeignKey:
		return fmt.Errorf("sqladapter: %s: the user does not exist: %w%s", op, adapter.ErrNotFound, st.detail(err))
	case sqlrow.NoTable, sqlrow.NoColumn:
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

// enc encodes arguments exactly as gormadapter does (package sqlrow), so
// that both adapters can share a database.
func (st *state) enc() sqlrow.Encoder {
	return sqlrow.Encoder{Dialect: st.d, TimeLayout: st.s.TimeLayout()}
}

func (st *state) timeArg(t time.Time) any { return st.enc().Time(t) }

func (st *state) timePtrArg(t *time.Time) any { return st.enc().TimePtr(t) }

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
