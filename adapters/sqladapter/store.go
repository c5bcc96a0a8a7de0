package sqladapter

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/internal/sqlrow"
)

func notFound(what string) error {
	return fmt.Errorf("sqladapter: %s: %w", what, adapter.ErrNotFound)
}

// insert runs an INSERT built by insertSQL whose generated id, if any, the
// caller does not need: on serial-id tables outside MySQL the statement
// ends in RETURNING, so it is run as a query and its row read.
func (a *Adapter) insert(ctx context.Context, st *state, b binding, q string, args []any) error {
	ex := a.ex(st)
	if b.t.ID == schema.IDSerial && st.d != schema.MySQL {
		var ns nullString
		return ex.QueryRowContext(ctx, q, args...).Scan(&ns)
	}
	_, err := ex.ExecContext(ctx, q, args...)
	return err
}

// rowArgs returns the arguments of a table's insertSQL: a new id for
// text-id tables, then for each inserted column its automatic value
// (timestamps, compound id, random hex) or what value returns for it.
func (st *state) rowArgs(b binding, now time.Time, value func(c *schema.Column) any) []any {
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

// ---- users ----

// CreateUser implements adapter.UserStore.
func (a *Adapter) CreateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, errors.New("sqladapter: create user: nil user")
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
	for _, c := range b.ins {
		if v, ok := st.enc().Auto(c, now, "", ""); ok {
			args = append(args, v)
			continue
		}
		var v any
		switch c.Field {
		case schema.FieldName:
			v = sqlrow.Str(c, u.Name)
		case schema.FieldEmail:
			v = sqlrow.Str(c, u.Email)
		case schema.FieldImage:
			v = sqlrow.Str(c, u.Image)
		case schema.FieldEmailVerified:
			v = st.timePtrArg(u.EmailVerified)
		default:
			if x, ok := u.Extra[c.Field]; ok {
				if v, err = st.enc().Value(c, x); err != nil {
					return nil, fmt.Errorf("sqladapter: create user: %w", err)
				}
			}
		}
		args = append(args, v)
	}
	ex := a.ex(st)
	switch {
	case b.t.ID != schema.IDSerial:
		_, err = ex.ExecContext(ctx, st.q.insertUser, args...)
	case st.d == schema.MySQL:
		var res sql.Result
		if res, err = ex.ExecContext(ctx, st.q.insertUser, args...); err == nil {
			var n int64
			n, err = res.LastInsertId()
			id = fmt.Sprint(n)
		}
	default:
		var ns nullString
		err = ex.QueryRowContext(ctx, st.q.insertUser, args...).Scan(&ns)
		id = ns.V
	}
	if err != nil {
		return nil, st.wrap("create user", err)
	}
	return a.getUser(ctx, st, ex, st.q.getUser, id)
}

func (a *Adapter) getUser(ctx context.Context, st *state, ex execer, query string, args ...any) (*adapter.User, error) {
	d := dests(st.q.u, true, 0)
	if err := ex.QueryRowContext(ctx, query, args...).Scan(d...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, notFound("user")
		}
		return nil, st.wrap("get user", err)
	}
	return userFrom(st.q.u, d), nil
}

// GetUser implements adapter.UserStore.
func (a *Adapter) GetUser(ctx context.Context, id string) (*adapter.User, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, err
	}
	arg, ok := st.userIDArg(id)
	if !ok {
		return nil, notFound("user")
	}
	return a.getUser(ctx, st, a.ex(st), st.q.getUser, arg)
}

// GetUserByEmail implements adapter.UserStore.
func (a *Adapter) GetUserByEmail(ctx context.Context, email string) (*adapter.User, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, err
	}
	if email == "" {
		return nil, notFound("user")
	}
	return a.getUser(ctx, st, a.ex(st), st.q.getUserByEmail, email)
}

// GetUserByAccount implements adapter.UserStore with one JOIN.
func (a *Adapter) GetUserByAccount(ctx context.Context, provider, providerAccountID string) (*adapter.User, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, err
	}
	return a.getUser(ctx, st, a.ex(st), st.q.getUserByAccount, provider, providerAccountID)
}

// UpdateUser implements adapter.UserStore.
func (a *Adapter) UpdateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, errors.New("sqladapter: update user: nil user")
	}
	id, ok := st.userIDArg(u.ID)
	if !ok {
		return nil, notFound("user")
	}
	b := st.q.u
	var sets []string
	var args []any
	now := time.Now()
	for _, c := range b.ins {
		var v any
		switch c.Field {
		case schema.FieldCreatedAt:
			continue
		case schema.FieldName:
			v = sqlrow.Str(c, u.Name)
		case schema.FieldEmail:
			v = sqlrow.Str(c, u.Email)
		case schema.FieldImage:
			v = sqlrow.Str(c, u.Image)
		case schema.FieldEmailVerified:
			v = st.timePtrArg(u.EmailVerified)
		default:
			if c.Auto == schema.AutoUpdated {
				v = st.timeArg(now)
				break
			}
			x, ok := u.Extra[c.Field]
			if !ok || c.Auto != schema.AutoNone {
				continue
			}
			if v, err = st.enc().Value(c, x); err != nil {
				return nil, fmt.Errorf("sqladapter: update user: %w", err)
			}
		}
		sets = append(sets, st.quote(c.Name)+" = ?")
		args = append(args, v)
	}
	args = append(args, id)
	q := rebind(st.d, "UPDATE "+b.name+" SET "+strings.Join(sets, ", ")+" WHERE "+st.col(b, schema.FieldID)+" = ?")
	ex := a.ex(st)
	if _, err := ex.ExecContext(ctx, q, args...); err != nil {
		return nil, st.wrap("update user", err)
	}
	return a.getUser(ctx, st, ex, st.q.getUser, id)
}

// DeleteUser implements adapter.UserStore: the user's authenticators,
// sessions and accounts and the user are deleted in one transaction.
func (a *Adapter) DeleteUser(ctx context.Context, id string) error {
	st, err := a.ready(ctx)
	if err != nil {
		return err
	}
	uid, ok := st.userIDArg(id)
	if !ok {
		return notFound("user")
	}
	return a.inTx(ctx, st, func(ex execer) error {
		for _, q := range []string{st.q.delAuth, st.q.deleteUserSessions, st.q.deleteUserAccounts} {
			if q == "" {
				continue
			}
			if _, err := ex.ExecContext(ctx, q, uid); err != nil {
				return st.wrap("delete user", err)
			}
		}
		res, err := ex.ExecContext(ctx, st.q.deleteUser, uid)
		if err != nil {
			return st.wrap("delete user", err)
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return notFound("delete user")
		}
		return nil
	})
}

// ---- accounts ----

// LinkAccount implements adapter.AccountStore.
func (a *Adapter) LinkAccount(ctx context.Context, acc *adapter.Account) error {
	st, err := a.ready(ctx)
	if err != nil {
		return err
	}
	if acc == nil {
		return errors.New("sqladapter: link account: nil account")
	}
	uid, ok := st.userIDArg(acc.UserID)
	if !ok {
		return fmt.Errorf("sqladapter: link account: user id %q is not an integer, as the %s schema's ids are: %w", acc.UserID, st.s.Name, adapter.ErrNotFound)
	}
	b := st.q.a
	args, err := st.enc().AccountArgs(b.ins, acc, time.Now(), uid)
	if err != nil {
		return fmt.Errorf("sqladapter: link account: %w", err)
	}
	if b.t.ID == schema.IDText {
		args = append([]any{adapter.NewID()}, args...)
	}
	return st.wrap("link account", a.insert(ctx, st, b, st.q.insertAccount, args))
}

// UpdateAccount implements adapter.AccountStore.
func (a *Adapter) UpdateAccount(ctx context.Context, acc *adapter.Account) error {
	st, err := a.ready(ctx)
	if err != nil {
		return err
	}
	if acc == nil {
		return errors.New("sqladapter: update account: nil account")
	}
	var cols []*schema.Column
	for _, c := range st.q.a.ins {
		switch c.Field {
		case schema.FieldUserID, schema.FieldProvider, schema.FieldProviderAccountID, schema.FieldCompoundID, schema.FieldCreatedAt:
			continue
		}
		cols = append(cols, c)
	}
	args, err := st.enc().AccountArgs(cols, acc, time.Now(), nil)
	if err != nil {
		return fmt.Errorf("sqladapter: update account: %w", err)
	}
	args = append(args, acc.Provider, acc.ProviderAccountID)
	ex := a.ex(st)
	res, err := ex.ExecContext(ctx, st.q.updateAccount, args...)
	if err != nil {
		return st.wrap("update account", err)
	}
	return a.checkAffected(ctx, st, ex, res, "update account", st.q.existsAccount, acc.Provider, acc.ProviderAccountID)
}

// checkAffected turns "no row changed" into ErrNotFound, asking the database
// when the driver may report unchanged rows as unaffected (MySQL).
func (a *Adapter) checkAffected(ctx context.Context, st *state, ex execer, res sql.Result, op, exists string, args ...any) error {
	n, err := res.RowsAffected()
	if err != nil || n > 0 {
		return nil
	}
	if st.d == schema.MySQL {
		var one int
		err := ex.QueryRowContext(ctx, exists, args...).Scan(&one)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return st.wrap(op, err)
		}
	}
	return notFound(op)
}

func (a *Adapter) queryAccounts(ctx context.Context, st *state, q string, args ...any) ([]*adapter.Account, error) {
	rows, err := a.ex(st).QueryContext(ctx, q, args...)
	if err != nil {
		return nil, st.wrap("get accounts", err)
	}
	defer rows.Close()
	out := []*adapter.Account{}
	for rows.Next() {
		d := dests(st.q.a, false, 0)
		if err := rows.Scan(d...); err != nil {
			return nil, st.wrap("get accounts", err)
		}
		out = append(out, accountFrom(st.q.a, d))
	}
	if err := rows.Err(); err != nil {
		return nil, st.wrap("get accounts", err)
	}
	return out, nil
}

// GetAccount implements adapter.AccountStore.
func (a *Adapter) GetAccount(ctx context.Context, provider, providerAccountID string) (*adapter.Account, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, err
	}
	accs, err := a.queryAccounts(ctx, st, st.q.getAccount, provider, providerAccountID)
	if err != nil {
		return nil, err
	}
	if len(accs) == 0 {
		return nil, notFound("account")
	}
	return accs[0], nil
}

// ListAccounts implements adapter.AccountStore.
func (a *Adapter) ListAccounts(ctx context.Context, userID string) ([]*adapter.Account, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, err
	}
	uid, ok := st.userIDArg(userID)
	if !ok {
		return []*adapter.Account{}, nil
	}
	return a.queryAccounts(ctx, st, st.q.listAccounts, uid)
}

// UnlinkAccount implements adapter.AccountStore.
func (a *Adapter) UnlinkAccount(ctx context.Context, provider, providerAccountID string) error {
	st, err := a.ready(ctx)
	if err != nil {
		return err
	}
	res, err := a.ex(st).ExecContext(ctx, st.q.deleteAccount, provider, providerAccountID)
	if err != nil {
		return st.wrap("unlink account", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound("unlink account")
	}
	return nil
}

// ---- sessions ----

// CreateSession implements adapter.SessionStore.
func (a *Adapter) CreateSession(ctx context.Context, s *adapter.Session) error {
	st, err := a.ready(ctx)
	if err != nil {
		return err
	}
	if s == nil {
		return errors.New("sqladapter: create session: nil session")
	}
	uid, ok := st.userIDArg(s.UserID)
	if !ok {
		return fmt.Errorf("sqladapter: create session: user id %q is not an integer, as the %s schema's ids are: %w", s.UserID, st.s.Name, adapter.ErrNotFound)
	}
	b := st.q.s
	args := st.rowArgs(b, time.Now(), func(c *schema.Column) any {
		switch c.Field {
		case schema.FieldSessionToken:
			return s.SessionToken
		case schema.FieldUserID:
			return uid
		case schema.FieldExpires:
			return st.timeArg(s.Expires)
		}
		return nil
	})
	return st.wrap("create session", a.insert(ctx, st, b, st.q.insertSession, args))
}

// GetSessionAndUser implements adapter.SessionStore in one statement (a
// JOIN of the sessions and users tables).
func (a *Adapter) GetSessionAndUser(ctx context.Context, sessionToken string) (*adapter.Session, *adapter.User, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, nil, err
	}
	ns := len(st.q.s.read)
	d := dests(st.q.s, false, len(st.q.u.read)+1)
	d = append(d, dests(st.q.u, true, 0)...)
	if err := a.ex(st).QueryRowContext(ctx, st.q.getSessionAndUser, sessionToken).Scan(d...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil, notFound("session")
		}
		return nil, nil, st.wrap("get session", err)
	}
	return sessionFrom(st.q.s, d[:ns]), userFrom(st.q.u, d[ns:]), nil
}

// UpdateSession implements adapter.SessionStore.
func (a *Adapter) UpdateSession(ctx context.Context, s *adapter.Session) error {
	st, err := a.ready(ctx)
	if err != nil {
		return err
	}
	if s == nil {
		return errors.New("sqladapter: update session: nil session")
	}
	args := []any{st.timeArg(s.Expires)}
	if st.q.s.t.Column(schema.FieldUpdatedAt) != nil {
		args = append(args, st.timeArg(time.Now()))
	}
	args = append(args, s.SessionToken)
	ex := a.ex(st)
	res, err := ex.ExecContext(ctx, st.q.updateSession, args...)
	if err != nil {
		return st.wrap("update session", err)
	}
	return a.checkAffected(ctx, st, ex, res, "update session", st.q.existsSession, s.SessionToken)
}

// DeleteSession implements adapter.SessionStore.
func (a *Adapter) DeleteSession(ctx context.Context, sessionToken string) error {
	st, err := a.ready(ctx)
	if err != nil {
		return err
	}
	res, err := a.ex(st).ExecContext(ctx, st.q.deleteSession, sessionToken)
	if err != nil {
		return st.wrap("delete session", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound("delete session")
	}
	return nil
}

// ListSessions implements adapter.SessionLister.
func (a *Adapter) ListSessions(ctx context.Context, userID string) ([]*adapter.Session, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, err
	}
	out := []*adapter.Session{}
	uid, ok := st.userIDArg(userID)
	if !ok {
		return out, nil
	}
	rows, err := a.ex(st).QueryContext(ctx, st.q.listSessions, uid)
	if err != nil {
		return nil, st.wrap("list sessions", err)
	}
	defer rows.Close()
	for rows.Next() {
		d := dests(st.q.s, false, 0)
		if err := rows.Scan(d...); err != nil {
			return nil, st.wrap("list sessions", err)
		}
		out = append(out, sessionFrom(st.q.s, d))
	}
	if err := rows.Err(); err != nil {
		return nil, st.wrap("list sessions", err)
	}
	return out, nil
}

// DeleteExpired implements adapter.ExpiredCleaner.
func (a *Adapter) DeleteExpired(ctx context.Context, now time.Time, limit int) (sessions, tokens int64, err error) {
	st, err := a.ready(ctx)
	if err != nil {
		return 0, 0, err
	}
	ex := a.ex(st)
	res, err := ex.ExecContext(ctx, st.q.expiredSessions.SQL(limit), st.timeArg(now))
	if err != nil {
		return 0, 0, st.wrap("delete expired sessions", err)
	}
	sessions, _ = res.RowsAffected()
	res, err = ex.ExecContext(ctx, st.q.expiredTokens.SQL(limit), st.timeArg(now))
	if err != nil {
		return sessions, 0, st.wrap("delete expired verification tokens", err)
	}
	tokens, _ = res.RowsAffected()
	return sessions, tokens, nil
}

// ---- verification tokens ----

// CreateVerificationToken implements adapter.VerificationTokenStore.
func (a *Adapter) CreateVerificationToken(ctx context.Context, t *adapter.VerificationToken) error {
	st, err := a.ready(ctx)
	if err != nil {
		return err
	}
	if t == nil {
		return errors.New("sqladapter: create verification token: nil token")
	}
	b := st.q.v
	args := st.rowArgs(b, time.Now(), func(c *schema.Column) any {
		switch c.Field {
		case schema.FieldIdentifier:
			return t.Identifier
		case schema.FieldToken:
			return t.Token
		case schema.FieldExpires:
			return st.timeArg(t.Expires)
		}
		return nil
	})
	return st.wrap("create verification token", a.insert(ctx, st, b, st.q.insertToken, args))
}

// UseVerificationToken implements adapter.VerificationTokenStore:
// DELETE ... RETURNING on PostgreSQL and SQLite, SELECT ... FOR UPDATE and
// DELETE in one transaction on MySQL.
func (a *Adapter) UseVerificationToken(ctx context.Context, identifier, token string) (*adapter.VerificationToken, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, err
	}
	var vt adapter.VerificationToken
	var exp nullTime
	if st.d != schema.MySQL {
		err := a.ex(st).QueryRowContext(ctx, st.q.useToken, identifier, token).Scan(&vt.Identifier, &vt.Token, &exp)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, notFound("use verification token")
		}
		if err != nil {
			return nil, st.wrap("use verification token", err)
		}
		vt.Expires = exp.Time
		return &vt, nil
	}
	err = a.inTx(ctx, st, func(ex execer) error {
		err := ex.QueryRowContext(ctx, st.q.selectTokenForUpdate, identifier, token).Scan(&vt.Identifier, &vt.Token, &exp)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("use verification token")
		}
		if err != nil {
			return st.wrap("use verification token", err)
		}
		if _, err := ex.ExecContext(ctx, st.q.deleteToken, identifier, token); err != nil {
			return st.wrap("use verification token", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	vt.Expires = exp.Time
	return &vt, nil
}

// ---- authenticators ----

func (st *state) authTable() error {
	if st.q.au.t == nil {
		return fmt.Errorf("sqladapter: the %s schema has no authenticators table: %w", st.s.Name, adapter.ErrUnsupported)
	}
	return nil
}

// noAuthenticator is the error of a lookup on a schema without an
// authenticators table: the credential does not exist and cannot, so the
// error is both adapter.ErrUnsupported and adapter.ErrNotFound.
func (st *state) noAuthenticator() error {
	if st.q.au.t == nil {
		return fmt.Errorf("sqladapter: the %s schema has no authenticators table: %w (%w)", st.s.Name, adapter.ErrUnsupported, adapter.ErrNotFound)
	}
	return nil
}

// CreateAuthenticator implements adapter.AuthenticatorStore. It returns
// adapter.ErrUnsupported on a schema without an authenticators table.
func (a *Adapter) CreateAuthenticator(ctx context.Context, au *adapter.Authenticator) error {
	st, err := a.ready(ctx)
	if err != nil {
		return err
	}
	if err := st.authTable(); err != nil {
		return err
	}
	if au == nil {
		return errors.New("sqladapter: create authenticator: nil authenticator")
	}
	uid, ok := st.userIDArg(au.UserID)
	if !ok {
		return fmt.Errorf("sqladapter: create authenticator: user id %q is not an integer: %w", au.UserID, adapter.ErrNotFound)
	}
	b := st.q.au
	args := st.rowArgs(b, time.Now(), func(c *schema.Column) any {
		switch c.Field {
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
			return sqlrow.Str(c, au.Transports)
		}
		return nil
	})
	return st.wrap("create authenticator", a.insert(ctx, st, b, st.q.insertAuth, args))
}

func (a *Adapter) queryAuths(ctx context.Context, st *state, q string, args ...any) ([]*adapter.Authenticator, error) {
	rows, err := a.ex(st).QueryContext(ctx, q, args...)
	if err != nil {
		return nil, st.wrap("get authenticators", err)
	}
	defer rows.Close()
	out := []*adapter.Authenticator{}
	for rows.Next() {
		d := dests(st.q.au, false, 0)
		if err := rows.Scan(d...); err != nil {
			return nil, st.wrap("get authenticators", err)
		}
		out = append(out, authFrom(st.q.au, d))
	}
	if err := rows.Err(); err != nil {
		return nil, st.wrap("get authenticators", err)
	}
	return out, nil
}

// GetAuthenticator implements adapter.AuthenticatorStore.
func (a *Adapter) GetAuthenticator(ctx context.Context, credentialID string) (*adapter.Authenticator, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, err
	}
	if err := st.noAuthenticator(); err != nil {
		return nil, err
	}
	out, err := a.queryAuths(ctx, st, st.q.getAuth, credentialID)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, notFound("authenticator")
	}
	return out[0], nil
}

// ListAuthenticators implements adapter.AuthenticatorStore.
func (a *Adapter) ListAuthenticators(ctx context.Context, userID string) ([]*adapter.Authenticator, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, err
	}
	if err := st.authTable(); err != nil {
		return nil, err
	}
	uid, ok := st.userIDArg(userID)
	if !ok {
		return []*adapter.Authenticator{}, nil
	}
	return a.queryAuths(ctx, st, st.q.listAuths, uid)
}

// UpdateAuthenticatorCounter implements adapter.AuthenticatorStore.
func (a *Adapter) UpdateAuthenticatorCounter(ctx context.Context, credentialID string, counter int64) (*adapter.Authenticator, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, err
	}
	if err := st.noAuthenticator(); err != nil {
		return nil, err
	}
	args := []any{counter}
	if st.q.au.t.Column(schema.FieldUpdatedAt) != nil {
		args = append(args, st.timeArg(time.Now()))
	}
	args = append(args, credentialID)
	ex := a.ex(st)
	res, err := ex.ExecContext(ctx, st.q.updateAuthCounter, args...)
	if err != nil {
		return nil, st.wrap("update authenticator counter", err)
	}
	if err := a.checkAffected(ctx, st, ex, res, "update authenticator counter", st.q.existsAuth, credentialID); err != nil {
		return nil, err
	}
	return a.GetAuthenticator(ctx, credentialID)
}
