package memory

import (
	"fmt"
	"maps"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

type accountKey struct{ provider, providerAccountID string }

type tokenKey struct{ identifier, token string }

// state is the stored data. Its methods do no locking; callers hold the
// right lock. Every value in it is owned by it: values are copied on the way
// in and on the way out.
type state struct {
	users    map[string]*adapter.User
	byEmail  map[string]string // email -> user ID, for users with an email
	accounts map[accountKey]*adapter.Account
	sessions map[string]*adapter.Session
	tokens   map[tokenKey]*adapter.VerificationToken
	auths    map[string]*adapter.Authenticator
}

func newState() *state {
	return &state{
		users:    map[string]*adapter.User{},
		byEmail:  map[string]string{},
		accounts: map[accountKey]*adapter.Account{},
		sessions: map[string]*adapter.Session{},
		tokens:   map[tokenKey]*adapter.VerificationToken{},
		auths:    map[string]*adapter.Authenticator{},
	}
}

// clone returns a copy of st that shares no mutable value with it. Stored
// values are never changed in place (updates replace them), so copying the
// maps is enough.
func (st *state) clone() *state {
	return &state{
		users:    maps.Clone(st.users),
		byEmail:  maps.Clone(st.byEmail),
		accounts: maps.Clone(st.accounts),
		sessions: maps.Clone(st.sessions),
		tokens:   maps.Clone(st.tokens),
		auths:    maps.Clone(st.auths),
	}
}

func notFound(what string) error { return fmt.Errorf("memory: %s: %w", what, adapter.ErrNotFound) }
func conflict(what string) error { return fmt.Errorf("memory: %s: %w", what, adapter.ErrConflict) }
func utc(t time.Time) time.Time  { return t.UTC() }
func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func copyUser(u *adapter.User) *adapter.User {
	c := u.Clone()
	c.EmailVerified = utcPtr(c.EmailVerified)
	return c
}

func copySession(s *adapter.Session) *adapter.Session {
	c := *s
	c.Expires = utc(c.Expires)
	return &c
}

func copyToken(t *adapter.VerificationToken) *adapter.VerificationToken {
	c := *t
	c.Expires = utc(c.Expires)
	return &c
}

func copyAuth(a *adapter.Authenticator) *adapter.Authenticator {
	c := *a
	return &c
}

// rows describes one kind of row that belongs to a user (accounts,
// sessions, authenticators): its name in errors, its key, its user and how
// to copy it.
type rows[K comparable, V any] struct {
	name string
	key  func(*V) K
	user func(*V) string
	copy func(*V) *V
}

var (
	accountRows = rows[accountKey, adapter.Account]{"account",
		func(a *adapter.Account) accountKey { return accountKey{a.Provider, a.ProviderAccountID} },
		func(a *adapter.Account) string { return a.UserID }, (*adapter.Account).Clone}
	sessionRows = rows[string, adapter.Session]{"session",
		func(s *adapter.Session) string { return s.SessionToken },
		func(s *adapter.Session) string { return s.UserID }, copySession}
	authRows = rows[string, adapter.Authenticator]{"authenticator",
		func(a *adapter.Authenticator) string { return a.CredentialID },
		func(a *adapter.Authenticator) string { return a.UserID }, copyAuth}
)

// get returns a copy of m[k], or an error wrapping adapter.ErrNotFound for
// op.
func (r rows[K, V]) get(m map[K]*V, k K, op string) (*V, error) {
	v, ok := m[k]
	if !ok {
		return nil, notFound(op)
	}
	return r.copy(v), nil
}

// ofUser returns copies of the rows of m that belong to the user; none is
// an empty slice.
func (r rows[K, V]) ofUser(m map[K]*V, userID string) []*V {
	out := []*V{}
	for _, v := range m {
		if r.user(v) == userID {
			out = append(out, r.copy(v))
		}
	}
	return out
}

// deleteOfUser deletes the rows of m that belong to the user.
func (r rows[K, V]) deleteOfUser(m map[K]*V, userID string) {
	for k, v := range m {
		if r.user(v) == userID {
			delete(m, k)
		}
	}
}

// insert stores a copy of v in m, or returns adapter.ErrConflict if its key
// is taken and, with checkUser, adapter.ErrNotFound if its user does not
// exist in st.
func (r rows[K, V]) insert(st *state, m map[K]*V, v *V, checkUser bool, op string) error {
	if v == nil {
		return fmt.Errorf("memory: %s: the %s is nil", op, r.name)
	}
	k := r.key(v)
	if _, ok := m[k]; ok {
		return conflict(op + ": the " + r.name + " exists")
	}
	if _, ok := st.users[r.user(v)]; checkUser && !ok {
		return notFound(op + ": the " + r.name + "'s user")
	}
	m[k] = r.copy(v)
	return nil
}

func (st *state) createUser(u *adapter.User) (*adapter.User, error) {
	if u == nil {
		return nil, fmt.Errorf("memory: CreateUser: the user is nil")
	}
	c := copyUser(u)
	if c.ID == "" {
		c.ID = adapter.NewID()
	}
	if _, ok := st.users[c.ID]; ok {
		return nil, conflict("create user: a user with this ID exists")
	}
	if c.Email != "" {
		if _, ok := st.byEmail[c.Email]; ok {
			return nil, conflict("create user: a user with this email exists")
		}
		st.byEmail[c.Email] = c.ID
	}
	st.users[c.ID] = c
	return copyUser(c), nil
}

func (st *state) getUser(id string) (*adapter.User, error) {
	u, ok := st.users[id]
	if !ok {
		return nil, notFound("get user")
	}
	return copyUser(u), nil
}

func (st *state) getUserByEmail(email string) (*adapter.User, error) {
	id, ok := st.byEmail[email]
	if email == "" || !ok {
		return nil, notFound("get user by email")
	}
	return st.getUser(id)
}

func (st *state) getUserByAccount(provider, providerAccountID string) (*adapter.User, error) {
	acc, ok := st.accounts[accountKey{provider, providerAccountID}]
	if !ok {
		return nil, notFound("get user by account")
	}
	u, ok := st.users[acc.UserID]
	if !ok {
		return nil, notFound("get user by account: the account's user")
	}
	return copyUser(u), nil
}

func (st *state) updateUser(u *adapter.User) (*adapter.User, error) {
	if u == nil {
		return nil, fmt.Errorf("memory: UpdateUser: the user is nil")
	}
	old, ok := st.users[u.ID]
	if !ok {
		return nil, notFound("update user")
	}
	if u.Email != "" && u.Email != old.Email {
		if _, taken := st.byEmail[u.Email]; taken {
			return nil, conflict("update user: another user has this email")
		}
	}
	c := copyUser(u)
	if len(old.Extra) > 0 || len(c.Extra) > 0 {
		extra := maps.Clone(old.Extra)
		if extra == nil {
			extra = map[string]any{}
		}
		maps.Copy(extra, c.Extra)
		c.Extra = extra
	}
	if old.Email != "" {
		delete(st.byEmail, old.Email)
	}
	if c.Email != "" {
		st.byEmail[c.Email] = c.ID
	}
	st.users[c.ID] = c
	return copyUser(c), nil
}

func (st *state) deleteUser(id string) error {
	u, ok := st.users[id]
	if !ok {
		return notFound("delete user")
	}
	delete(st.users, id)
	if u.Email != "" {
		delete(st.byEmail, u.Email)
	}
	accountRows.deleteOfUser(st.accounts, id)
	sessionRows.deleteOfUser(st.sessions, id)
	authRows.deleteOfUser(st.auths, id)
	return nil
}

func (st *state) linkAccount(a *adapter.Account) error {
	return accountRows.insert(st, st.accounts, a, true, "link account")
}

func (st *state) updateAccount(a *adapter.Account) error {
	if a == nil {
		return fmt.Errorf("memory: UpdateAccount: the account is nil")
	}
	k := accountKey{a.Provider, a.ProviderAccountID}
	old, ok := st.accounts[k]
	if !ok {
		return notFound("update account")
	}
	c := a.Clone()
	c.UserID = old.UserID
	st.accounts[k] = c
	return nil
}

func (st *state) getAccount(provider, providerAccountID string) (*adapter.Account, error) {
	return accountRows.get(st.accounts, accountKey{provider, providerAccountID}, "get account")
}

func (st *state) listAccounts(userID string) []*adapter.Account {
	return accountRows.ofUser(st.accounts, userID)
}

func (st *state) unlinkAccount(provider, providerAccountID string) error {
	k := accountKey{provider, providerAccountID}
	if _, ok := st.accounts[k]; !ok {
		return notFound("unlink account")
	}
	delete(st.accounts, k)
	return nil
}

// createSession stores s; with checkUser it returns adapter.ErrNotFound if
// its user is not stored here.
func (st *state) createSession(s *adapter.Session, checkUser bool) error {
	return sessionRows.insert(st, st.sessions, s, checkUser, "create session")
}

func (st *state) getSession(token string) (*adapter.Session, error) {
	return sessionRows.get(st.sessions, token, "get session")
}

func (st *state) getSessionAndUser(token string) (*adapter.Session, *adapter.User, error) {
	s, ok := st.sessions[token]
	if !ok {
		return nil, nil, notFound("get session")
	}
	u, ok := st.users[s.UserID]
	if !ok {
		return nil, nil, notFound("get session: the session's user")
	}
	return copySession(s), copyUser(u), nil
}

func (st *state) updateSession(s *adapter.Session) error {
	if s == nil {
		return fmt.Errorf("memory: UpdateSession: the session is nil")
	}
	old, ok := st.sessions[s.SessionToken]
	if !ok {
		return notFound("update session")
	}
	c := copySession(old)
	c.Expires = utc(s.Expires)
	st.sessions[s.SessionToken] = c
	return nil
}

func (st *state) deleteSession(token string) error {
	if _, ok := st.sessions[token]; !ok {
		return notFound("delete session")
	}
	delete(st.sessions, token)
	return nil
}

func (st *state) deleteUserSessions(userID string) {
	sessionRows.deleteOfUser(st.sessions, userID)
}

func (st *state) listSessions(userID string) []*adapter.Session {
	return sessionRows.ofUser(st.sessions, userID)
}

func (st *state) createVerificationToken(t *adapter.VerificationToken) error {
	if t == nil {
		return fmt.Errorf("memory: CreateVerificationToken: the token is nil")
	}
	k := tokenKey{t.Identifier, t.Token}
	if _, ok := st.tokens[k]; ok {
		return conflict("create verification token: this token exists")
	}
	st.tokens[k] = copyToken(t)
	return nil
}

func (st *state) useVerificationToken(identifier, token string) (*adapter.VerificationToken, error) {
	k := tokenKey{identifier, token}
	t, ok := st.tokens[k]
	if !ok {
		return nil, notFound("use verification token")
	}
	delete(st.tokens, k)
	return copyToken(t), nil
}

func (st *state) deleteExpired(now time.Time, limit int) (sessions, tokens int64) {
	sessions = deleteExpired(st.sessions, now, limit, func(s *adapter.Session) time.Time { return s.Expires })
	tokens = deleteExpired(st.tokens, now, limit, func(t *adapter.VerificationToken) time.Time { return t.Expires })
	return sessions, tokens
}

// deleteExpired deletes up to limit (all, if limit <= 0) rows of m that
// expire before now and reports how many it deleted.
func deleteExpired[K comparable, V any](m map[K]*V, now time.Time, limit int, expires func(*V) time.Time) int64 {
	var n int64
	for k, v := range m {
		if limit > 0 && n >= int64(limit) {
			break
		}
		if expires(v).Before(now) {
			delete(m, k)
			n++
		}
	}
	return n
}

func (st *state) createAuthenticator(a *adapter.Authenticator) error {
	return authRows.insert(st, st.auths, a, true, "create authenticator")
}

func (st *state) getAuthenticator(credentialID string) (*adapter.Authenticator, error) {
	return authRows.get(st.auths, credentialID, "get authenticator")
}

func (st *state) listAuthenticators(userID string) []*adapter.Authenticator {
	return authRows.ofUser(st.auths, userID)
}

func (st *state) updateAuthenticatorCounter(credentialID string, counter int64) (*adapter.Authenticator, error) {
	a, ok := st.auths[credentialID]
	if !ok {
		return nil, notFound("update authenticator counter")
	}
	c := copyAuth(a)
	c.Counter = counter
	st.auths[credentialID] = c
	return copyAuth(c), nil
}

func (st *state) deleteAuthenticator(credentialID string) error {
	if _, ok := st.auths[credentialID]; !ok {
		return notFound("delete authenticator")
	}
	delete(st.auths, credentialID)
	return nil
}
