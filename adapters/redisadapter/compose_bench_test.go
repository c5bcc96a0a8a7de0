package redisadapter_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/compose"
	"github.com/gatehouse-go/gatehouse/adapters/redisadapter"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// roundTrips is a go-redis hook that counts round trips: one per command
// sent alone, one per pipeline.
type roundTrips struct{ n *atomic.Int64 }

func (h roundTrips) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h roundTrips) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error { h.n.Add(1); return next(ctx, cmd) }
}
func (h roundTrips) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error { h.n.Add(1); return next(ctx, cmds) }
}

// countedRedis is newRedis with a round-trip counter on its client.
func countedRedis(b *testing.B, n *atomic.Int64) *redisadapter.Adapter {
	b.Helper()
	svc := testsvc.NewRedis(b)
	rdb := redis.NewClient(&redis.Options{Addr: svc.Addr})
	b.Cleanup(func() {
		keys, _ := rdb.Keys(context.Background(), svc.Prefix+"*").Result()
		if len(keys) > 0 {
			rdb.Del(context.Background(), keys...)
		}
		rdb.Close()
	})
	rdb.AddHook(roundTrips{n})
	a, err := redisadapter.New(rdb, redisadapter.Options{Prefix: svc.Prefix})
	if err != nil {
		b.Fatal(err)
	}
	return a
}

// benchGet measures GetSessionAndUser on a and reports round trips per
// call: the growth, over the timed loop, of the counters given (Redis
// commands and pipelines, SQL statements).
func benchGet(b *testing.B, a adapter.Adapter, counters ...func() int64) {
	b.Helper()
	u, err := a.CreateUser(ctx, &adapter.User{Name: "Ada", Email: "ada@example.com"})
	if err != nil {
		b.Fatal(err)
	}
	tok := "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	if err := a.CreateSession(ctx, &adapter.Session{SessionToken: tok, UserID: u.ID, Expires: time.Now().Add(time.Hour)}); err != nil {
		b.Fatal(err)
	}
	if _, _, err := a.GetSessionAndUser(ctx, tok); err != nil {
		b.Fatal(err)
	}
	total := func() (n int64) {
		for _, c := range counters {
			n += c()
		}
		return n
	}
	before := total()
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := a.GetSessionAndUser(ctx, tok); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(total()-before)/float64(b.N), "roundtrips/op")
}

// BenchmarkComposeGetSessionAndUser compares GetSessionAndUser on one Redis
// adapter, on a composition (users in one store, sessions in another) and
// on that composition behind sessioncache.
func BenchmarkComposeGetSessionAndUser(b *testing.B) {
	b.Run("redis", func(b *testing.B) {
		var n atomic.Int64
		benchGet(b, countedRedis(b, &n), n.Load)
	})
	b.Run("compose-redis+redis", func(b *testing.B) {
		var n atomic.Int64
		users, sessions := countedRedis(b, &n), countedRedis(b, &n)
		c, err := compose.New(compose.Parts{Users: users, Sessions: sessions, Tokens: sessions})
		if err != nil {
			b.Fatal(err)
		}
		benchGet(b, c, n.Load)
	})
	b.Run("sessioncache-hit/compose-redis+redis", func(b *testing.B) {
		var n atomic.Int64
		users, sessions := countedRedis(b, &n), countedRedis(b, &n)
		c, err := compose.New(compose.Parts{Users: users, Sessions: sessions, Tokens: sessions})
		if err != nil {
			b.Fatal(err)
		}
		cached, err := sessioncache.New(c, sessioncache.Options{TTL: time.Hour})
		if err != nil {
			b.Fatal(err)
		}
		benchGet(b, cached, n.Load)
	})
}
