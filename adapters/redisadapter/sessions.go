package redisadapter

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// sessionAndUserScript reads a session and its user in one round trip. It
// reads a key it was not given, so it only runs on a single server (never on
// a Cluster). KEYS[1] session key; ARGV base.
var sessionAndUserScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if not v then return {} end
local sp = string.find(v, ' ', 1, true)
if not sp then return {v} end
return {v, redis.call('HGETALL', ARGV[1] .. 'u:' .. string.sub(v, sp + 1))}
`)

// updateSessionScript sets an existing session's expiry, keeping its user,
// and returns the user ID. KEYS[1] session key; ARGV expires ms, PXAT ms or
// ” for no TTL.
var updateSessionScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if not v then return {'notfound'} end
local sp = string.find(v, ' ', 1, true)
if not sp then return {'corrupt', v} end
local uid = string.sub(v, sp + 1)
if ARGV[2] == '' then
  redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. uid)
else
  redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. uid, 'PXAT', ARGV[2])
end
return {'ok', uid}
`)

// sessionValue is the stored form of a session: "<expires ms> <user ID>".
func sessionValue(s *adapter.Session) string { return ms(s.Expires) + " " + s.UserID }

func parseSession(token, v string) (*adapter.Session, error) {
	m, uid, ok := strings.Cut(v, " ")
	if !ok {
		return nil, fmt.Errorf("stored session %q has no user ID", v)
	}
	exp, err := parseMS(m)
	if err != nil {
		return nil, err
	}
	return &adapter.Session{SessionToken: token, UserID: uid, Expires: exp}, nil
}

func (a *Adapter) sessionIndex(userID string) string { return a.base + "us:" + userID }

// indexSessionScript adds a new session to its user's session index and to
// the session expiry index, if the user exists (ARGV[4] == '1') or without
// looking (ARGV[4] == ”), and with Retain forgets the user's tokens whose
// keys Redis has expired. Running on the identity slot, it is atomic with
// DeleteUser: either DeleteUser sees the token in the index and deletes the
// session, or this script sees the user gone. KEYS[1] user key, KEYS[2]
// user session index, KEYS[3] session expiry index; ARGV score (expires
// ms), token, cut-off ms or ” (KeepExpired), check.
var indexSessionScript = redis.NewScript(`
if ARGV[4] == '1' and redis.call('EXISTS', KEYS[1]) == 0 then return 'notfound' end
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[1], ARGV[2])
if ARGV[3] ~= '' then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[3]) end
return 'ok'
`)

// CreateSession stores the session with a TTL ending at its Expires plus
// Options.Retain (no TTL with Options.KeepExpired). It returns
// adapter.ErrConflict if the token exists and adapter.ErrNotFound if the
// user does not, storing nothing in either case. A DeleteUser running at
// the same time either deletes the new session or makes CreateSession
// return adapter.ErrNotFound; no session outlives its user.
func (a *Adapter) CreateSession(ctx context.Context, s *adapter.Session) error {
	return a.createSession(ctx, "create session", s, true)
}

// CreateSessionUnchecked stores the session like CreateSession but does not
// check that its user exists in this store: a composition (package compose)
// that keeps users in another store checks them there and calls it.
func (a *Adapter) CreateSessionUnchecked(ctx context.Context, s *adapter.Session) error {
	return a.createSession(ctx, "create session", s, false)
}

func (a *Adapter) createSession(ctx context.Context, op string, s *adapter.Session, checkUser bool) error {
	if s == nil {
		return fail(op, errors.New("session is nil"))
	}
	key := a.sessionKey(s.SessionToken)
	args := append([]any{"SET", key, sessionValue(s), "NX"}, a.expiry(s.Expires)...)
	err := a.rdb.Do(ctx, args...).Err()
	if errors.Is(err, redis.Nil) {
		return conflict(op, "a session with this token exists")
	}
	if err != nil {
		return fail(op, err)
	}
	cut, check := "", ""
	if !a.keep {
		cut = strconv.FormatInt(time.Now().Add(-a.retain).UnixMilli(), 10)
	}
	if checkUser {
		check = "1"
	}
	keys := []string{a.userKey(s.UserID), a.sessionIndex(s.UserID), a.sessionExpiryIndex()}
	st, err := indexSessionScript.Run(ctx, a.rdb, keys, s.Expires.UnixMilli(), s.SessionToken, cut, check).Text()
	if err == nil && st == "notfound" {
		if derr := a.rdb.Del(context.WithoutCancel(ctx), key).Err(); derr != nil {
			return fail(op, fmt.Errorf("the user does not exist (%w), and removing the session again failed (%v); it cannot be used and expires by its TTL", adapter.ErrNotFound, derr))
		}
		return notFound(op)
	}
	if err == nil && st != "ok" {
		err = fmt.Errorf("unexpected script reply %q", st)
	}
	if err != nil {
		// Undo the first step so that no session exists unindexed.
		if derr := a.rdb.Del(context.WithoutCancel(ctx), key).Err(); derr != nil {
			return fail(op, fmt.Errorf("indexing the session failed (%w) and removing it again failed too (%v)", err, derr))
		}
		return fail(op, fmt.Errorf("indexing the session: %w", err))
	}
	return nil
}

// GetSessionAndUser returns the session and its user: one round trip on a
// single server, two on a Cluster. A session whose key has expired, or whose
// user is gone, is adapter.ErrNotFound.
func (a *Adapter) GetSessionAndUser(ctx context.Context, sessionToken string) (*adapter.Session, *adapter.User, error) {
	const op = "get session and user"
	key := a.sessionKey(sessionToken)
	var (
		val      string
		userHash any
	)
	if a.single {
		v, err := sessionAndUserScript.Run(ctx, a.rdb, []string{key}, a.base).Slice()
		if err != nil {
			return nil, nil, fail(op, err)
		}
		if len(v) == 0 {
			return nil, nil, notFound(op)
		}
		val, _ = v[0].(string)
		if len(v) > 1 {
			userHash = v[1]
		}
	} else {
		v, err := a.rdb.Get(ctx, key).Result()
		if errors.Is(err, redis.Nil) {
			return nil, nil, notFound(op)
		}
		if err != nil {
			return nil, nil, fail(op, err)
		}
		val = v
	}
	s, err := parseSession(sessionToken, val)
	if err != nil {
		return nil, nil, fail(op, err)
	}
	if !a.single {
		m, err := a.rdb.HGetAll(ctx, a.userKey(s.UserID)).Result()
		if err != nil {
			return nil, nil, fail(op, err)
		}
		userHash = flatten(m)
	}
	u, err := decodeUser(op, userHash)
	if err != nil {
		return nil, nil, err
	}
	return s, u, nil
}

// UpdateSession sets the session's Expires and moves its TTL with it, or
// returns adapter.ErrNotFound. It is idempotent, so a caller may retry it
// after an error.
func (a *Adapter) UpdateSession(ctx context.Context, s *adapter.Session) error {
	const op = "update session"
	if s == nil {
		return fail(op, errors.New("session is nil"))
	}
	pxat := any("")
	if e := a.expiry(s.Expires); e != nil {
		pxat = e[1]
	}
	st, rest, err := a.run(ctx, op, updateSessionScript, []string{a.sessionKey(s.SessionToken)}, ms(s.Expires), pxat)
	if err != nil {
		return err
	}
	switch {
	case st == "notfound":
		return notFound(op)
	case st != "ok" || len(rest) != 1:
		return fail(op, fmt.Errorf("stored session is malformed (%v)", rest))
	}
	uid, _ := rest[0].(string)
	z := redis.Z{Score: float64(s.Expires.UnixMilli()), Member: s.SessionToken}
	_, err = a.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.ZAddXX(ctx, a.sessionIndex(uid), z)
		p.ZAdd(ctx, a.sessionExpiryIndex(), z)
		return nil
	})
	if err != nil {
		return fail(op, fmt.Errorf("session updated, but not its index entries: %w", err))
	}
	return nil
}

// DeleteSession deletes the session, or returns adapter.ErrNotFound.
func (a *Adapter) DeleteSession(ctx context.Context, sessionToken string) error {
	const op = "delete session"
	v, err := a.rdb.GetDel(ctx, a.sessionKey(sessionToken)).Result()
	if errors.Is(err, redis.Nil) {
		return notFound(op)
	}
	if err != nil {
		return fail(op, err)
	}
	if _, uid, ok := strings.Cut(v, " "); ok {
		// The session is gone; a failure here only leaves stale index
		// entries, which ListSessions and DeleteExpired drop when they meet
		// them.
		_, _ = a.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.ZRem(ctx, a.sessionIndex(uid), sessionToken)
			p.ZRem(ctx, a.sessionExpiryIndex(), sessionToken)
			return nil
		})
	}
	return nil
}

// ListSessions returns the user's sessions whose keys still exist (with
// Options.Retain at 0, the unexpired ones); an unknown user has none.
func (a *Adapter) ListSessions(ctx context.Context, userID string) ([]*adapter.Session, error) {
	const op = "list sessions"
	idx := a.sessionIndex(userID)
	toks, err := a.rdb.ZRange(ctx, idx, 0, -1).Result()
	if err != nil {
		return nil, fail(op, err)
	}
	out := make([]*adapter.Session, 0, len(toks))
	if len(toks) == 0 {
		return out, nil
	}
	cmds := make([]*redis.StringCmd, len(toks))
	_, err = a.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, t := range toks {
			cmds[i] = p.Get(ctx, a.sessionKey(t))
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fail(op, err)
	}
	var stale []any
	for i, c := range cmds {
		v, err := c.Result()
		if errors.Is(err, redis.Nil) {
			stale = append(stale, toks[i])
			continue
		}
		if err != nil {
			return nil, fail(op, err)
		}
		s, err := parseSession(toks[i], v)
		if err != nil {
			return nil, fail(op, err)
		}
		out = append(out, s)
	}
	if len(stale) > 0 {
		_ = a.rdb.ZRem(ctx, idx, stale...).Err() // best effort: stale entries are harmless
	}
	return out, nil
}

// deleteIndexScript empties a user's session index, removes its tokens from
// the session expiry index, and returns them. KEYS[1] session index; ARGV
// expiry index.
var deleteIndexScript = redis.NewScript(`
local toks = redis.call('ZRANGE', KEYS[1], 0, -1)
redis.call('DEL', KEYS[1])
for _, t in ipairs(toks) do redis.call('ZREM', ARGV[1], t) end
return toks
`)

// GetSession returns the session with this token without its user, or
// adapter.ErrNotFound. A composition (package compose) that keeps users in
// another store uses it.
func (a *Adapter) GetSession(ctx context.Context, sessionToken string) (*adapter.Session, error) {
	const op = "get session"
	v, err := a.rdb.Get(ctx, a.sessionKey(sessionToken)).Result()
	if errors.Is(err, redis.Nil) {
		return nil, notFound(op)
	}
	if err != nil {
		return nil, fail(op, err)
	}
	s, err := parseSession(sessionToken, v)
	if err != nil {
		return nil, fail(op, err)
	}
	return s, nil
}

// DeleteUserSessions implements adapter.UserSessionsDeleter: it deletes
// every session of the user, whether or not the user is stored here, in two
// round trips. A composition that keeps users in
// another store calls it from DeleteUser.
func (a *Adapter) DeleteUserSessions(ctx context.Context, userID string) error {
	const op = "delete user sessions"
	toks, err := deleteIndexScript.Run(ctx, a.rdb, []string{a.sessionIndex(userID)}, a.sessionExpiryIndex()).StringSlice()
	if err != nil {
		return fail(op, err)
	}
	if err := a.deleteSessionKeys(ctx, toks); err != nil {
		return fail(op, err)
	}
	return nil
}

// deleteSessionKeys deletes session keys in one pipeline, which go-redis
// splits by node on a Cluster.
func (a *Adapter) deleteSessionKeys(ctx context.Context, toks []string) error {
	if len(toks) == 0 {
		return nil
	}
	_, err := a.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, t := range toks {
			p.Del(ctx, a.sessionKey(t))
		}
		return nil
	})
	return err
}
