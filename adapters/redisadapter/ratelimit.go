package redisadapter

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// RateLimitStore is an adapter.RateLimitStore on Redis, so that several
// instances of an application share their rate limits (set it as
// RateLimit.Store of Config.Credentials and Config.Email). Each AddCount
// is one round trip running one script, atomic on the server; a key's
// window is its Redis TTL. Create it with NewRateLimitStore.
type RateLimitStore struct {
	rdb    redis.UniversalClient
	prefix string
}

var _ adapter.RateLimitStore = (*RateLimitStore)(nil)

// NewRateLimitStore returns a RateLimitStore keeping its counts under
// prefix + "rl:" (prefix DefaultPrefix when empty). It does not contact
// Redis.
func NewRateLimitStore(client redis.UniversalClient, prefix string) (*RateLimitStore, error) {
	if client == nil {
		return nil, errors.New("redisadapter: NewRateLimitStore: client is nil; pass a *redis.Client, *redis.ClusterClient or another redis.UniversalClient")
	}
	if prefix == "" {
		prefix = DefaultPrefix
	}
	if strings.ContainsAny(prefix, "{}") {
		return nil, fmt.Errorf("redisadapter: NewRateLimitStore: prefix %q contains '{' or '}', which would break the Cluster hash tags; choose a prefix without braces", prefix)
	}
	return &RateLimitStore{rdb: client, prefix: prefix + "rl:"}, nil
}

// addCountScript adds ARGV[1] to KEYS[1] (never below zero), creating it
// with a TTL of ARGV[2] ms when absent and ARGV[1] > 0, and returns the
// count and the TTL left in ms ({0, -1} when nothing is stored).
var addCountScript = redis.NewScript(`
local n = tonumber(ARGV[1])
local v = redis.call('GET', KEYS[1])
if not v then
  if n <= 0 then return {0, -1} end
  redis.call('SET', KEYS[1], n, 'PX', ARGV[2])
  return {n, tonumber(ARGV[2])}
end
local c = tonumber(v) + n
if c < 0 then c = 0 end
if n ~= 0 then redis.call('SET', KEYS[1], c, 'KEEPTTL') end
return {c, redis.call('PTTL', KEYS[1])}
`)

// AddCount implements adapter.RateLimitStore.
func (s *RateLimitStore) AddCount(ctx context.Context, key string, n int, window time.Duration) (adapter.RateCount, error) {
	now := time.Now()
	ms := max(window.Milliseconds(), 1)
	res, err := addCountScript.Run(ctx, s.rdb, []string{s.prefix + key}, n, ms).Int64Slice()
	if err != nil {
		return adapter.RateCount{}, fmt.Errorf("redisadapter: rate limit count %q: %w", key, err)
	}
	if len(res) != 2 {
		return adapter.RateCount{}, fmt.Errorf("redisadapter: rate limit count %q: script returned %v", key, res)
	}
	if res[0] == 0 && res[1] < 0 {
		return adapter.RateCount{}, nil
	}
	return adapter.RateCount{Count: int(res[0]), Reset: now.Add(time.Duration(max(res[1], 0)) * time.Millisecond)}, nil
}

// ResetCount implements adapter.RateLimitStore.
func (s *RateLimitStore) ResetCount(ctx context.Context, key string) error {
	if err := s.rdb.Del(ctx, s.prefix+key).Err(); err != nil {
		return fmt.Errorf("redisadapter: rate limit reset %q: %w", key, err)
	}
	return nil
}
