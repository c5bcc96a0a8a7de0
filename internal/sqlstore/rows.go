package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
)

// cell is a scan destination for one column: it accepts whatever encoding
// the drivers return for the column's kind.
type cell struct {
	kind schema.Kind
	// wall reads a time.Time as UTC wall clock, whatever its location
	// (Config.WallClock on MySQL).
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
				return fmt.Errorf("cannot read %q as an integer", x)
			}
			c.i = n
		default:
			return fmt.Errorf("cannot read %T as an integer", v)
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
				return fmt.Errorf("cannot read %q as a bool", x)
			}
			c.b = b
		default:
			return fmt.Errorf("cannot read %T as a bool", v)
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

// scanTime reads any of the encodings a time may come back in: time.Time
// (pgx, MySQL with parseTime, SQLite DATETIME columns), text in one of the
// known layouts, or integer Unix milliseconds (Prisma/Drizzle on SQLite).
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
		c.valid = false
		return fmt.Errorf("cannot read %q as a time", s)
	default:
		c.valid = false
		return fmt.Errorf("cannot read %T as a time", v)
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

// timeCell is a scan destination for a time column.
func (st *Store) timeCell() cell {
	return cell{kind: schema.Time, wall: st.cfg.WallClock && st.d == schema.MySQL}
}

// cells returns scan destinations for a table's read columns, the id first
// when withID.
func (st *Store) cells(b table, withID bool) []cell {
	n := len(b.read)
	if withID {
		n++
	}
	cs := make([]cell, 0, n)
	if withID {
		cs = append(cs, cell{kind: schema.String})
	}
	for _, c := range b.read {
		if c.Kind == schema.Time {
			cs = append(cs, st.timeCell())
			continue
		}
		cs = append(cs, cell{kind: c.Kind})
	}
	return cs
}

func targets(cs []cell) []any {
	t := make([]any, len(cs))
	for i := range cs {
		t[i] = &cs[i]
	}
	return t
}

// queryOne runs q and scans its first row into cs; found is false when
// there is none.
func queryOne(ctx context.Context, ex Executor, cs []cell, q string, args ...any) (found bool, err error) {
	rows, err := ex.QueryContext(ctx, q, args...)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return false, rows.Err()
	}
	if err := rows.Scan(targets(cs)...); err != nil {
		return false, err
	}
	return true, rows.Close()
}

// queryAll runs q and calls each with every row scanned into fresh cells.
func queryAll(ctx context.Context, ex Executor, fresh func() []cell, each func([]cell), q string, args ...any) error {
	rows, err := ex.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		cs := fresh()
		if err := rows.Scan(targets(cs)...); err != nil {
			return err
		}
		each(cs)
	}
	return rows.Err()
}

func userFrom(b table, cs []cell) *adapter.User {
	u := &adapter.User{ID: cs[0].s}
	for i, c := range b.read {
		x := &cs[i+1]
		switch c.Field {
		case schema.FieldName:
			u.Name = x.s
		case schema.FieldEmail:
			u.Email = x.s
		case schema.FieldImage:
			u.Image = x.s
		case schema.FieldEmailVerified:
			u.EmailVerified = x.timePtr()
		default:
			if v := x.value(); v != nil {
				if u.Extra == nil {
					u.Extra = map[string]any{}
				}
				u.Extra[c.Field] = v
			}
		}
	}
	return u
}

func accountFrom(b table, cs []cell) *adapter.Account {
	a := &adapter.Account{}
	for i, c := range b.read {
		x := &cs[i]
		switch c.Field {
		case schema.FieldUserID:
			a.UserID = x.s
		case schema.FieldType:
			a.Type = x.s
		case schema.FieldProvider:
			a.Provider = x.s
		case schema.FieldProviderAccountID:
			a.ProviderAccountID = x.s
		case schema.FieldRefreshToken:
			a.RefreshToken = x.s
		case schema.FieldAccessToken:
			a.AccessToken = x.s
		case schema.FieldTokenType:
			a.TokenType = x.s
		case schema.FieldScope:
			a.Scope = x.s
		case schema.FieldIDToken:
			a.IDToken = x.s
		case schema.FieldSessionState:
			a.SessionState = x.s
		case schema.FieldExpiresAt:
			if x.valid {
				if c.Kind == schema.Time {
					a.ExpiresAt = x.t.Unix()
				} else {
					a.ExpiresAt = x.i
				}
			}
		case schema.FieldExtra:
			if m, ok := x.value().(map[string]any); ok && len(m) > 0 {
				a.Extra = m
			}
		}
	}
	return a
}

func sessionFrom(b table, cs []cell) *adapter.Session {
	s := &adapter.Session{}
	for i, c := range b.read {
		switch c.Field {
		case schema.FieldSessionToken:
			s.SessionToken = cs[i].s
		case schema.FieldUserID:
			s.UserID = cs[i].s
		case schema.FieldExpires:
			s.Expires = cs[i].t
		}
	}
	return s
}

func authFrom(b table, cs []cell) *adapter.Authenticator {
	a := &adapter.Authenticator{}
	for i, c := range b.read {
		x := &cs[i]
		switch c.Field {
		case schema.FieldCredentialID:
			a.CredentialID = x.s
		case schema.FieldUserID:
			a.UserID = x.s
		case schema.FieldProviderAccountID:
			a.ProviderAccountID = x.s
		case schema.FieldCredentialPublicKey:
			a.CredentialPublicKey = x.s
		case schema.FieldCounter:
			a.Counter = x.i
		case schema.FieldCredentialDeviceType:
			a.CredentialDeviceType = x.s
		case schema.FieldCredentialBackedUp:
			a.CredentialBackedUp = x.b
		case schema.FieldTransports:
			a.Transports = x.s
		}
	}
	return a
}

// ScanTime reads a time column's value in any of the encodings the
// schemas use (see cell.scanTime) as a UTC instant; valid is false for
// NULL.
func ScanTime(v any) (t time.Time, valid bool, err error) {
	c := cell{kind: schema.Time}
	err = c.Scan(v)
	return c.t, c.valid && err == nil, err
}
