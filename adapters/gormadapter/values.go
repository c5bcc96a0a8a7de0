package gormadapter

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
)

func notFound(what string) error {
	return fmt.Errorf("gormadapter: %s: %w", what, adapter.ErrNotFound)
}

type errClass int

const (
	errOther errClass = iota
	errUnique
	errForeignKey
	errMissing
)

// classify recognises unique and foreign key violations and missing tables
// or columns: GORM's translated errors (gorm.ErrDuplicatedKey,
// gorm.ErrForeignKeyViolated, with Config.TranslateError), PostgreSQL
// SQLSTATEs, SQLite extended result codes and MySQL/MariaDB error numbers,
// without importing any driver.
func classify(err error) errClass {
	switch {
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return errUnique
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		return errForeignKey
	}
	var pg interface{ SQLState() string }
	if errors.As(err, &pg) {
		switch pg.SQLState() {
		case "23505":
			return errUnique
		case "23503":
			return errForeignKey
		case "42P01", "42703":
			return errMissing
		}
		return errOther
	}
	var lite interface{ Code() int }
	if errors.As(err, &lite) {
		switch lite.Code() {
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
	case strings.HasPrefix(msg, "Error 1146"), strings.HasPrefix(msg, "Error 1054"),
		strings.Contains(msg, "no such table"), strings.Contains(msg, "no such column"), strings.Contains(msg, "has no column named"):
		return errMissing
	}
	return errOther
}

// wrap turns a database error into the adapter's: unique violations are
// adapter.ErrConflict, foreign key violations (a user that does not exist)
// adapter.ErrNotFound, and missing tables or columns say how to create
// them.
func (st *state) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	switch classify(err) {
	case errUnique:
		return fmt.Errorf("gormadapter: %s: %w%s", op, adapter.ErrConflict, st.detail(err))
	case errForeignKey:
		return fmt.Errorf("gormadapter: %s: the user does not exist: %w%s", op, adapter.ErrNotFound, st.detail(err))
	case errMissing:
		return fmt.Errorf("gormadapter: %s: %w; the database does not match the %s schema: create what is missing with %s", op, err, st.s.Name, migrateHint)
	}
	return fmt.Errorf("gormadapter: %s: %w", op, err)
}

// detail returns the driver's message about a constraint violation, which
// names the constraint; nothing on MySQL, whose message quotes the clashing
// value (a session token, say), which must not reach a log.
func (st *state) detail(err error) string {
	if st.d == schema.MySQL || errors.Is(err, gorm.ErrDuplicatedKey) || errors.Is(err, gorm.ErrForeignKeyViolated) {
		return ""
	}
	return " (" + err.Error() + ")"
}

// Times are stored in UTC, truncated to milliseconds, encoded as sqladapter
// encodes them so that both adapters share a database: time.Time on
// PostgreSQL, "2006-01-02 15:04:05.000000" text on MySQL (independent of the
// driver's loc), the schema's TimeLayout text on SQLite.
const mysqlTimeLayout = "2006-01-02 15:04:05.000000"

func (st *state) timeArg(t time.Time) any {
	t = t.UTC().Truncate(time.Millisecond)
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

// strArg stores "" as NULL in nullable columns.
func strArg(c *schema.Column, s string) any {
	if s == "" && !c.NotNull {
		return nil
	}
	return s
}

// userIDArg converts a user id to the users table's key type; ok is false
// when the id cannot exist: not an integer for integer ids, or outside the
// 32-bit range of SERIAL/INT id columns on PostgreSQL and MySQL.
func (st *state) userIDArg(id string) (any, bool) {
	if st.s.Users.ID != schema.IDSerial {
		return id, true
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return nil, false
	}
	if st.d != schema.SQLite && !strings.Contains(strings.ToUpper(st.s.Users.IDTypes[st.d]), "BIG") &&
		(n > math.MaxInt32 || n < math.MinInt32) {
		return nil, false
	}
	return n, true
}

// valueArg encodes an Extra value for a column of c's kind.
func (st *state) valueArg(c *schema.Column, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch c.Kind {
	case schema.String, schema.Text:
		switch x := v.(type) {
		case string:
			return strArg(c, x), nil
		case *string:
			if x == nil {
				return nil, nil
			}
			return strArg(c, *x), nil
		case fmt.Stringer:
			return x.String(), nil
		}
		return nil, fmt.Errorf("field %q holds a string; got %T", c.Field, v)
	case schema.Time:
		switch x := v.(type) {
		case time.Time:
			return st.timeArg(x), nil
		case *time.Time:
			return st.timePtrArg(x), nil
		}
		return nil, fmt.Errorf("field %q holds a time.Time; got %T", c.Field, v)
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
		return nil, fmt.Errorf("field %q holds an integer; got %T", c.Field, v)
	case schema.Bool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
		return nil, fmt.Errorf("field %q holds a bool; got %T", c.Field, v)
	case schema.JSON:
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("field %q: %w", c.Field, err)
		}
		return string(b), nil
	}
	return v, nil
}

// cell is a scan destination for one column: it accepts whatever encoding
// the drivers return for the column's kind.
type cell struct {
	kind schema.Kind
	// wall reads a time.Time as UTC wall clock, whatever its location: MySQL
	// DATETIME has no zone and holds UTC, which the driver labels with its
	// loc setting.
	wall  bool
	valid bool
	s     string
	i     int64
	b     bool
	t     time.Time
}

// Scan implements sql.Scanner.
func (c *cell) Scan(v any) error {
	c.valid = v != nil
	if v == nil {
		return nil
	}
	if b, ok := v.([]byte); ok {
		v = string(b)
	}
	switch c.kind {
	case schema.Time:
		return c.scanTime(v)
	case schema.Int64:
		switch x := v.(type) {
		case int64:
			c.i = x
		case int32:
			c.i = int64(x)
		case float64:
			c.i = int64(x)
		case time.Time: // NextAuth.js v3 access_token_expires
			c.i = x.Unix()
		case string:
			n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
			if err != nil {
				return fmt.Errorf("gormadapter: cannot read %q as an integer", x)
			}
			c.i = n
		default:
			return fmt.Errorf("gormadapter: cannot read %T as an integer", v)
		}
	case schema.Bool:
		switch x := v.(type) {
		case bool:
			c.b = x
		case int64:
			c.b = x != 0
		case string:
			b, err := strconv.ParseBool(x)
			if err != nil {
				return fmt.Errorf("gormadapter: cannot read %q as a bool", x)
			}
			c.b = b
		default:
			return fmt.Errorf("gormadapter: cannot read %T as a bool", v)
		}
	default:
		switch x := v.(type) {
		case string:
			c.s = x
		case int64:
			c.s = strconv.FormatInt(x, 10)
		case time.Time:
			c.s = x.UTC().Format(time.RFC3339Nano)
		default:
			c.s = fmt.Sprint(x)
		}
	}
	return nil
}

var textTimeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999 -0700 MST",
	"2006-01-02",
}

func (c *cell) scanTime(v any) error {
	switch x := v.(type) {
	case time.Time:
		if c.wall {
			x = time.Date(x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute(), x.Second(), x.Nanosecond(), time.UTC)
		}
		c.t = x.UTC()
	case int64:
		c.t = time.UnixMilli(x).UTC()
	case float64:
		c.t = time.UnixMilli(int64(x)).UTC()
	case string:
		s := strings.TrimSpace(x)
		if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
			c.t = time.UnixMilli(ms).UTC()
			return nil
		}
		for _, l := range textTimeLayouts {
			if t, err := time.Parse(l, s); err == nil {
				c.t = t.UTC()
				return nil
			}
		}
		return fmt.Errorf("gormadapter: cannot read %q as a time", s)
	default:
		return fmt.Errorf("gormadapter: cannot read %T as a time", v)
	}
	return nil
}

// value returns the Go value of the cell: nil when NULL, else string,
// int64, bool, time.Time or (JSON) the decoded value.
func (c *cell) value() any {
	if !c.valid {
		return nil
	}
	switch c.kind {
	case schema.Time:
		return c.t
	case schema.Int64:
		return c.i
	case schema.Bool:
		return c.b
	case schema.JSON:
		var v any
		if err := json.Unmarshal([]byte(c.s), &v); err != nil {
			return c.s
		}
		return v
	}
	return c.s
}

func (c *cell) timePtr() *time.Time {
	if !c.valid {
		return nil
	}
	t := c.t
	return &t
}
