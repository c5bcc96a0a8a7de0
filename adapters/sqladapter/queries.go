package sqladapter

import (
	"strings"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/internal/sqlrow"
)

// binding is a table as the queries see it.
type binding struct {
	t    *schema.Table
	name string           // quoted, prefixed table name
	read []*schema.Column // columns mapped to model fields (no Auto columns)
	ins  []*schema.Column // columns written on insert (id excluded)
}

func (st *state) bind(t *schema.Table) binding {
	if t == nil {
		return binding{}
	}
	b := binding{t: t, name: st.quote(st.s.TableName(t))}
	for i := range t.Columns {
		c := &t.Columns[i]
		b.ins = append(b.ins, c)
		if c.Auto == schema.AutoNone {
			b.read = append(b.read, c)
		}
	}
	return b
}

// col returns the quoted column of a field, or "" when the table lacks it.
func (st *state) col(b binding, field string) string {
	if field == schema.FieldID && b.t.ID != schema.IDNone {
		return st.quote(b.t.IDName())
	}
	if c := b.t.Column(field); c != nil {
		return st.quote(c.Name)
	}
	return ""
}

func (st *state) readList(b binding, alias string, withID bool) string {
	var names []string
	if withID {
		names = append(names, b.t.IDName())
	}
	for _, c := range b.read {
		names = append(names, c.Name)
	}
	return joinQuoted(st, alias, names)
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// queries holds the SQL text of every statement, built once by Init.
type queries struct {
	u, a, s, v, au binding

	insertUser, getUser, getUserByEmail, getUserByAccount       string
	deleteUser, deleteUserAccounts, deleteUserSessions, delAuth string

	insertAccount, getAccount, listAccounts, updateAccount, deleteAccount, existsAccount string

	insertSession, getSessionAndUser, updateSession, deleteSession, existsSession, listSessions string

	insertToken, useToken, selectTokenForUpdate, deleteToken string

	insertAuth, getAuth, listAuths, updateAuthCounter, existsAuth string

	expiredSessions, expiredTokens sqlrow.Expired
}

func (st *state) insertSQL(b binding) string {
	var names []string
	if b.t.ID == schema.IDText {
		names = append(names, b.t.IDName())
	}
	for _, c := range b.ins {
		names = append(names, c.Name)
	}
	q := "INSERT INTO " + b.name + " (" + joinQuoted(st, "", names) + ") VALUES (" + placeholders(len(names)) + ")"
	if b.t.ID == schema.IDSerial && st.d != schema.MySQL {
		q += " RETURNING " + st.quote(b.t.IDName())
	}
	return rebind(st.d, q)
}

func buildQueries(st *state) queries {
	s := st.s
	q := queries{u: st.bind(s.Users), a: st.bind(s.Accounts), s: st.bind(s.Sessions), v: st.bind(s.VerificationTokens), au: st.bind(s.Authenticators)}
	u, a, ss, v := q.u, q.a, q.s, q.v
	r := func(x string) string { return rebind(st.d, x) }
	uid := st.col(u, schema.FieldID)

	q.insertUser = st.insertSQL(u)
	q.getUser = r("SELECT " + st.readList(u, "", true) + " FROM " + u.name + " WHERE " + uid + " = ?")
	q.getUserByEmail = r("SELECT " + st.readList(u, "", true) + " FROM " + u.name + " WHERE " + st.col(u, schema.FieldEmail) + " = ?")
	q.getUserByAccount = r("SELECT " + st.readList(u, "u.", true) + " FROM " + u.name + " u JOIN " + a.name + " a ON a." +
		st.col(a, schema.FieldUserID) + " = u." + uid + " WHERE a." + st.col(a, schema.FieldProvider) + " = ? AND a." +
		st.col(a, schema.FieldProviderAccountID) + " = ?")
	q.deleteUser = r("DELETE FROM " + u.name + " WHERE " + uid + " = ?")
	q.deleteUserAccounts = r("DELETE FROM " + a.name + " WHERE " + st.col(a, schema.FieldUserID) + " = ?")
	q.deleteUserSessions = r("DELETE FROM " + ss.name + " WHERE " + st.col(ss, schema.FieldUserID) + " = ?")

	acctKey := st.col(a, schema.FieldProvider) + " = ? AND " + st.col(a, schema.FieldProviderAccountID) + " = ?"
	q.insertAccount = st.insertSQL(a)
	q.getAccount = r("SELECT " + st.readList(a, "", false) + " FROM " + a.name + " WHERE " + acctKey)
	q.listAccounts = r("SELECT " + st.readList(a, "", false) + " FROM " + a.name + " WHERE " + st.col(a, schema.FieldUserID) + " = ?")
	var sets []string
	for _, c := range a.ins {
		switch c.Field {
		case schema.FieldUserID, schema.FieldProvider, schema.FieldProviderAccountID, schema.FieldCompoundID, schema.FieldCreatedAt:
			continue
		}
		sets = append(sets, st.quote(c.Name)+" = ?")
	}
	q.updateAccount = r("UPDATE " + a.name + " SET " + strings.Join(sets, ", ") + " WHERE " + acctKey)
	q.deleteAccount = r("DELETE FROM " + a.name + " WHERE " + acctKey)
	q.existsAccount = r("SELECT 1 FROM " + a.name + " WHERE " + acctKey)

	tok := st.col(ss, schema.FieldSessionToken)
	q.insertSession = st.insertSQL(ss)
	q.getSessionAndUser = r("SELECT " + st.readList(ss, "s.", false) + ", " + st.readList(u, "u.", true) + " FROM " + ss.name +
		" s JOIN " + u.name + " u ON u." + uid + " = s." + st.col(ss, schema.FieldUserID) + " WHERE s." + tok + " = ?")
	upd := st.col(ss, schema.FieldExpires) + " = ?"
	if c := st.col(ss, schema.FieldUpdatedAt); c != "" {
		upd += ", " + c + " = ?"
	}
	q.updateSession = r("UPDATE " + ss.name + " SET " + upd + " WHERE " + tok + " = ?")
	q.deleteSession = r("DELETE FROM " + ss.name + " WHERE " + tok + " = ?")
	q.existsSession = r("SELECT 1 FROM " + ss.name + " WHERE " + tok + " = ?")
	q.listSessions = r("SELECT " + st.readList(ss, "", false) + " FROM " + ss.name + " WHERE " + st.col(ss, schema.FieldUserID) + " = ?")

	vkey := st.col(v, schema.FieldIdentifier) + " = ? AND " + st.col(v, schema.FieldToken) + " = ?"
	vcols := joinQuoted(st, "", []string{v.t.Column(schema.FieldIdentifier).Name, v.t.Column(schema.FieldToken).Name, v.t.Column(schema.FieldExpires).Name})
	q.insertToken = st.insertSQL(v)
	if st.d == schema.MySQL {
		q.selectTokenForUpdate = "SELECT " + vcols + " FROM " + v.name + " WHERE " + vkey + " FOR UPDATE"
		q.deleteToken = "DELETE FROM " + v.name + " WHERE " + vkey
	} else {
		q.useToken = r("DELETE FROM " + v.name + " WHERE " + vkey + " RETURNING " + vcols)
	}

	if q.au.t != nil {
		au := q.au
		cred := st.col(au, schema.FieldCredentialID)
		q.insertAuth = st.insertSQL(au)
		q.getAuth = r("SELECT " + st.readList(au, "", false) + " FROM " + au.name + " WHERE " + cred + " = ?")
		q.listAuths = r("SELECT " + st.readList(au, "", false) + " FROM " + au.name + " WHERE " + st.col(au, schema.FieldUserID) + " = ?")
		set := st.col(au, schema.FieldCounter) + " = ?"
		if c := st.col(au, schema.FieldUpdatedAt); c != "" {
			set += ", " + c + " = ?"
		}
		q.updateAuthCounter = r("UPDATE " + au.name + " SET " + set + " WHERE " + cred + " = ?")
		q.existsAuth = r("SELECT 1 FROM " + au.name + " WHERE " + cred + " = ?")
		q.delAuth = r("DELETE FROM " + au.name + " WHERE " + st.col(au, schema.FieldUserID) + " = ?")
	}

	q.expiredSessions = st.expiredSQL(ss)
	q.expiredTokens = st.expiredSQL(v)
	return q
}

// expiredSQL is the statement that deletes a table's expired rows.
func (st *state) expiredSQL(b binding) sqlrow.Expired {
	var keys []string
	if b.t.ID != schema.IDNone {
		keys = []string{st.quote(b.t.IDName())}
	} else {
		for _, f := range b.t.PrimaryKey {
			keys = append(keys, st.col(b, f))
		}
	}
	return sqlrow.NewExpired(st.d, b.name, st.col(b, schema.FieldExpires), keys).Map(func(q string) string { return rebind(st.d, q) })
}

// ---- row mapping ----

func dests(b binding, withID bool, extra int) []any {
	n := len(b.read) + extra
	if withID {
		n++
	}
	d := make([]any, 0, n)
	if withID {
		d = append(d, new(nullString))
	}
	for _, c := range b.read {
		d = append(d, holder(c.Kind))
	}
	return d
}

func userFrom(b binding, d []any) *adapter.User {
	u := &adapter.User{ID: d[0].(*nullString).V}
	for i, c := range b.read {
		h := d[i+1]
		switch c.Field {
		case schema.FieldName:
			u.Name = h.(*nullString).V
		case schema.FieldEmail:
			u.Email = h.(*nullString).V
		case schema.FieldImage:
			u.Image = h.(*nullString).V
		case schema.FieldEmailVerified:
			u.EmailVerified = h.(*nullTime).ptr()
		default:
			if v := holderValue(c.Kind, h); v != nil {
				if u.Extra == nil {
					u.Extra = map[string]any{}
				}
				u.Extra[c.Field] = v
			}
		}
	}
	return u
}

func accountFrom(b binding, d []any) *adapter.Account {
	a := &adapter.Account{}
	for i, c := range b.read {
		h := d[i]
		switch c.Field {
		case schema.FieldUserID:
			a.UserID = h.(*nullString).V
		case schema.FieldType:
			a.Type = h.(*nullString).V
		case schema.FieldProvider:
			a.Provider = h.(*nullString).V
		case schema.FieldProviderAccountID:
			a.ProviderAccountID = h.(*nullString).V
		case schema.FieldRefreshToken:
			a.RefreshToken = h.(*nullString).V
		case schema.FieldAccessToken:
			a.AccessToken = h.(*nullString).V
		case schema.FieldTokenType:
			a.TokenType = h.(*nullString).V
		case schema.FieldScope:
			a.Scope = h.(*nullString).V
		case schema.FieldIDToken:
			a.IDToken = h.(*nullString).V
		case schema.FieldSessionState:
			a.SessionState = h.(*nullString).V
		case schema.FieldExpiresAt:
			switch x := h.(type) {
			case *nullInt:
				a.ExpiresAt = x.V
			case *nullTime:
				if x.Valid {
					a.ExpiresAt = x.Time.Unix()
				}
			}
		case schema.FieldExtra:
			if m, ok := holderValue(c.Kind, h).(map[string]any); ok && len(m) > 0 {
				a.Extra = m
			}
		}
	}
	return a
}

func sessionFrom(b binding, d []any) *adapter.Session {
	s := &adapter.Session{}
	for i, c := range b.read {
		switch c.Field {
		case schema.FieldSessionToken:
			s.SessionToken = d[i].(*nullString).V
		case schema.FieldUserID:
			s.UserID = d[i].(*nullString).V
		case schema.FieldExpires:
			s.Expires = d[i].(*nullTime).Time
		}
	}
	return s
}

func authFrom(b binding, d []any) *adapter.Authenticator {
	a := &adapter.Authenticator{}
	for i, c := range b.read {
		h := d[i]
		switch c.Field {
		case schema.FieldCredentialID:
			a.CredentialID = h.(*nullString).V
		case schema.FieldUserID:
			a.UserID = h.(*nullString).V
		case schema.FieldProviderAccountID:
			a.ProviderAccountID = h.(*nullString).V
		case schema.FieldCredentialPublicKey:
			a.CredentialPublicKey = h.(*nullString).V
		case schema.FieldCounter:
			a.Counter = h.(*nullInt).V
		case schema.FieldCredentialDeviceType:
			a.CredentialDeviceType = h.(*nullString).V
		case schema.FieldCredentialBackedUp:
			a.CredentialBackedUp = h.(*nullBool).V
		case schema.FieldTransports:
			a.Transports = h.(*nullString).V
		}
	}
	return a
}
