package redisadapter

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// expiredScript returns up to ARGV[2] members of the expiry index KEYS[1]
// scored before ARGV[1] (ms); ARGV[2] <= 0 means 1000.
var expiredScript = redis.NewScript(`
local n = tonumber(ARGV[2])
if n <= 0 then n = 1000 end
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1], 'LIMIT', 0, n)
`)

// delIfExpiredScript deletes a session or token key if its stored expiry
// (the number its value starts with) is before ARGV[1] (ms). It returns
// {1, rest of the value} when it deleted, {0} when the key is gone, {2} when
// the key is not expired (it was extended after the index was read).
var delIfExpiredScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if not v then return {0} end
local sp = string.find(v, ' ', 1, true)
local exp = tonumber(sp and string.sub(v, 1, sp - 1) or v)
if exp and exp >= tonumber(ARGV[1]) then return {2} end
redis.call('DEL', KEYS[1])
return {1, sp and string.sub(v, sp + 1) or ''}
`)

// dropScript removes members from the expiry index KEYS[1] whose score is
// still before ARGV[1] (ms), and members ARGV[3..] from the user session
// indexes named by ARGV[2] .. user ID, given as pairs (user ID, token).
var dropScript = redis.NewScript(`
local now = tonumber(ARGV[1])
local i = 3
while i <= #ARGV do
  local kind, a, b = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if kind == 'x' then
    local s = redis.call('ZSCORE', KEYS[1], a)
    if s and tonumber(s) < now then redis.call('ZREM', KEYS[1], a) end
  else
    redis.call('ZREM', ARGV[2] .. a, b)
  end
  i = i + 3
end
return 0
`)

// DeleteExpired deletes up to limit sessions and up to limit verification
// tokens whose Expires is before now, and reports how many of each it
// deleted (limit <= 0: all). It walks the expiry indexes, so it is cheap. With
// the default TTL expiry Redis has usually deleted them already and it
// reports few or none; with Options.KeepExpired it is the only cleanup and
// should run periodically.
func (a *Adapter) DeleteExpired(ctx context.Context, now time.Time, limit int) (sessions, tokens int64, err error) {
	nowMS := strconv.FormatInt(now.UnixMilli(), 10)
	sessions, err = a.deleteExpired(ctx, nowMS, limit, a.sessionExpiryIndex(), a.sessionKey, true)
	if err != nil {
		return sessions, 0, fail("delete expired sessions", err)
	}
	tokens, err = a.deleteExpired(ctx, nowMS, limit, a.tokenExpiryIndex(), func(m string) string { return a.prefix + "v:{" + m + "}" }, false)
	if err != nil {
		return sessions, tokens, fail("delete expired verification tokens", err)
	}
	return sessions, tokens, nil
}

func (a *Adapter) deleteExpired(ctx context.Context, nowMS string, limit int, index string, key func(string) string, session bool) (int64, error) {
	var deleted int64
	for limit <= 0 || deleted < int64(limit) {
		batch := 0
		if limit > 0 {
			batch = limit - int(deleted)
		}
		members, err := expiredScript.Run(ctx, a.rdb, []string{index}, nowMS, batch).StringSlice()
		if err != nil {
			return deleted, err
		}
		if len(members) == 0 {
			return deleted, nil
		}
		// Delete the keys (each on its own slot, pipelined), checking each
		// one's own expiry in case UpdateSession extended it meanwhile.
		cmds := make([]*redis.Cmd, len(members))
		_, err = a.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i, m := range members {
				cmds[i] = delIfExpiredScript.Eval(ctx, p, []string{key(m)}, nowMS) // EVAL: a pipeline cannot retry a missing EVALSHA
			}
			return nil
		})
		if err != nil {
			return deleted, err
		}
		drop := []any{nowMS, a.base + "us:"}
		for i, c := range cmds {
			v, err := c.Slice()
			if err != nil {
				return deleted, fmt.Errorf("deleting an expired key: %w", err) // the key names a token: keep it out of errors
			}
			if len(v) == 0 {
				return deleted, errors.New("deleting an expired key: empty script reply")
			}
			if n, _ := v[0].(int64); n == 1 {
				deleted++
				if uid, _ := v[1].(string); session {
					drop = append(drop, "u", uid, members[i])
				}
			}
			drop = append(drop, "x", members[i], "")
		}
		if err := dropScript.Run(ctx, a.rdb, []string{index}, drop...).Err(); err != nil {
			return deleted, err
		}
	}
	return deleted, nil
}
