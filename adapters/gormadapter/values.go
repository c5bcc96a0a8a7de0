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
	"github.com/gatehouse-go/gatehouse/internal/sqlrow"
)

func notFound(what string) error {
	return fmt.Errorf("gormadapter: %s: %w", what, adapter.ErrNotFound)
}

// classify adds GORM's translated errors (gorm.ErrDuplicatedKey,
// gorm.ErrForeignKeyViolated, with Config.TranslateError) to the driver
// errors that sqlrow.Classify recognises.
func classify(err error) sqlrow.Class {
	switch {
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return sqlrow.Unique
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		return sqlrow.ForeignKey
	}
	return sqlrow.Classify(err)
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
	case sqlrow.Unique:
		return fmt.Errorf("gormadapter: %s: %w%s", op, adapter.ErrConflict, st.detail(err))
	case sqlrow.ForeignKey:
		return fmt.Errorf("gormadapter: %s: the user does not exist: %w%s", op, adapter.ErrNotFound, st.detail(err))
	case sqlrow.NoTable, sqlrow.NoColumn:
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

// enc encodes arguments exactly as sqladapter does (package sqlrow), so
// that both adapters can share a database.
func (st *state) enc() sqlrow.Encoder {
	return sqlrow.Encoder{Dialect: st.d, TimeLayout: st.s.TimeLayout()}
}

func (st *state) timeArg(t time.Time) any { return st.enc().Time(t) }

func (st *state) timePtrArg(t *time.Time) any { return st.enc().TimePtr(t) }

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
