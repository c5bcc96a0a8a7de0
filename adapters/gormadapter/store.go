package gormadapter

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
)

// insert runs an INSERT built by insertSQL and returns the id the database
// generated for serial-id tables ("" otherwise).
func (st *state) insert(ctx context.Context, db *gorm.DB, b table, q string, args []any) (string, error) {
	switch {
	case b.t.ID != schema.IDSerial:
		return "", db.Exec(q, args...).Error
	case st.d == schema.MySQL:
		// MySQL has no INSERT … RETURNING and GORM's Exec does not expose
		// LastInsertId: run it on GORM's connection (the transaction's
		// inside InTx) directly.
		res, err := db.Statement.ConnPool.ExecContext(ctx, q, args...)
		if err != nil {
			return "", err
		}
		n, err := res.LastInsertId()
		return strconv.FormatInt(n, 10), err
	default:
		cs := []cell{{kind: schema.String}}
		_, err := queryOne(db, cs, q, args...)
		return cs[0].s, err
	}
}

// ---- users ----

func (st *state) userArg(c *schema.Column, u *adapter.User) (v any, skip bool, err error) {
	switch c.Field {
	case schema.FieldName:
		return strArg(c, u.Name), false, nil
	case schema.FieldEmail:
		return strArg(c, u.Email), false, nil
	case schema.FieldImage:
		return strArg(c, u.Image), false, nil
	case schema.FieldEmailVerified:
		return st.timePtrArg(u.EmailVerified), false, nil
	}
	x, ok := u.Extra[c.Field]
	if !ok {
		return nil, true, nil
	}
	v, err = st.valueArg(c, x)
	return v, false, err
}

// CreateUser implements adapter.UserStore. Extra values for the extra user
// columns (Options.UserModel, Options.ExtraUserColumns) are written too.
func (a *Adapter) CreateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, errors.New("gormadapter: create user: nil user")
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
		if v, ok := st.autoValue(c, now, "", ""); ok {
			args = append(args, v)
			continue
		}
		v, _, err := st.userArg(c, u)
		if err != nil {
			return nil, fmt.Errorf("gormadapter: create user: %w", err)
		}
		args = append(args, v)
	}
	db := a.conn(ctx, st)
	gen, err := st.insert(ctx, db, b, st.q.insertUser, args)
	if err != nil {
		return nil, st.wrap("create user", err)
	}
	if b.t.ID == schema.IDSerial {
		id = gen
	}
	return st.getUser(db, st.q.getUser, id)
}

func (st *state) getUser(db *gorm.DB, q string, args ...any) (*adapter.User, error) {
	cs := st.cells(st.q.u, true)
	found, err := queryOne(db, cs, q, args...)
	if err != nil {
		return nil, st.wrap("get user", err)
	}
	if !found {
		return nil, notFound("user")
	}
	return userFrom(st.q.u, cs), nil
}

// GetUser implements adapter.UserStore.
func (a *Adapter) GetUser(ctx context.Context, id string) (*adapter.User, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, err
	}
	uid, ok := st.userIDArg(id)
	if !ok {
		return nil, notFound("user")
	}
	return st.getUser(a.conn(ctx, st), st.q.getUser, uid)
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
	return st.getUser(a.conn(ctx, st), st.q.getUserByEmail, email)
}

// GetUserByAccount implements adapter.UserStore with one JOIN.
func (a *Adapter) GetUserByAccount(ctx context.Context, provider, providerAccountID string) (*adapter.User, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, err
	}
	return st.getUser(a.conn(ctx, st), st.q.getUserByAccount, provider, providerAccountID)
}

// UpdateUser implements adapter.UserStore. Of Extra, only the keys present
// are written.
func (a *Adapter) UpdateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, errors.New("gormadapter: update user: nil user")
	}
	id, ok := st.userIDArg(u.ID)
	if !ok {
		return nil, notFound("user")
	}
	b := st.q.u
	q := "UPDATE " + b.name + " SET "
	var args []any
	now := time.Now()
	for _, c := range b.ins {
		var v any
		switch {
		case c.Auto == schema.AutoUpdated:
			v = st.timeArg(now)
		case c.Auto != schema.AutoNone:
			continue
		default:
			var skip bool
			if v, skip, err = st.userArg(c, u); err != nil {
				return nil, fmt.Errorf("gormadapter: update user: %w", err)
			}
			if skip {
				continue
			}
		}
		if len(args) > 0 {
			q += ", "
		}
		q += st.quote(c.Name) + " = ?"
		args = append(args, v)
	}
	q += " WHERE " + st.col(b, schema.FieldID) + " = ?"
	args = append(args, id)
	db := a.conn(ctx, st)
	if err := db.Exec(q, args...).Error; err != nil {
		return nil, st.wrap("update user", err)
	}
	return st.getUser(db, st.q.getUser, id)
}

// DeleteUser implements adapter.UserStore: the user's authenticators,
// sessions and accounts and the user go in one transaction.
func (a *Adapter) DeleteUser(ctx context.Context, id string) error {
	st, err := a.ready(ctx)
	if err != nil {
		return err
	}
	uid, ok := st.userIDArg(id)
	if !ok {
		return notFound("delete user")
	}
	return a.inTx(ctx, st, func(db *gorm.DB) error {
		for _, q := range []string{st.q.deleteUserAuths, st.q.deleteUserSessions, st.q.deleteUserAccounts} {
			if q == "" {
				continue
			}
			if err := db.Exec(q, uid).Error; err != nil {
				return st.wrap("delete user", err)
			}
		}
		res := db.Exec(st.q.deleteUser, uid)
		if res.Error != nil {
			return st.wrap("delete user", res.Error)
		}
		if res.RowsAffected == 0 {
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
		return errors.New("gormadapter: link account: nil account")
	}
	uid, ok := st.userIDArg(acc.UserID)
	if !ok {
		return fmt.Errorf("gormadapter: link account: user id %q is not an integer, as the %s schema's ids are: %w", acc.UserID, st.s.Name, adapter.ErrNotFound)
	}
	b := st.q.a
	args, err := st.accountArgs(b.ins, acc, time.Now(), uid)
	if err != nil {
		return fmt.Errorf("gormadapter: link account: %w", err)
	}
	if b.t.ID == schema.IDText {
		args = append([]any{adapter.NewID()}, args...)
	}
	_, err = st.insert(ctx, a.conn(ctx, st), b, st.q.insertAccount, args)
	return st.wrap("link account", err)
}

// UpdateAccount implements adapter.AccountStore.
func (a *Adapter) UpdateAccount(ctx context.Context, acc *adapter.Account) error {
	st, err := a.ready(ctx)
	if err != nil {
		return err
	}
	if acc == nil {
		return errors.New("gormadapter: update account: nil account")
	}
	args, err := st.accountArgs(accountSetCols(st.q.a), acc, time.Now(), nil)
	if err != nil {
		return fmt.Errorf("gormadapter: update account: %w", err)
	}
	args = append(args, acc.Provider, acc.ProviderAccountID)
	db := a.conn(ctx, st)
	res := db.Exec(st.q.updateAccount, args...)
	return st.affected(db, res, "update account", st.q.existsAccount, acc.Provider, acc.ProviderAccountID)
}

// affected turns "no row changed" into ErrNotFound, asking the database
// whether the row exists when the driver counts only changed rows (MySQL
// without clientFoundRows).
func (st *state) affected(db *gorm.DB, res *gorm.DB, op, exists string, args ...any) error {
	if res.Error != nil {
		return st.wrap(op, res.Error)
	}
	if res.RowsAffected > 0 {
		return nil
	}
	if st.d == schema.MySQL {
		found, err := queryOne(db, []cell{{kind: schema.Int64}}, exists, args...)
		if err != nil {
			return st.wrap(op, err)
		}
		if found {
			return nil
		}
	}
	return notFound(op)
}

func (st *state) accounts(db *gorm.DB, q string, args ...any) ([]*adapter.Account, error) {
	out := []*adapter.Account{}
	err := queryAll(db, func() []cell { return st.cells(st.q.a, false) },
		func(cs []cell) { out = append(out, accountFrom(st.q.a, cs)) }, q, args...)
	if err != nil {
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
	accs, err := st.accounts(a.conn(ctx, st), st.q.getAccount, provider, providerAccountID)
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
	return st.accounts(a.conn(ctx, st), st.q.listAccounts, uid)
}

// UnlinkAccount implements adapter.AccountStore.
func (a *Adapter) UnlinkAccount(ctx context.Context, provider, providerAccountID string) error {
	st, err := a.ready(ctx)
	if err != nil {
		return err
	}
	res := a.conn(ctx, st).Exec(st.q.deleteAccount, provider, providerAccountID)
	if res.Error != nil {
		return st.wrap("unlink account", res.Error)
	}
	if res.RowsAffected == 0 {
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
		return errors.New("gormadapter: create session: nil session")
	}
	uid, ok := st.userIDArg(s.UserID)
	if !ok {
		return fmt.Errorf("gormadapter: create session: user id %q is not an integer, as the %s schema's ids are: %w", s.UserID, st.s.Name, adapter.ErrNotFound)
	}
	b := st.q.s
	now := time.Now()
	args := make([]any, 0, len(b.ins)+1)
	if b.t.ID == schema.IDText {
		args = append(args, adapter.NewID())
	}
	for _, c := range b.ins {
		if v, ok := st.autoValue(c, now, "", ""); ok {
			args = append(args, v)
			continue
		}
		var v any
		switch c.Field {
		case schema.FieldSessionToken:
			v = s.SessionToken
		case schema.FieldUserID:
			v = uid
		case schema.FieldExpires:
			v = st.timeArg(s.Expires)
		}
		args = append(args, v)
	}
	_, err = st.insert(ctx, a.conn(ctx, st), b, st.q.insertSession, args)
	return st.wrap("create session", err)
}

// GetSessionAndUser implements adapter.SessionStore with one statement: a
// JOIN of the sessions and users tables.
func (a *Adapter) GetSessionAndUser(ctx context.Context, sessionToken string) (*adapter.Session, *adapter.User, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, nil, err
	}
	ns := len(st.q.s.read)
	cs := append(st.cells(st.q.s, false), st.cells(st.q.u, true)...)
	found, err := queryOne(a.conn(ctx, st), cs, st.q.getSessionAndUser, sessionToken)
	if err != nil {
		return nil, nil, st.wrap("get session", err)
	}
	if !found {
		return nil, nil, notFound("session")
	}
	return sessionFrom(st.q.s, cs[:ns]), userFrom(st.q.u, cs[ns:]), nil
}

// UpdateSession implements adapter.SessionStore.
func (a *Adapter) UpdateSession(ctx context.Context, s *adapter.Session) error {
	st, err := a.ready(ctx)
	if err != nil {
		return err
	}
	if s == nil {
		return errors.New("gormadapter: update session: nil session")
	}
	args := []any{st.timeArg(s.Expires)}
	if st.q.s.t.Column(schema.FieldUpdatedAt) != nil {
		args = append(args, st.timeArg(time.Now()))
	}
	args = append(args, s.SessionToken)
	db := a.conn(ctx, st)
	res := db.Exec(st.q.updateSession, args...)
	return st.affected(db, res, "update session", st.q.existsSession, s.SessionToken)
}

// DeleteSession implements adapter.SessionStore.
func (a *Adapter) DeleteSession(ctx context.Context, sessionToken string) error {
	st, err := a.ready(ctx)
	if err != nil {
		return err
	}
	res := a.conn(ctx, st).Exec(st.q.deleteSession, sessionToken)
	if res.Error != nil {
		return st.wrap("delete session", res.Error)
	}
	if res.RowsAffected == 0 {
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
	err = queryAll(a.conn(ctx, st), func() []cell { return st.cells(st.q.s, false) },
		func(cs []cell) { out = append(out, sessionFrom(st.q.s, cs)) }, st.q.listSessions, uid)
	if err != nil {
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
	db := a.conn(ctx, st)
	res := db.Exec(st.q.expiredSessions.sql(limit), st.timeArg(now))
	if res.Error != nil {
		return 0, 0, st.wrap("delete expired sessions", res.Error)
	}
	sessions = res.RowsAffected
	res = db.Exec(st.q.expiredTokens.sql(limit), st.timeArg(now))
	if res.Error != nil {
		return sessions, 0, st.wrap("delete expired verification tokens", res.Error)
	}
	return sessions, res.RowsAffected, nil
}

// ---- verification tokens ----

// CreateVerificationToken implements adapter.VerificationTokenStore.
func (a *Adapter) CreateVerificationToken(ctx context.Context, t *adapter.VerificationToken) error {
	st, err := a.ready(ctx)
	if err != nil {
		return err
	}
	if t == nil {
		return errors.New("gormadapter: create verification token: nil token")
	}
	b := st.q.v
	now := time.Now()
	args := make([]any, 0, len(b.ins)+1)
	if b.t.ID == schema.IDText {
		args = append(args, adapter.NewID())
	}
	for _, c := range b.ins {
		if v, ok := st.autoValue(c, now, "", ""); ok {
			args = append(args, v)
			continue
		}
		var v any
		switch c.Field {
		case schema.FieldIdentifier:
			v = t.Identifier
		case schema.FieldToken:
			v = t.Token
		case schema.FieldExpires:
			v = st.timeArg(t.Expires)
		}
		args = append(args, v)
	}
	_, err = st.insert(ctx, a.conn(ctx, st), b, st.q.insertToken, args)
	return st.wrap("create verification token", err)
}

// UseVerificationToken implements adapter.VerificationTokenStore
// atomically: one DELETE … RETURNING on PostgreSQL and SQLite; SELECT … FOR
// UPDATE and DELETE in one transaction on MySQL/MariaDB.
func (a *Adapter) UseVerificationToken(ctx context.Context, identifier, token string) (*adapter.VerificationToken, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, err
	}
	cs := []cell{{kind: schema.String}, {kind: schema.String}, {kind: schema.Time, wall: st.d == schema.MySQL}}
	var found bool
	if st.d != schema.MySQL {
		found, err = queryOne(a.conn(ctx, st), cs, st.q.useToken, identifier, token)
		if err != nil {
			return nil, st.wrap("use verification token", err)
		}
	} else {
		err = a.inTx(ctx, st, func(db *gorm.DB) error {
			var err error
			if found, err = queryOne(db, cs, st.q.lockToken, identifier, token); err != nil || !found {
				return st.wrap("use verification token", err)
			}
			return st.wrap("use verification token", db.Exec(st.q.deleteToken, identifier, token).Error)
		})
		if err != nil {
			return nil, err
		}
	}
	if !found {
		return nil, notFound("use verification token")
	}
	return &adapter.VerificationToken{Identifier: cs[0].s, Token: cs[1].s, Expires: cs[2].t}, nil
}

// ---- authenticators ----

// authTable returns adapter.ErrUnsupported when the schema has no
// authenticators table; for lookups (lookup true) the error also wraps
// adapter.ErrNotFound, since no credential can exist there.
func (st *state) authTable(lookup bool) error {
	switch {
	case st.q.au.t != nil:
		return nil
	case lookup:
		return fmt.Errorf("gormadapter: the %s schema has no authenticators table: %w: %w", st.s.Name, adapter.ErrUnsupported, adapter.ErrNotFound)
	}
	return fmt.Errorf("gormadapter: the %s schema has no authenticators table: %w", st.s.Name, adapter.ErrUnsupported)
}

// CreateAuthenticator implements adapter.AuthenticatorStore. It returns
// adapter.ErrUnsupported on a schema without an authenticators table.
func (a *Adapter) CreateAuthenticator(ctx context.Context, au *adapter.Authenticator) error {
	st, err := a.ready(ctx)
	if err != nil {
		return err
	}
	if err := st.authTable(false); err != nil {
		return err
	}
	if au == nil {
		return errors.New("gormadapter: create authenticator: nil authenticator")
	}
	uid, ok := st.userIDArg(au.UserID)
	if !ok {
		return fmt.Errorf("gormadapter: create authenticator: user id %q is not an integer: %w", au.UserID, adapter.ErrNotFound)
	}
	b := st.q.au
	now := time.Now()
	args := make([]any, 0, len(b.ins)+1)
	if b.t.ID == schema.IDText {
		args = append(args, adapter.NewID())
	}
	for _, c := range b.ins {
		if v, ok := st.autoValue(c, now, "", ""); ok {
			args = append(args, v)
			continue
		}
		var v any
		switch c.Field {
		case schema.FieldCredentialID:
			v = au.CredentialID
		case schema.FieldUserID:
			v = uid
		case schema.FieldProviderAccountID:
			v = au.ProviderAccountID
		case schema.FieldCredentialPublicKey:
			v = au.CredentialPublicKey
		case schema.FieldCounter:
			v = au.Counter
		case schema.FieldCredentialDeviceType:
			v = au.CredentialDeviceType
		case schema.FieldCredentialBackedUp:
			v = au.CredentialBackedUp
		case schema.FieldTransports:
			v = strArg(c, au.Transports)
		}
		args = append(args, v)
	}
	_, err = st.insert(ctx, a.conn(ctx, st), b, st.q.insertAuth, args)
	return st.wrap("create authenticator", err)
}

func (st *state) auths(db *gorm.DB, q string, args ...any) ([]*adapter.Authenticator, error) {
	out := []*adapter.Authenticator{}
	err := queryAll(db, func() []cell { return st.cells(st.q.au, false) },
		func(cs []cell) { out = append(out, authFrom(st.q.au, cs)) }, q, args...)
	if err != nil {
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
	if err := st.authTable(true); err != nil {
		return nil, err
	}
	out, err := st.auths(a.conn(ctx, st), st.q.getAuth, credentialID)
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
	if st.q.au.t == nil {
		return []*adapter.Authenticator{}, nil
	}
	uid, ok := st.userIDArg(userID)
	if !ok {
		return []*adapter.Authenticator{}, nil
	}
	return st.auths(a.conn(ctx, st), st.q.listAuths, uid)
}

// UpdateAuthenticatorCounter implements adapter.AuthenticatorStore.
func (a *Adapter) UpdateAuthenticatorCounter(ctx context.Context, credentialID string, counter int64) (*adapter.Authenticator, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, err
	}
	if err := st.authTable(true); err != nil {
		return nil, err
	}
	args := []any{counter}
	if st.q.au.t.Column(schema.FieldUpdatedAt) != nil {
		args = append(args, st.timeArg(time.Now()))
	}
	args = append(args, credentialID)
	db := a.conn(ctx, st)
	if err := st.affected(db, db.Exec(st.q.updateAuthCounter, args...), "update authenticator counter", st.q.existsAuth, credentialID); err != nil {
		return nil, err
	}
	return a.GetAuthenticator(ctx, credentialID)
}
