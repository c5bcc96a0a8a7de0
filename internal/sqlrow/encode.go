package sqlrow

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
)

// MySQLTimeLayout is how times are written to MySQL DATETIME columns: text
// in UTC, so that nothing depends on the driver's loc setting.
const MySQLTimeLayout = "2006-01-02 15:04:05.000000"

// Encoder turns Go values into column arguments for one dialect.
type Encoder struct {
	// Dialect is the database's dialect.
	Dialect schema.Dialect
	// TimeLayout is the text layout of times on SQLite (the schema's
	// TimeLayout); other dialects ignore it.
	TimeLayout string
}

// Time encodes t in UTC, truncated to milliseconds so that what a method
// returns equals what a later read returns on every dialect: a time.Time on
// PostgreSQL, MySQLTimeLayout text on MySQL, TimeLayout text on SQLite.
func (e Encoder) Time(t time.Time) any {
	t = t.UTC().Truncate(time.Millisecond)
	switch e.Dialect {
	case schema.SQLite:
		return t.Format(e.TimeLayout)
	case schema.MySQL:
		return t.Format(MySQLTimeLayout)
	}
	return t
}

// TimePtr is Time for an optional time: nil stays NULL.
func (e Encoder) TimePtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return e.Time(*t)
}

// Str stores "" as NULL in nullable columns.
func Str(c *schema.Column, s string) any {
	if s == "" && !c.NotNull {
		return nil
	}
	return s
}

// Auto returns the value of an automatic column (created/updated time,
// NextAuth.js v3's compound id, a random 256-bit hex value) and true, or
// false for a column the caller fills. provider and pid feed the compound
// id.
func (e Encoder) Auto(c *schema.Column, now time.Time, provider, pid string) (any, bool) {
	switch c.Auto {
	case schema.AutoCreated, schema.AutoUpdated:
		return e.Time(now), true
	case schema.AutoCompoundID:
		sum := sha256.Sum256([]byte(provider + ":" + pid))
		return hex.EncodeToString(sum[:]), true
	case schema.AutoRandomHex:
		var b [32]byte
		_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
		return hex.EncodeToString(b[:]), true
	}
	return nil, false
}

// Value encodes an Extra value for a column of c's kind, or returns an
// error naming the field and the Go type it got.
func (e Encoder) Value(c *schema.Column, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch c.Kind {
	case schema.String, schema.Text:
		switch x := v.(type) {
		case string:
			return Str(c, x), nil
		case *string:
			if x == nil {
				return nil, nil
			}
			return Str(c, *x), nil
		case fmt.Stringer:
			return x.String(), nil
		}
		return nil, fmt.Errorf("field %q holds text; got %T", c.Field, v)
	case schema.Time:
		switch x := v.(type) {
		case time.Time:
			return e.Time(x), nil
		case *time.Time:
			return e.TimePtr(x), nil
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

// AccountArgs returns the arguments for the account columns cols, in order:
// automatic values, uid for the user reference, the account's fields
// (ExpiresAt as seconds, or as a time for NextAuth.js v3's
// access_token_expires; Extra as JSON when it has keys).
func (e Encoder) AccountArgs(cols []*schema.Column, a *adapter.Account, now time.Time, uid any) ([]any, error) {
	args := make([]any, 0, len(cols)+1)
	for _, c := range cols {
		if v, ok := e.Auto(c, now, a.Provider, a.ProviderAccountID); ok {
			args = append(args, v)
			continue
		}
		var v any
		switch c.Field {
		case schema.FieldUserID:
			v = uid
		case schema.FieldType:
			v = a.Type
		case schema.FieldProvider:
			v = a.Provider
		case schema.FieldProviderAccountID:
			v = a.ProviderAccountID
		case schema.FieldRefreshToken:
			v = Str(c, a.RefreshToken)
		case schema.FieldAccessToken:
			v = Str(c, a.AccessToken)
		case schema.FieldTokenType:
			v = Str(c, a.TokenType)
		case schema.FieldScope:
			v = Str(c, a.Scope)
		case schema.FieldIDToken:
			v = Str(c, a.IDToken)
		case schema.FieldSessionState:
			v = Str(c, a.SessionState)
		case schema.FieldExpiresAt:
			if a.ExpiresAt != 0 {
				if c.Kind == schema.Time {
					v = e.Time(time.Unix(a.ExpiresAt, 0))
				} else {
					v = a.ExpiresAt
				}
			}
		case schema.FieldExtra:
			if len(a.Extra) > 0 {
				var err error
				if v, err = e.Value(c, a.Extra); err != nil {
					return nil, err
				}
			}
		}
		args = append(args, v)
	}
	return args, nil
}
