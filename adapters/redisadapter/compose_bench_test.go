package redisadapter_test

import (
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/compose"
	"github.com/gatehouse-go/gatehouse/adapters/redisadapter"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
)

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
		rt := new(redisadapter.RoundTrips)
		benchGet(b, redisadapter.ForTest(b, redisadapter.Options{}, rt), rt.Count)
	})
	b.Run("compose-redis+redis", func(b *testing.B) {
		rt := new(redisadapter.RoundTrips)
		users, sessions := redisadapter.ForTest(b, redisadapter.Options{}, rt), redisadapter.ForTest(b, redisadapter.Options{}, rt)
		c, err := compose.New(compose.Parts{Users: users, Sessions: sessions, Tokens: sessions})
		if err != nil {
			b.Fatal(err)
		}
		benchGet(b, c, rt.Count)
	})
	b.Run("sessioncache-hit/compose-redis+redis", func(b *testing.B) {
		rt := new(redisadapter.RoundTrips)
		users, sessions := redisadapter.ForTest(b, redisadapter.Options{}, rt), redisadapter.ForTest(b, redisadapter.Options{}, rt)
		c, err := compose.New(compose.Parts{Users: users, Sessions: sessions, Tokens: sessions})
		if err != nil {
			b.Fatal(err)
		}
		cached, err := sessioncache.New(c, sessioncache.Options{TTL: time.Hour})
		if err != nil {
			b.Fatal(err)
		}
		benchGet(b, cached, rt.Count)
	})
}
