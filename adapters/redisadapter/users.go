package redisadapter

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// createUserScript stores a user if its ID is free and claims its email.
// KEYS[1] user key; ARGV base, id, email, field/value pairs.
var createUserScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return {'conflict', 'a user with this ID exists'} end
local email = ARGV[3]
if email ~= '' then
  if not redis.call('SET', ARGV[1] .. 'e:' .. email, ARGV[2], 'NX') then
    return {'conflict', 'another user has this email'}
  end
end
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
return {'ok'}
`)

// updateUserScript overwrites a user's fields and moves its email index.
// KEYS[1] user key; ARGV base, id, email, field/value pairs (id included).
var updateUserScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return {'notfound'} end
local old = redis.call('HGET', KEYS[1], 'email') or ''
local new = ARGV[3]
if new ~= old then
  if new ~= '' then
    local k = ARGV[1] .. 'e:' .. new
    local owner = redis.call('GET', k)
    if owner and owner ~= ARGV[2] then return {'conflict', 'another user has this email'} end
    redis.call('SET', k, ARGV[2])
  end
  if old ~= '' then
    local k = ARGV[1] .. 'e:' .. old
    if redis.call('GET', k) == ARGV[2] then redis.call('DEL', k) end
  end
end
redis.call('HDEL', KEYS[1], 'name', 'email', 'ev', 'image')
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
return {'ok', redis.call('HGETALL', KEYS[1])}
`)

// userByIndexScript follows an index key (a string holding a user ID, or an
// account hash's userId field) to the user's hash. KEYS[1] index key; ARGV
// base, 'string' or 'account'.
var userByIndexScript = redis.NewScript(`
local id
if ARGV[2] == 'account' then id = redis.call('HGET', KEYS[1], 'userId') else id = redis.call('GET', KEYS[1]) end
if not id then return {} end
return redis.call('HGETALL', ARGV[1] .. 'u:' .. id)
`)

// deleteUserScript deletes a user with its email index, accounts, passkeys
// and session index, and returns the session tokens so that the caller can
// delete the session keys (which live on other slots). KEYS[1] user key;
// ARGV base, id.
var deleteUserScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return {'notfound'} end
local b, id = ARGV[1], ARGV[2]
local email = redis.call('HGET', KEYS[1], 'email')
if email then
  local k = b .. 'e:' .. email
  if redis.call('GET', k) == id then redis.call('DEL', k) end
end
for _, a in ipairs(redis.call('SMEMBERS', b .. 'ua:' .. id)) do redis.call('DEL', b .. 'a:' .. a) end
for _, c in ipairs(redis.call('SMEMBERS', b .. 'uc:' .. id)) do redis.call('DEL', b .. 'c:' .. c) end
local toks = redis.call('ZRANGE', b .. 'us:' .. id, 0, -1)
for _, t in ipairs(toks) do redis.call('ZREM', b .. 'xs', t) end
redis.call('DEL', KEYS[1], b .. 'ua:' .. id, b .. 'uc:' .. id, b .. 'us:' .. id)
table.insert(toks, 1, 'ok')
return toks
`)

// userFields encodes u as hash field/value pairs; empty fields are left out
// and "id" is always present.
func userFields(u *adapter.User) ([]any, error) {
	f := []any{"id", u.ID}
	if u.Name != "" {
		f = append(f, "name", u.Name)
	}
	if u.Email != "" {
		f = append(f, "email", u.Email)
	}
	if u.EmailVerified != nil {
		f = append(f, "ev", ms(*u.EmailVerified))
	}
	if u.Image != "" {
		f = append(f, "image", u.Image)
	}
	for k, v := range u.Extra {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("Extra[%q] cannot be stored as JSON: %w", k, err)
		}
		f = append(f, "x:"+k, string(b))
	}
	return f, nil
}

// decodeUser reads a user hash; an empty hash is ErrNotFound.
func decodeUser(op string, v any) (*adapter.User, error) {
	m, err := pairs(v)
	if err != nil {
		return nil, fail(op, err)
	}
	if len(m) == 0 {
		return nil, notFound(op)
	}
	u := &adapter.User{ID: m["id"], Name: m["name"], Email: m["email"], Image: m["image"]}
	if s, ok := m["ev"]; ok {
		t, err := parseMS(s)
		if err != nil {
			return nil, fail(op, fmt.Errorf("user %q emailVerified: %w", u.ID, err))
		}
		u.EmailVerified = &t
	}
	for k, s := range m {
		name, ok := strings.CutPrefix(k, "x:")
		if !ok {
			continue
		}
		var x any
		if err := json.Unmarshal([]byte(s), &x); err != nil {
			return nil, fail(op, fmt.Errorf("user %q Extra[%q]: %w", u.ID, name, err))
		}
		if u.Extra == nil {
			u.Extra = make(map[string]any)
		}
		u.Extra[name] = x
	}
	return u, nil
}

// CreateUser stores u under u.ID, or under a new adapter.NewID when u.ID is
// empty, and returns the stored user. It returns adapter.ErrConflict if the
// ID or the non-empty email is taken.
func (a *Adapter) CreateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	const op = "create user"
	if u == nil {
		return nil, fail(op, fmt.Errorf("user is nil"))
	}
	c := u.Clone()
	if c.ID == "" {
		c.ID = adapter.NewID()
	}
	if c.EmailVerified != nil {
		t := c.EmailVerified.UTC().Truncate(1e6)
		c.EmailVerified = &t
	}
	f, err := userFields(c)
	if err != nil {
		return nil, fail(op, err)
	}
	args := append([]any{a.base, c.ID, c.Email}, f...)
	st, rest, err := a.run(ctx, op, createUserScript, []string{a.userKey(c.ID)}, args...)
	if err != nil {
		return nil, err
	}
	if st == "conflict" {
		return nil, conflict(op, fmt.Sprint(rest...))
	}
	return a.GetUser(ctx, c.ID)
}

// GetUser returns the user with this ID, or adapter.ErrNotFound.
func (a *Adapter) GetUser(ctx context.Context, id string) (*adapter.User, error) {
	const op = "get user"
	m, err := a.rdb.HGetAll(ctx, a.userKey(id)).Result()
	if err != nil {
		return nil, fail(op, err)
	}
	return decodeUser(op, flatten(m))
}

// GetUserByEmail returns the user with exactly this email, or
// adapter.ErrNotFound (always for an empty email).
func (a *Adapter) GetUserByEmail(ctx context.Context, email string) (*adapter.User, error) {
	const op = "get user by email"
	if email == "" {
		return nil, notFound(op)
	}
	v, err := userByIndexScript.Run(ctx, a.rdb, []string{a.base + "e:" + email}, a.base, "string").Result()
	if err != nil {
		return nil, fail(op, err)
	}
	return decodeUser(op, v)
}

// GetUserByAccount returns the user the account is linked to, or
// adapter.ErrNotFound.
func (a *Adapter) GetUserByAccount(ctx context.Context, provider, providerAccountID string) (*adapter.User, error) {
	const op = "get user by account"
	v, err := userByIndexScript.Run(ctx, a.rdb, []string{a.accountKey(provider, providerAccountID)}, a.base, "account").Result()
	if err != nil {
		return nil, fail(op, err)
	}
	return decodeUser(op, v)
}

// UpdateUser overwrites the user's Name, Email, EmailVerified and Image and
// the Extra keys present in u.Extra, and returns the user as stored. It
// returns adapter.ErrNotFound for an unknown user and adapter.ErrConflict
// when the new email belongs to another user; nothing changes then.
func (a *Adapter) UpdateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	const op = "update user"
	if u == nil {
		return nil, fail(op, fmt.Errorf("user is nil"))
	}
	f, err := userFields(u)
	if err != nil {
		return nil, fail(op, err)
	}
	args := append([]any{a.base, u.ID, u.Email}, f...)
	st, rest, err := a.run(ctx, op, updateUserScript, []string{a.userKey(u.ID)}, args...)
	if err != nil {
		return nil, err
	}
	switch st {
	case "notfound":
		return nil, notFound(op)
	case "conflict":
		return nil, conflict(op, fmt.Sprint(rest...))
	}
	if len(rest) != 1 {
		return nil, fail(op, fmt.Errorf("unexpected script reply of %d elements", len(rest)))
	}
	return decodeUser(op, rest[0])
}

// DeleteUser deletes the user, its accounts, passkeys and sessions, or
// returns adapter.ErrNotFound.
func (a *Adapter) DeleteUser(ctx context.Context, id string) error {
	const op = "delete user"
	st, toks, err := a.run(ctx, op, deleteUserScript, []string{a.userKey(id)}, a.base, id)
	if err != nil {
		return err
	}
	if st == "notfound" {
		return notFound(op)
	}
	tokens := make([]string, len(toks))
	for i, t := range toks {
		tokens[i], _ = t.(string)
	}
	err = a.deleteSessionKeys(ctx, tokens)
	if err != nil {
		return fail(op, fmt.Errorf("user deleted, but deleting its sessions failed (they now resolve to no user and expire by TTL): %w", err))
	}
	return nil
}
