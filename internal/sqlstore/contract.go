package sqlstore

import (
	"context"
	"strconv"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/internal/sqlrow"
)

// insert runs an INSERT built by insertSQL and returns the id the database
// generated for serial-id tables ("" otherwise): RETURNING outside MySQL,
// the result's LastInsertId on MySQL. ok is false when no row was
// inserted, which only a user-checked insert does (the user is missing).
func (st *Store) insert(ctx context.Context, ex Executor, b table, q string, args []any) (id string, ok bool, err error) {
	if b.t.ID == schema.IDSerial && st.d != schema.MySQL {
		cs := []cell{{kind: schema.String}}
		found, err := queryOne(ctx, ex, cs, q, args...)
		return cs[0].s, found, err
	}
	res, err := ex.ExecContext(ctx, q, args...)
	if err != nil {
		return "", false, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return "", false, err
	}
	if n == 0 {
		return "", false, nil
	}
	if b.t.ID != schema.IDSerial {
		return "", true, nil
	}
	last, err := res.LastInsertId()
	return strconv.FormatInt(last, 10), true, err
}

// insertOfUser runs a user-checked INSERT (insertSQL with the users table
// as owner) of a row belonging to the user uid: the user id is its last
// argument, and no row inserted is ErrNotFound.
func (st *Store) insertOfUser(ctx context.Context, ex Executor, op string, b table, q string, args []any, uid any) error {
	_, ok, err := st.insert(ctx, ex, b, q, append(args, uid))
	if err != nil {
		return st.Wrap(op, err)
	}
	if !ok {
		return st.errorf("%s: the user does not exist: %w", op, adapter.ErrNotFound)
	}
	return nil
}

// rowArgs returns the arguments of a table's insertSQL: a new id for
// text-id tables, then for each inserted column its automatic value
// (timestamps, compound id, random hex) or what value returns for it.
func (st *Store) rowArgs(b table, value func(c *schema.Column) any) []any {
	now := time.Now()
	args := make([]any, 0, len(b.ins)+1)
	if b.t.ID == schema.IDText {
		args = append(args, adapter.NewID())
	}
	for _, c := range b.ins {
		if v, ok := st.enc().Auto(c, now, "", ""); ok {
			args = append(args, v)
			continue
		}
		args = append(args, value(c))
	}
	return args
}

// exec runs a statement that must change one row: none is ErrNotFound.
func (st *Store) exec(ctx context.Context, ex Executor, op string, q string, args ...any) error {
	res, err := ex.ExecContext(ctx, q, args...)
	if err != nil {
		return st.Wrap(op, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return st.notFound(op)
	}
	return nil
}

// update runs an UPDATE; "no row changed" is ErrNotFound, after asking the
// database whether the row exists when the driver counts only changed
// rows (MySQL without clientFoundRows).
func (st *Store) update(ctx context.Context, ex Executor, op, q string, args []any, exists string, key ...any) error {
	res, err := ex.ExecContext(ctx, q, args...)
	if err != nil {
		return st.Wrap(op, err)
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return nil
	}
	if st.d == schema.MySQL {
		found, err := queryOne(ctx, ex, []cell{{kind: schema.Int64}}, exists, key...)
		if err != nil {
			return st.Wrap(op, err)
		}
		if found {
			return nil
		}
	}
	return st.notFound(op)
}

// ---- users ----

func (st *Store) userArg(c *schema.Column, u *adapter.User) (v any, skip bool, err error) {
	switch c.Field {
	case schema.FieldName:
		return sqlrow.Str(c, u.Name), false, nil
	case schema.FieldEmail:
		return sqlrow.Str(c, u.Email), false, nil
	case schema.FieldImage:
		return sqlrow.Str(c, u.Image), false, nil
	case schema.FieldEmailVerified:
		return st.timePtrArg(u.EmailVerified), false, nil
	}
	x, ok := u.Extra[c.Field]
	if !ok {
		return nil, true, nil
	}
	v, err = st.enc().Value(c, x)
	return v, false, err
}

// CreateUser implements adapter.UserStore's CreateUser on c. Extra values
// for the schema's extra user columns are written too.
func (st *Store) CreateUser(ctx context.Context, c Conn, u *adapter.User) (*adapter.User, error) {
	if u == nil {
		return nil, st.errorf("create user: nil user")
	}
	b := st.q.u
	now := time.Now()
	args := make([]any, 0, len(b.ins)+1)
	id := u.ID
	if b.t.ID == schema.IDText {
		if id == "" {
			id = adapter.NewID()
		}
		args = append(args, id)
	}
	for _, col := range b.ins {
		if v, ok := st.enc().Auto(col, now, "", ""); ok {
			args = append(args, v)
			continue
		}
		v, _, err := st.userArg(col, u)
		if err != nil {
			return nil, st.errorf("create user: %w", err)
		}
		args = append(args, v)
	}
	gen, _, err := st.insert(ctx, c, b, st.q.insertUser, args)
	if err != nil {
		return nil, st.Wrap("create user", err)
	}
	if b.t.ID == schema.IDSerial {
		id = gen
	}
	return st.getUser(ctx, c, st.q.getUser, id)
}

func (st *Store) getUser(ctx context.Context, ex Executor, q string, args ...any) (*adapter.User, error) {
	cs := st.cells(st.q.u, true)
	found, err := queryOne(ctx, ex, cs, q, args...)
	if err != nil {
		return nil, st.Wrap("get user", err)
	}
	if !found {
		return nil, st.notFound("user")
	}
	return userFrom(st.q.u, cs), nil
}

// GetUser implements adapter.UserStore's GetUser on c.
func (st *Store) GetUser(ctx context.Context, c Conn, id string) (*adapter.User, error) {
	uid, ok := st.userIDArg(id)
	if !ok {
		return nil, st.notFound("user")
	}
	return st.getUser(ctx, c, st.q.getUser, uid)
}

// GetUserByEmail implements adapter.UserStore's GetUserByEmail on c.
func (st *Store) GetUserByEmail(ctx context.Context, c Conn, email string) (*adapter.User, error) {
	if email == "" {
		return nil, st.notFound("user")
	}
	return st.getUser(ctx, c, st.q.getUserByEmail, email)
}

// GetUserByAccount implements adapter.UserStore's GetUserByAccount on c
// with one JOIN.
func (st *Store) GetUserByAccount(ctx context.Context, c Conn, provider, providerAccountID string) (*adapter.User, error) {
	return st.getUser(ctx, c, st.q.getUserByAccount, provider, providerAccountID)
}

// UpdateUser implements adapter.UserStore's UpdateUser on c. Of Extra,
// only the keys present are written.
func (st *Store) UpdateUser(ctx context.Context, c Conn, u *adapter.User) (*adapter.User, error) {
	if u == nil {
		return nil, st.errorf("update user: nil user")
	}
	id, ok := st.userIDArg(u.ID)
	if !ok {
		return nil, st.notFound("user")
	}
	b := st.q.u
	q := "UPDATE " + b.name + " SET "
	var args []any
	now := time.Now()
	for _, col := range b.ins {
		var v any
		switch {
		case col.Auto == schema.AutoUpdated:
			v = st.timeArg(now)
		case col.Auto != schema.AutoNone || col.Field == schema.FieldCreatedAt:
			continue
		default:
			var skip bool
			var err error
			if v, skip, err = st.userArg(col, u); err != nil {
				return nil, st.errorf("update user: %w", err)
			}
			if skip {
				continue
			}
		}
		if len(args) > 0 {
			q += ", "
		}
		q += st.quote(col.Name) + " = ?"
		args = append(args, v)
	}
	q += " WHERE " + st.col(b, schema.FieldID) + " = ?"
	args = append(args, id)
	if _, err := c.ExecContext(ctx, st.rebind(q), args...); err != nil {
		return nil, st.Wrap("update user", err)
	}
	return st.getUser(ctx, c, st.q.getUser, id)
}

// DeleteUser implements adapter.UserStore's DeleteUser on c: the user's
// authenticators, sessions and accounts and the user go in one
// transaction.
func (st *Store) DeleteUser(ctx context.Context, c Conn, id string) error {
	uid, ok := st.userIDArg(id)
	if !ok {
		return st.notFound("delete user")
	}
	return c.InTx(ctx, func(ex Executor) error {
		for _, q := range []string{st.q.deleteUserAuths, st.q.deleteUserSessions, st.q.deleteUserAccounts} {
			if q == "" {
				continue
			}
			if _, err := ex.ExecContext(ctx, q, uid); err != nil {
				return st.Wrap("delete user", err)
			}
		}
		return st.exec(ctx, ex, "delete user", st.q.deleteUser, uid)
	})
}

// ---- accounts ----

// LinkAccount implements adapter.AccountStore's LinkAccount on c.
func (st *Store) LinkAccount(ctx context.Context, c Conn, acc *adapter.Account) error {
	if acc == nil {
		return st.errorf("link account: nil account")
	}
	uid, ok := st.userIDArg(acc.UserID)
	if !ok {
		return st.errorf("link account: user id %q is not an integer, as the %s schema's ids are: %w", acc.UserID, st.s.Name, adapter.ErrNotFound)
	}
	b := st.q.a
	args, err := st.enc().AccountArgs(b.ins, acc, time.Now(), uid)
	if err != nil {
		return st.errorf("link account: %w", err)
	}
	if b.t.ID == schema.IDText {
		args = append([]any{adapter.NewID()}, args...)
	}
	return st.insertOfUser(ctx, c, "link account", b, st.q.insertAccount, args, uid)
}

// UpdateAccount implements adapter.AccountStore's UpdateAccount on c.
func (st *Store) UpdateAccount(ctx context.Context, c Conn, acc *adapter.Account) error {
	if acc == nil {
		return st.errorf("update account: nil account")
	}
	args, err := st.enc().AccountArgs(accountSetCols(st.q.a), acc, time.Now(), nil)
	if err != nil {
		return st.errorf("update account: %w", err)
	}
	args = append(args, acc.Provider, acc.ProviderAccountID)
	return st.update(ctx, c, "update account", st.q.updateAccount, args, st.q.existsAccount, acc.Provider, acc.ProviderAccountID)
}

// all runs q and returns every row it reads from b's table, made by from;
// none is an empty slice. Errors are wrapped for op.
func all[T any](ctx context.Context, st *Store, ex Executor, b table, from func(table, []cell) T, op, q string, args ...any) ([]T, error) {
	out := []T{}
	err := queryAll(ctx, ex, func() []cell { return st.cells(b, false) },
		func(cs []cell) { out = append(out, from(b, cs)) }, q, args...)
	if err != nil {
		return nil, st.Wrap(op, err)
	}
	return out, nil
}

// first returns the first of rows, or an error wrapping adapter.ErrNotFound
// naming what if there is none.
func first[T any](st *Store, rows []T, err error, what string) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	if len(rows) == 0 {
		return zero, st.notFound(what)
	}
	return rows[0], nil
}

// GetAccount implements adapter.AccountStore's GetAccount on c.
func (st *Store) GetAccount(ctx context.Context, c Conn, provider, providerAccountID string) (*adapter.Account, error) {
	accs, err := all(ctx, st, c, st.q.a, accountFrom, "get account", st.q.getAccount, provider, providerAccountID)
	return first(st, accs, err, "account")
}

// ListAccounts implements adapter.AccountStore's ListAccounts on c.
func (st *Store) ListAccounts(ctx context.Context, c Conn, userID string) ([]*adapter.Account, error) {
	uid, ok := st.userIDArg(userID)
	if !ok {
		return []*adapter.Account{}, nil
	}
	return all(ctx, st, c, st.q.a, accountFrom, "list accounts", st.q.listAccounts, uid)
}

// UnlinkAccount implements adapter.AccountStore's UnlinkAccount on c.
func (st *Store) UnlinkAccount(ctx context.Context, c Conn, provider, providerAccountID string) error {
	return st.exec(ctx, c, "unlink account", st.q.deleteAccount, provider, providerAccountID)
}

// ---- sessions ----

// CreateSession implements adapter.SessionStore's CreateSession on c.
func (st *Store) CreateSession(ctx context.Context, c Conn, s *adapter.Session) error {
	if s == nil {
		return st.errorf("create session: nil session")
	}
	uid, ok := st.userIDArg(s.UserID)
	if !ok {
		return st.errorf("create session: user id %q is not an integer, as the %s schema's ids are: %w", s.UserID, st.s.Name, adapter.ErrNotFound)
	}
	b := st.q.s
	args := st.rowArgs(b, func(col *schema.Column) any {
		switch col.Field {
		case schema.FieldSessionToken:
			return s.SessionToken
		case schema.FieldUserID:
			return uid
		case schema.FieldExpires:
			return st.timeArg(s.Expires)
		}
		return nil
	})
	return st.insertOfUser(ctx, c, "create session", b, st.q.insertSession, args, uid)
}

// GetSessionAndUser implements adapter.SessionStore's GetSessionAndUser on
// c with one statement: a JOIN of the sessions and users tables.
func (st *Store) GetSessionAndUser(ctx context.Context, c Conn, sessionToken string) (*adapter.Session, *adapter.User, error) {
	ns := len(st.q.s.read)
	cs := append(st.cells(st.q.s, false), st.cells(st.q.u, true)...)
	found, err := queryOne(ctx, c, cs, st.q.getSessionAndUser, sessionToken)
	if err != nil {
		return nil, nil, st.Wrap("get session", err)
	}
	if !found {
		return nil, nil, st.notFound("session")
	}
	return sessionFrom(st.q.s, cs[:ns]), userFrom(st.q.u, cs[ns:]), nil
}

// UpdateSession implements adapter.SessionStore's UpdateSession on c.
func (st *Store) UpdateSession(ctx context.Context, c Conn, s *adapter.Session) error {
	if s == nil {
		return st.errorf("update session: nil session")
	}
	args := []any{st.timeArg(s.Expires)}
	if st.q.s.t.Column(schema.FieldUpdatedAt) != nil {
		args = append(args, st.timeArg(time.Now()))
	}
	args = append(args, s.SessionToken)
	return st.update(ctx, c, "update session", st.q.updateSession, args, st.q.existsSession, s.SessionToken)
}

// DeleteSession implements adapter.SessionStore's DeleteSession on c.
func (st *Store) DeleteSession(ctx context.Context, c Conn, sessionToken string) error {
	return st.exec(ctx, c, "delete session", st.q.deleteSession, sessionToken)
}

// ListSessions implements adapter.SessionLister's ListSessions on c.
func (st *Store) ListSessions(ctx context.Context, c Conn, userID string) ([]*adapter.Session, error) {
	uid, ok := st.userIDArg(userID)
	if !ok {
		return []*adapter.Session{}, nil
	}
	return all(ctx, st, c, st.q.s, sessionFrom, "list sessions", st.q.listSessions, uid)
}

// DeleteExpired implements adapter.ExpiredCleaner's DeleteExpired on c.
func (st *Store) DeleteExpired(ctx context.Context, c Conn, now time.Time, limit int) (sessions, tokens int64, err error) {
	res, err := c.ExecContext(ctx, st.q.expiredSessions.SQL(limit), st.timeArg(now))
	if err != nil {
		return 0, 0, st.Wrap("delete expired sessions", err)
	}
	sessions, _ = res.RowsAffected()
	res, err = c.ExecContext(ctx, st.q.expiredTokens.SQL(limit), st.timeArg(now))
	if err != nil {
		return sessions, 0, st.Wrap("delete expired verification tokens", err)
	}
	tokens, _ = res.RowsAffected()
	return sessions, tokens, nil
}

// ---- verification tokens ----

// CreateVerificationToken implements adapter.VerificationTokenStore's
// CreateVerificationToken on c.
func (st *Store) CreateVerificationToken(ctx context.Context, c Conn, t *adapter.VerificationToken) error {
	if t == nil {
		return st.errorf("create verification token: nil token")
	}
	b := st.q.v
	args := st.rowArgs(b, func(col *schema.Column) any {
		switch col.Field {
		case schema.FieldIdentifier:
			return t.Identifier
		case schema.FieldToken:
			return t.Token
		case schema.FieldExpires:
			return st.timeArg(t.Expires)
		}
		return nil
	})
	_, _, err := st.insert(ctx, c, b, st.q.insertToken, args)
	return st.Wrap("create verification token", err)
}

// UseVerificationToken implements adapter.VerificationTokenStore's
// UseVerificationToken on c atomically: one DELETE … RETURNING on
// PostgreSQL and SQLite; SELECT … FOR UPDATE and DELETE in one transaction
// on MySQL/MariaDB.
func (st *Store) UseVerificationToken(ctx context.Context, c Conn, identifier, token string) (*adapter.VerificationToken, error) {
	cs := []cell{{kind: schema.String}, {kind: schema.String}, st.timeCell()}
	var found bool
	if st.d != schema.MySQL {
		var err error
		if found, err = queryOne(ctx, c, cs, st.q.useToken, identifier, token); err != nil {
			return nil, st.Wrap("use verification token", err)
		}
	} else {
		err := c.InTx(ctx, func(ex Executor) error {
			var err error
			if found, err = queryOne(ctx, ex, cs, st.q.lockToken, identifier, token); err != nil || !found {
				return st.Wrap("use verification token", err)
			}
			_, err = ex.ExecContext(ctx, st.q.deleteToken, identifier, token)
			return st.Wrap("use verification token", err)
		})
		if err != nil {
			return nil, err
		}
	}
	if !found {
		return nil, st.notFound("use verification token")
	}
	return &adapter.VerificationToken{Identifier: cs[0].s, Token: cs[1].s, Expires: cs[2].t}, nil
}

// ---- authenticators ----

// authTable returns adapter.ErrUnsupported when the schema has no
// authenticators table; for lookups (lookup true) the error also wraps
// adapter.ErrNotFound, since no credential can exist there.
func (st *Store) authTable(lookup bool) error {
	switch {
	case st.q.au.t != nil:
		return nil
	case lookup:
		return st.errorf("the %s schema has no authenticators table: %w: %w", st.s.Name, adapter.ErrUnsupported, adapter.ErrNotFound)
	}
	return st.errorf("the %s schema has no authenticators table: %w", st.s.Name, adapter.ErrUnsupported)
}

// CreateAuthenticator implements adapter.AuthenticatorStore's
// CreateAuthenticator on c. It returns adapter.ErrUnsupported on a schema
// without an authenticators table.
func (st *Store) CreateAuthenticator(ctx context.Context, c Conn, au *adapter.Authenticator) error {
	if err := st.authTable(false); err != nil {
		return err
	}
	if au == nil {
		return st.errorf("create authenticator: nil authenticator")
	}
	uid, ok := st.userIDArg(au.UserID)
	if !ok {
		return st.errorf("create authenticator: user id %q is not an integer: %w", au.UserID, adapter.ErrNotFound)
	}
	b := st.q.au
	args := st.rowArgs(b, func(col *schema.Column) any {
		switch col.Field {
		case schema.FieldCredentialID:
			return au.CredentialID
		case schema.FieldUserID:
			return uid
		case schema.FieldProviderAccountID:
			return au.ProviderAccountID
		case schema.FieldCredentialPublicKey:
			return au.CredentialPublicKey
		case schema.FieldCounter:
			return au.Counter
		case schema.FieldCredentialDeviceType:
			return au.CredentialDeviceType
		case schema.FieldCredentialBackedUp:
			return au.CredentialBackedUp
		case schema.FieldTransports:
			return sqlrow.Str(col, au.Transports)
		}
		return nil
	})
	return st.insertOfUser(ctx, c, "create authenticator", b, st.q.insertAuth, args, uid)
}

// GetAuthenticator implements adapter.AuthenticatorStore's
// GetAuthenticator on c.
func (st *Store) GetAuthenticator(ctx context.Context, c Conn, credentialID string) (*adapter.Authenticator, error) {
	if err := st.authTable(true); err != nil {
		return nil, err
	}
	out, err := all(ctx, st, c, st.q.au, authFrom, "get authenticator", st.q.getAuth, credentialID)
	return first(st, out, err, "authenticator")
}

// ListAuthenticators implements adapter.AuthenticatorStore's
// ListAuthenticators on c. It returns adapter.ErrUnsupported on a schema
// without an authenticators table.
func (st *Store) ListAuthenticators(ctx context.Context, c Conn, userID string) ([]*adapter.Authenticator, error) {
	if err := st.authTable(false); err != nil {
		return nil, err
	}
	uid, ok := st.userIDArg(userID)
	if !ok {
		return []*adapter.Authenticator{}, nil
	}
	return all(ctx, st, c, st.q.au, authFrom, "list authenticators", st.q.listAuths, uid)
}

// DeleteAuthenticator implements adapter.AuthenticatorDeleter's
// DeleteAuthenticator on c.
func (st *Store) DeleteAuthenticator(ctx context.Context, c Conn, credentialID string) error {
	if err := st.authTable(true); err != nil {
		return err
	}
	return st.exec(ctx, c, "delete authenticator", st.q.deleteAuth, credentialID)
}

// UpdateAuthenticatorCounter implements adapter.AuthenticatorStore's
// UpdateAuthenticatorCounter on c.
func (st *Store) UpdateAuthenticatorCounter(ctx context.Context, c Conn, credentialID string, counter int64) (*adapter.Authenticator, error) {
	if err := st.authTable(true); err != nil {
		return nil, err
	}
	args := []any{counter}
	if st.q.au.t.Column(schema.FieldUpdatedAt) != nil {
		args = append(args, st.timeArg(time.Now()))
	}
	args = append(args, credentialID)
	if err := st.update(ctx, c, "update authenticator counter", st.q.updateAuthCounter, args, st.q.existsAuth, credentialID); err != nil {
		return nil, err
	}
	return st.GetAuthenticator(ctx, c, credentialID)
}
