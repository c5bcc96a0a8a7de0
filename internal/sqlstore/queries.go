package sqlstore

import (
	"strings"

	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/internal/sqlrow"
)

// table is a schema table as the queries use it.
type table struct {
	t    *schema.Table
	name string           // quoted, prefixed table name
	read []*schema.Column // columns mapped to model fields (Auto columns excluded)
	ins  []*schema.Column // columns written on insert (the id excluded)
}

func (st *Store) bind(t *schema.Table) table {
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

func (st *Store) quote(name string) string { return schema.Quote(st.d, name) }

// rebind applies Config.Rebind.
func (st *Store) rebind(q string) string {
	if st.cfg.Rebind == nil {
		return q
	}
	return st.cfg.Rebind(q)
}

// col returns the quoted column of a logical field, "" if the table lacks it.
func (st *Store) col(b table, field string) string {
	if field == schema.FieldID && b.t.ID != schema.IDNone {
		return st.quote(b.t.IDName())
	}
	if c := b.t.Column(field); c != nil {
		return st.quote(c.Name)
	}
	return ""
}

func (st *Store) list(b table, alias string, withID bool) string {
	var parts []string
	if withID {
		parts = append(parts, alias+st.quote(b.t.IDName()))
	}
	for _, c := range b.read {
		parts = append(parts, alias+st.quote(c.Name))
	}
	return strings.Join(parts, ", ")
}

// queries holds the text of every statement, built once by New and
// rebound for the driver.
type queries struct {
	u, a, s, v, au table

	insertUser, getUser, getUserByEmail, getUserByAccount string
	deleteUser, deleteUserAccounts, deleteUserSessions    string
	deleteUserAuths                                       string
	deleteAuth                                            string

	insertAccount, getAccount, listAccounts, updateAccount, deleteAccount, existsAccount string

	insertSession, getSessionAndUser, updateSession, deleteSession, existsSession, listSessions string

	insertToken, useToken, lockToken, deleteToken string

	insertAuth, getAuth, listAuths, updateAuthCounter, existsAuth string

	expiredSessions, expiredTokens sqlrow.Expired
}

// insertSQL is the INSERT of one row of b: a new id for text-id tables,
// then the columns of b.ins, one placeholder each.
//
// With owner set (the users table), for tables whose rows belong to a user
// (accounts, sessions, authenticators), the row is inserted only if the
// user exists, in the same statement: INSERT … SELECT ?, … [FROM DUAL] WHERE EXISTS (SELECT 1
// FROM users WHERE id = ?), the user id the last argument. No row inserted
// means no such user (see insert). The statement keeps the plain INSERT's
// parameter typing: PostgreSQL types the placeholders of an INSERT's
// SELECT list from the target columns, as it does those of VALUES.
func (st *Store) insertSQL(b, owner table) string {
	var names []string
	if b.t.ID == schema.IDText {
		names = append(names, st.quote(b.t.IDName()))
	}
	for _, c := range b.ins {
		names = append(names, st.quote(c.Name))
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ")
	q := "INSERT INTO " + b.name + " (" + strings.Join(names, ", ") + ") "
	if owner.t != nil {
		q += "SELECT " + marks
		if st.d == schema.MySQL {
			q += " FROM DUAL"
		}
		q += " WHERE EXISTS (SELECT 1 FROM " + owner.name + " WHERE " + st.col(owner, schema.FieldID) + " = ?)"
	} else {
		q += "VALUES (" + marks + ")"
	}
	if b.t.ID == schema.IDSerial && st.d != schema.MySQL {
		q += " RETURNING " + st.quote(b.t.IDName())
	}
	return st.rebind(q)
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

func (st *Store) build() queries {
	s := st.s
	q := queries{u: st.bind(s.Users), a: st.bind(s.Accounts), s: st.bind(s.Sessions), v: st.bind(s.VerificationTokens), au: st.bind(s.Authenticators)}
	u, a, ss, v := q.u, q.a, q.s, q.v
	r := st.rebind
	uid := st.col(u, schema.FieldID)
	sel := func(b table, withID bool) string { return "SELECT " + st.list(b, "", withID) + " FROM " + b.name }

	q.insertUser = st.insertSQL(u, table{})
	q.getUser = r(sel(u, true) + " WHERE " + uid + " = ?")
	q.getUserByEmail = r(sel(u, true) + " WHERE " + st.col(u, schema.FieldEmail) + " = ?")
	q.getUserByAccount = r("SELECT " + st.list(u, "u.", true) + " FROM " + u.name + " u JOIN " + a.name + " a ON a." +
		st.col(a, schema.FieldUserID) + " = u." + uid + " WHERE a." + st.col(a, schema.FieldProvider) + " = ? AND a." +
		st.col(a, schema.FieldProviderAccountID) + " = ?")
	q.deleteUser = r("DELETE FROM " + u.name + " WHERE " + uid + " = ?")
	q.deleteUserAccounts = r("DELETE FROM " + a.name + " WHERE " + st.col(a, schema.FieldUserID) + " = ?")
	q.deleteUserSessions = r("DELETE FROM " + ss.name + " WHERE " + st.col(ss, schema.FieldUserID) + " = ?")

	akey := st.col(a, schema.FieldProvider) + " = ? AND " + st.col(a, schema.FieldProviderAccountID) + " = ?"
	q.insertAccount = st.insertSQL(a, u)
	q.getAccount = r(sel(a, false) + " WHERE " + akey)
	q.listAccounts = r(sel(a, false) + " WHERE " + st.col(a, schema.FieldUserID) + " = ?")
	var sets []string
	for _, c := range accountSetCols(a) {
		sets = append(sets, st.quote(c.Name)+" = ?")
	}
	q.updateAccount = r("UPDATE " + a.name + " SET " + strings.Join(sets, ", ") + " WHERE " + akey)
	q.deleteAccount = r("DELETE FROM " + a.name + " WHERE " + akey)
	q.existsAccount = r("SELECT 1 FROM " + a.name + " WHERE " + akey)

	tok := st.col(ss, schema.FieldSessionToken)
	q.insertSession = st.insertSQL(ss, u)
	q.getSessionAndUser = r("SELECT " + st.list(ss, "s.", false) + ", " + st.list(u, "u.", true) + " FROM " + ss.name +
		" s JOIN " + u.name + " u ON u." + uid + " = s." + st.col(ss, schema.FieldUserID) + " WHERE s." + tok + " = ?")
	set := st.col(ss, schema.FieldExpires) + " = ?"
	if c := st.col(ss, schema.FieldUpdatedAt); c != "" {
		set += ", " + c + " = ?"
	}
	q.updateSession = r("UPDATE " + ss.name + " SET " + set + " WHERE " + tok + " = ?")
	q.deleteSession = r("DELETE FROM " + ss.name + " WHERE " + tok + " = ?")
	q.existsSession = r("SELECT 1 FROM " + ss.name + " WHERE " + tok + " = ?")
	q.listSessions = r(sel(ss, false) + " WHERE " + st.col(ss, schema.FieldUserID) + " = ?")

	vkey := st.col(v, schema.FieldIdentifier) + " = ? AND " + st.col(v, schema.FieldToken) + " = ?"
	vcols := st.col(v, schema.FieldIdentifier) + ", " + st.col(v, schema.FieldToken) + ", " + st.col(v, schema.FieldExpires)
	q.insertToken = st.insertSQL(v, table{})
	if st.d == schema.MySQL {
		q.lockToken = "SELECT " + vcols + " FROM " + v.name + " WHERE " + vkey + " FOR UPDATE"
		q.deleteToken = "DELETE FROM " + v.name + " WHERE " + vkey
	} else {
		q.useToken = r("DELETE FROM " + v.name + " WHERE " + vkey + " RETURNING " + vcols)
	}

	if au := q.au; au.t != nil {
		cred := st.col(au, schema.FieldCredentialID)
		q.insertAuth = st.insertSQL(au, u)
		q.getAuth = r(sel(au, false) + " WHERE " + cred + " = ?")
		q.listAuths = r(sel(au, false) + " WHERE " + st.col(au, schema.FieldUserID) + " = ?")
		set := st.col(au, schema.FieldCounter) + " = ?"
		if c := st.col(au, schema.FieldUpdatedAt); c != "" {
			set += ", " + c + " = ?"
		}
		q.updateAuthCounter = r("UPDATE " + au.name + " SET " + set + " WHERE " + cred + " = ?")
		q.existsAuth = r("SELECT 1 FROM " + au.name + " WHERE " + cred + " = ?")
		q.deleteAuth = r("DELETE FROM " + au.name + " WHERE " + cred + " = ?")
		q.deleteUserAuths = r("DELETE FROM " + au.name + " WHERE " + st.col(au, schema.FieldUserID) + " = ?")
	}
	q.expiredSessions = st.expiredSQL(ss)
	q.expiredTokens = st.expiredSQL(v)
	return q
}

// expiredSQL is the statement that deletes a table's expired rows.
func (st *Store) expiredSQL(b table) sqlrow.Expired {
	var keys []string
	if b.t.ID != schema.IDNone {
		keys = []string{st.quote(b.t.IDName())}
	} else {
		for _, f := range b.t.PrimaryKey {
			keys = append(keys, st.col(b, f))
		}
	}
	e := sqlrow.NewExpired(st.d, b.name, st.col(b, schema.FieldExpires), keys)
	if st.cfg.Rebind != nil {
		e = e.Map(st.cfg.Rebind)
	}
	return e
}
