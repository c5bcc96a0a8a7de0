package gormadapter

import (
	"fmt"
	"strings"

	"github.com/gatehouse-go/gatehouse/adapter/schema"
)

// table is a schema table as the queries use it.
type table struct {
	t    *schema.Table
	name string           // quoted, prefixed table name
	read []*schema.Column // columns mapped to model fields (Auto columns excluded)
	ins  []*schema.Column // columns written on insert (the id excluded)
}

func (st *state) bind(t *schema.Table) table {
	if t == nil {
		return table{}
	}
	b := table{t: t, name: st.quote(st.s.TableName(t))}
	for i := range t.Columns {
		c := &t.Columns[i]
		b.ins = append(b.ins, c)
		if c.Auto == schema.AutoNone {
			b.read = append(b.read, c)
		}
	}
	return b
}

func (st *state) quote(name string) string { return schema.Quote(st.d, name) }

// col returns the quoted column of a logical field, "" if the table lacks it.
func (st *state) col(b table, field string) string {
	if field == schema.FieldID && b.t.ID != schema.IDNone {
		return st.quote(b.t.IDName())
	}
	if c := b.t.Column(field); c != nil {
		return st.quote(c.Name)
	}
	return ""
}

func (st *state) list(b table, alias string, withID bool) string {
	var parts []string
	if withID {
		parts = append(parts, alias+st.quote(b.t.IDName()))
	}
	for _, c := range b.read {
		parts = append(parts, alias+st.quote(c.Name))
	}
	return strings.Join(parts, ", ")
}

// queries holds the text of every statement, built once by Init. The ?
// placeholders are rebound by GORM's dialector.
type queries struct {
	u, a, s, v, au table

	insertUser, getUser, getUserByEmail, getUserByAccount string
	deleteUser, deleteUserAccounts, deleteUserSessions    string
	deleteUserAuths                                       string

	insertAccount, getAccount, listAccounts, updateAccount, deleteAccount, existsAccount string

	insertSession, getSessionAndUser, updateSession, deleteSession, existsSession, listSessions string

	insertToken, useToken, lockToken, deleteToken string

	insertAuth, getAuth, listAuths, updateAuthCounter, existsAuth string

	expiredSessions, expiredTokens expired
}

func (st *state) insertSQL(b table) string {
	var names []string
	if b.t.ID == schema.IDText {
		names = append(names, st.quote(b.t.IDName()))
	}
	for _, c := range b.ins {
		names = append(names, st.quote(c.Name))
	}
	q := "INSERT INTO " + b.name + " (" + strings.Join(names, ", ") + ") VALUES (" +
		strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ") + ")"
	if b.t.ID == schema.IDSerial && st.d != schema.MySQL {
		q += " RETURNING " + st.quote(b.t.IDName())
	}
	return q
}

// accountSetCols are the account columns UpdateAccount writes.
func accountSetCols(b table) []*schema.Column {
	var out []*schema.Column
	for _, c := range b.ins {
		switch c.Field {
		case schema.FieldUserID, schema.FieldProvider, schema.FieldProviderAccountID, schema.FieldCompoundID, schema.FieldCreatedAt:
			continue
		}
		out = append(out, c)
	}
	return out
}

func buildQueries(st *state) queries {
	s := st.s
	q := queries{u: st.bind(s.Users), a: st.bind(s.Accounts), s: st.bind(s.Sessions), v: st.bind(s.VerificationTokens), au: st.bind(s.Authenticators)}
	u, a, ss, v := q.u, q.a, q.s, q.v
	uid := st.col(u, schema.FieldID)
	sel := func(b table, withID bool) string { return "SELECT " + st.list(b, "", withID) + " FROM " + b.name }

	q.insertUser = st.insertSQL(u)
	q.getUser = sel(u, true) + " WHERE " + uid + " = ?"
	q.getUserByEmail = sel(u, true) + " WHERE " + st.col(u, schema.FieldEmail) + " = ?"
	q.getUserByAccount = "SELECT " + st.list(u, "u.", true) + " FROM " + u.name + " u JOIN " + a.name + " a ON a." +
		st.col(a, schema.FieldUserID) + " = u." + uid + " WHERE a." + st.col(a, schema.FieldProvider) + " = ? AND a." +
		st.col(a, schema.FieldProviderAccountID) + " = ?"
	q.deleteUser = "DELETE FROM " + u.name + " WHERE " + uid + " = ?"
	q.deleteUserAccounts = "DELETE FROM " + a.name + " WHERE " + st.col(a, schema.FieldUserID) + " = ?"
	q.deleteUserSessions = "DELETE FROM " + ss.name + " WHERE " + st.col(ss, schema.FieldUserID) + " = ?"

	akey := st.col(a, schema.FieldProvider) + " = ? AND " + st.col(a, schema.FieldProviderAccountID) + " = ?"
	q.insertAccount = st.insertSQL(a)
	q.getAccount = sel(a, false) + " WHERE " + akey
	q.listAccounts = sel(a, false) + " WHERE " + st.col(a, schema.FieldUserID) + " = ?"
	var sets []string
	for _, c := range accountSetCols(a) {
		sets = append(sets, st.quote(c.Name)+" = ?")
	}
	q.updateAccount = "UPDATE " + a.name + " SET " + strings.Join(sets, ", ") + " WHERE " + akey
	q.deleteAccount = "DELETE FROM " + a.name + " WHERE " + akey
	q.existsAccount = "SELECT 1 FROM " + a.name + " WHERE " + akey

	tok := st.col(ss, schema.FieldSessionToken)
	q.insertSession = st.insertSQL(ss)
	q.getSessionAndUser = "SELECT " + st.list(ss, "s.", false) + ", " + st.list(u, "u.", true) + " FROM " + ss.name +
		" s JOIN " + u.name + " u ON u." + uid + " = s." + st.col(ss, schema.FieldUserID) + " WHERE s." + tok + " = ?"
	set := st.col(ss, schema.FieldExpires) + " = ?"
	if c := st.col(ss, schema.FieldUpdatedAt); c != "" {
		set += ", " + c + " = ?"
	}
	q.updateSession = "UPDATE " + ss.name + " SET " + set + " WHERE " + tok + " = ?"
	q.deleteSession = "DELETE FROM " + ss.name + " WHERE " + tok + " = ?"
	q.existsSession = "SELECT 1 FROM " + ss.name + " WHERE " + tok + " = ?"
	q.listSessions = sel(ss, false) + " WHERE " + st.col(ss, schema.FieldUserID) + " = ?"

	vkey := st.col(v, schema.FieldIdentifier) + " = ? AND " + st.col(v, schema.FieldToken) + " = ?"
	vcols := st.col(v, schema.FieldIdentifier) + ", " + st.col(v, schema.FieldToken) + ", " + st.col(v, schema.FieldExpires)
	q.insertToken = st.insertSQL(v)
	if st.d == schema.MySQL {
		q.lockToken = "SELECT " + vcols + " FROM " + v.name + " WHERE " + vkey + " FOR UPDATE"
		q.deleteToken = "DELETE FROM " + v.name + " WHERE " + vkey
	} else {
		q.useToken = "DELETE FROM " + v.name + " WHERE " + vkey + " RETURNING " + vcols
	}

	if au := q.au; au.t != nil {
		cred := st.col(au, schema.FieldCredentialID)
		q.insertAuth = st.insertSQL(au)
		q.getAuth = sel(au, false) + " WHERE " + cred + " = ?"
		q.listAuths = sel(au, false) + " WHERE " + st.col(au, schema.FieldUserID) + " = ?"
		set := st.col(au, schema.FieldCounter) + " = ?"
		if c := st.col(au, schema.FieldUpdatedAt); c != "" {
			set += ", " + c + " = ?"
		}
		q.updateAuthCounter = "UPDATE " + au.name + " SET " + set + " WHERE " + cred + " = ?"
		q.existsAuth = "SELECT 1 FROM " + au.name + " WHERE " + cred + " = ?"
		q.deleteUserAuths = "DELETE FROM " + au.name + " WHERE " + st.col(au, schema.FieldUserID) + " = ?"
	}
	q.expiredSessions = st.expiredSQL(ss)
	q.expiredTokens = st.expiredSQL(v)
	return q
}

// expired holds the two forms of the statement that deletes rows whose
// expires is before the first argument.
type expired struct {
	all     string // no limit
	limited string // %d is the limit
}

func (e expired) sql(limit int) string {
	if limit <= 0 {
		return e.all
	}
	return fmt.Sprintf(e.limited, limit)
}

func (st *state) expiredSQL(b table) expired {
	exp := st.col(b, schema.FieldExpires)
	e := expired{all: "DELETE FROM " + b.name + " WHERE " + exp + " < ?"}
	switch st.d {
	case schema.MySQL:
		e.limited = e.all + " LIMIT %d"
	case schema.Postgres:
		// By key (PostgreSQL has no DELETE … LIMIT; CockroachDB no ctid).
		var keys []string
		if b.t.ID != schema.IDNone {
			keys = []string{st.quote(b.t.IDName())}
		} else {
			for _, f := range b.t.PrimaryKey {
				keys = append(keys, st.col(b, f))
			}
		}
		k := strings.Join(keys, ", ")
		e.limited = "DELETE FROM " + b.name + " WHERE (" + k + ") IN (SELECT " + k + " FROM " + b.name + " WHERE " + exp + " < ? LIMIT %d)"
	default:
		e.limited = "DELETE FROM " + b.name + " WHERE rowid IN (SELECT rowid FROM " + b.name + " WHERE " + exp + " < ? LIMIT %d)"
	}
	return e
}
