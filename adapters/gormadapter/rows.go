package gormadapter

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"gorm.io/gorm"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
)

// cells returns scan destinations for a table's read columns, the id first
// when withID.
func (st *state) cells(b table, withID bool) []cell {
	n := len(b.read)
	if withID {
		n++
	}
	cs := make([]cell, 0, n)
	if withID {
		cs = append(cs, cell{kind: schema.String})
	}
	for _, c := range b.read {
		cs = append(cs, cell{kind: c.Kind, wall: st.d == schema.MySQL})
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
func queryOne(db *gorm.DB, cs []cell, q string, args ...any) (found bool, err error) {
	rows, err := db.Raw(q, args...).Rows()
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
func queryAll(db *gorm.DB, fresh func() []cell, each func([]cell), q string, args ...any) error {
	rows, err := db.Raw(q, args...).Rows()
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

// autoValue returns the value the adapter writes itself into an Auto
// column, or ok=false.
func (st *state) autoValue(c *schema.Column, now time.Time, provider, pid string) (any, bool) {
	switch c.Auto {
	case schema.AutoCreated, schema.AutoUpdated:
		return st.timeArg(now), true
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

func (st *state) accountArgs(cols []*schema.Column, a *adapter.Account, now time.Time, uid any) ([]any, error) {
	args := make([]any, 0, len(cols)+1)
	for _, c := range cols {
		if v, ok := st.autoValue(c, now, a.Provider, a.ProviderAccountID); ok {
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
			v = strArg(c, a.RefreshToken)
		case schema.FieldAccessToken:
			v = strArg(c, a.AccessToken)
		case schema.FieldTokenType:
			v = strArg(c, a.TokenType)
		case schema.FieldScope:
			v = strArg(c, a.Scope)
		case schema.FieldIDToken:
			v = strArg(c, a.IDToken)
		case schema.FieldSessionState:
			v = strArg(c, a.SessionState)
		case schema.FieldExpiresAt:
			if a.ExpiresAt != 0 {
				if c.Kind == schema.Time {
					v = st.timeArg(time.Unix(a.ExpiresAt, 0))
				} else {
					v = a.ExpiresAt
				}
			}
		case schema.FieldExtra:
			if len(a.Extra) > 0 {
				var err error
				if v, err = st.valueArg(c, a.Extra); err != nil {
					return nil, err
				}
			}
		}
		args = append(args, v)
	}
	return args, nil
}
