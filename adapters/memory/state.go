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
	for k, a := range st.accounts {
		if a.UserID == id {
			delete(st.accounts, k)
		}
	}
	for k, s := range st.sessions {
		if s.UserID == id {
			delete(st.sessions, k)
		}
	}
	for k, a := range st.auths {
		if a.UserID == id {
			delete(st.auths, k)
		}
	}
	return nil
}

func (st *state) linkAccount(a *adapter.Account) error {
	if a == nil {
		return fmt.Errorf("memory: LinkAccount: the account is nil")
	}
	k := accountKey{a.Provider, a.ProviderAccountID}
	if _, ok := st.accounts[k]; ok {
		return conflict("link account: this provider account is linked")
	}
	if _, ok := st.users[a.UserID]; !ok {
		return notFound("link account: the account's user")
	}
	st.accounts[k] = a.Clone()
	return nil
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
	a, ok := st.accounts[accountKey{provider, providerAccountID}]
	if !ok {
		return nil, notFound("get account")
	}
	return a.Clone(), nil
}

func (st *state) listAccounts(userID string) []*adapter.Account {
	out := []*adapter.Account{}
	for _, a := range st.accounts {
		if a.UserID == userID {
			out = append(out, a.Clone())
		}
	}
	return out
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
	if s == nil {
		return fmt.Errorf("memory: CreateSession: the session is nil")
	}
	if _, ok := st.sessions[s.SessionToken]; ok {
		return conflict("create session: a session with this token exists")
	}
	if _, ok := st.users[s.UserID]; checkUser && !ok {
		return notFound("create session: the session's user")
	}
	st.sessions[s.SessionToken] = copySession(s)
	return nil
}

func (st *state) getSession(token string) (*adapter.Session, error) {
	s, ok := st.sessions[token]
	if !ok {
		return nil, notFound("get session")
	}
	return copySession(s), nil
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
	for tok, s := range st.sessions {
		if s.UserID == userID {
			delete(st.sessions, tok)
		}
	}
}

func (st *state) listSessions(userID string) []*adapter.Session {
	out := []*adapter.Session{}
	for _, s := range st.sessions {
		if s.UserID == userID {
			out = append(out, copySession(s))
		}
	}
	return out
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
	for k, s := range st.sessions {
		if limit > 0 && sessions >= int64(limit) {
			break
		}
		if s.Expires.Before(now) {
			delete(st.sessions, k)
			sessions++
		}
	}
	for k, t := range st.tokens {
		if limit > 0 && tokens >= int64(limit) {
			break
		}
		if t.Expires.Before(now) {
			delete(st.tokens, k)
			tokens++
		}
	}
	return sessions, tokens
}

func (st *state) createAuthenticator(a *adapter.Authenticator) error {
	if a == nil {
		return fmt.Errorf("memory: CreateAuthenticator: the authenticator is nil")
	}
	if _, ok := st.auths[a.CredentialID]; ok {
		return conflict("create authenticator: this credential ID exists")
	}
	if _, ok := st.users[a.UserID]; !ok {
		return notFound("create authenticator: the authenticator's user")
	}
	st.auths[a.CredentialID] = copyAuth(a)
	return nil
}

func (st *state) getAuthenticator(credentialID string) (*adapter.Authenticator, error) {
	a, ok := st.auths[credentialID]
	if !ok {
		return nil, notFound("get authenticator")
	}
	return copyAuth(a), nil
}

func (st *state) listAuthenticators(userID string) []*adapter.Authenticator {
	out := []*adapter.Authenticator{}
	for _, a := range st.auths {
		if a.UserID == userID {
			out = append(out, copyAuth(a))
		}
	}
	return out
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
