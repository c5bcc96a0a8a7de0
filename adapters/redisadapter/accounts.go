package redisadapter

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/redis/go-redis/v9"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// linkScript stores a hash under KEYS[1] if that key is free and the owner's
// user hash KEYS[2] exists, and adds ARGV[3] to the owner's index set
// ARGV[1] .. ARGV[2]. It serves accounts and passkeys. Checking the user in
// the same script keeps a DeleteUser that runs at the same time from leaving
// an orphan behind. ARGV index-key prefix ("…ua:" or "…uc:"), user ID,
// member, field/value pairs.
var linkScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return {'conflict'} end
if redis.call('EXISTS', KEYS[2]) == 0 then return {'notfound'} end
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('SADD', ARGV[1] .. ARGV[2], ARGV[3])
return {'ok'}
`)

// replaceScript overwrites the fields of an existing hash, keeping the fields
// named in ARGV[1] (a space-separated list). KEYS[1] hash; ARGV keep,
// field/value pairs.
var replaceScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return {'notfound'} end
local keep = {}
for f in string.gmatch(ARGV[1], '%S+') do keep[f] = redis.call('HGET', KEYS[1], f) end
redis.call('DEL', KEYS[1])
for f, v in pairs(keep) do if v then redis.call('HSET', KEYS[1], f, v) end end
if #ARGV > 1 then redis.call('HSET', KEYS[1], unpack(ARGV, 2)) end
return {'ok', redis.call('HGETALL', KEYS[1])}
`)

// unlinkScript deletes an account and removes it from its user's set.
// KEYS[1] account key; ARGV base, account ID.
var unlinkScript = redis.NewScript(`
local uid = redis.call('HGET', KEYS[1], 'userId')
if not uid then return {'notfound'} end
redis.call('DEL', KEYS[1])
redis.call('SREM', ARGV[1] .. 'ua:' .. uid, ARGV[2])
return {'ok'}
`)

// listScript returns the hashes named by the members of the set KEYS[1],
// each member prefixed with ARGV[1]. Stale members are dropped.
var listScript = redis.NewScript(`
local out = {}
for _, m in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local h = redis.call('HGETALL', ARGV[1] .. m)
  if #h > 0 then table.insert(out, h) else redis.call('SREM', KEYS[1], m) end
end
return out
`)

func accountFields(a *adapter.Account, withUser bool) ([]any, error) {
	f := []any{"type", a.Type, "provider", a.Provider, "pid", a.ProviderAccountID}
	if withUser {
		f = append(f, "userId", a.UserID)
	}
	add := func(k, v string) {
		if v != "" {
			f = append(f, k, v)
		}
	}
	add("rt", a.RefreshToken)
	add("at", a.AccessToken)
	if a.ExpiresAt != 0 {
		f = append(f, "exp", strconv.FormatInt(a.ExpiresAt, 10))
	}
	add("tt", a.TokenType)
	add("scope", a.Scope)
	add("idt", a.IDToken)
	add("ss", a.SessionState)
	if len(a.Extra) > 0 {
		b, err := json.Marshal(a.Extra)
		if err != nil {
			return nil, fmt.Errorf("account Extra cannot be stored as JSON: %w", err)
		}
		f = append(f, "extra", string(b))
	}
	return f, nil
}

func decodeAccount(op string, v any) (*adapter.Account, error) {
	m, err := pairs(v)
	if err != nil {
		return nil, fail(op, err)
	}
	if len(m) == 0 {
		return nil, notFound(op)
	}
	a := &adapter.Account{
		UserID: m["userId"], Type: m["type"], Provider: m["provider"], ProviderAccountID: m["pid"],
		RefreshToken: m["rt"], AccessToken: m["at"], TokenType: m["tt"], Scope: m["scope"],
		IDToken: m["idt"], SessionState: m["ss"],
	}
	if s, ok := m["exp"]; ok {
		if a.ExpiresAt, err = strconv.ParseInt(s, 10, 64); err != nil {
			return nil, fail(op, fmt.Errorf("account expires_at %q: %w", s, err))
		}
	}
	if s, ok := m["extra"]; ok {
		if err := json.Unmarshal([]byte(s), &a.Extra); err != nil {
			return nil, fail(op, fmt.Errorf("account Extra: %w", err))
		}
	}
	return a, nil
}

// LinkAccount stores the account for acc.UserID. It returns
// adapter.ErrConflict if (Provider, ProviderAccountID) is linked already and
// adapter.ErrNotFound if the user does not exist.
func (a *Adapter) LinkAccount(ctx context.Context, acc *adapter.Account) error {
	const op = "link account"
	if acc == nil {
		return fail(op, fmt.Errorf("account is nil"))
	}
	f, err := accountFields(acc, true)
	if err != nil {
		return fail(op, err)
	}
	id := accountID(acc.Provider, acc.ProviderAccountID)
	args := append([]any{a.base + "ua:", acc.UserID, id}, f...)
	st, _, err := a.run(ctx, op, linkScript, []string{a.base + "a:" + id, a.userKey(acc.UserID)}, args...)
	if err != nil {
		return err
	}
	switch st {
	case "conflict":
		return conflict(op, "this provider account is linked already")
	case "notfound":
		return notFound(op + ": the account's user")
	}
	return nil
}

// UpdateAccount overwrites the account's Type and token fields, keeping its
// UserID, or returns adapter.ErrNotFound.
func (a *Adapter) UpdateAccount(ctx context.Context, acc *adapter.Account) error {
	const op = "update account"
	if acc == nil {
		return fail(op, fmt.Errorf("account is nil"))
	}
	f, err := accountFields(acc, false)
	if err != nil {
		return fail(op, err)
	}
	args := append([]any{"userId"}, f...)
	st, _, err := a.run(ctx, op, replaceScript, []string{a.accountKey(acc.Provider, acc.ProviderAccountID)}, args...)
	if err != nil {
		return err
	}
	if st == "notfound" {
		return notFound(op)
	}
	return nil
}

// GetAccount returns the account, or adapter.ErrNotFound.
func (a *Adapter) GetAccount(ctx context.Context, provider, providerAccountID string) (*adapter.Account, error) {
	const op = "get account"
	m, err := a.rdb.HGetAll(ctx, a.accountKey(provider, providerAccountID)).Result()
	if err != nil {
		return nil, fail(op, err)
	}
	return decodeAccount(op, flatten(m))
}

// ListAccounts returns the user's accounts; an unknown user has none.
func (a *Adapter) ListAccounts(ctx context.Context, userID string) ([]*adapter.Account, error) {
	return listHashes(ctx, a, "list accounts", a.base+"ua:"+userID, a.base+"a:", decodeAccount)
}

// listHashes runs listScript on the index set and decodes every hash it
// returns.
func listHashes[T any](ctx context.Context, a *Adapter, op, index, prefix string, decode func(op string, v any) (T, error)) ([]T, error) {
	v, err := listScript.Run(ctx, a.rdb, []string{index}, prefix).Slice()
	if err != nil {
		return nil, fail(op, err)
	}
	out := make([]T, 0, len(v))
	for _, h := range v {
		x, err := decode(op, h)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}

// UnlinkAccount deletes the account, or returns adapter.ErrNotFound.
func (a *Adapter) UnlinkAccount(ctx context.Context, provider, providerAccountID string) error {
	const op = "unlink account"
	id := accountID(provider, providerAccountID)
	st, _, err := a.run(ctx, op, unlinkScript, []string{a.base + "a:" + id}, a.base, id)
	if err != nil {
		return err
	}
	if st == "notfound" {
		return notFound(op)
	}
	return nil
}

func flatten(m map[string]string) []any {
	flat := make([]any, 0, 2*len(m))
	for k, v := range m {
		flat = append(flat, k, v)
	}
	return flat
}
