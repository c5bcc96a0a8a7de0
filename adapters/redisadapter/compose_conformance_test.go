package redisadapter_test

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/adaptertest"
	"github.com/gatehouse-go/gatehouse/adapters/compose"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/adapters/redisadapter"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// keepRedis is a Redis adapter in KeepExpired mode (the contract's expiry
// semantics) on its own prefix, cleaned at the end of the test.
func keepRedis(t *testing.T) *redisadapter.Adapter {
	t.Helper()
	svc := testsvc.NewRedis(t)
	rdb := redis.NewClient(&redis.Options{Addr: svc.Addr})
	t.Cleanup(func() {
		keys, _ := rdb.Keys(context.Background(), svc.Prefix+"*").Result()
		if len(keys) > 0 {
			rdb.Del(context.Background(), keys...)
		}
		rdb.Close()
	})
	a, err := redisadapter.New(rdb, redisadapter.Options{Prefix: svc.Prefix, KeepExpired: true})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestComposeConformance runs the suite on compositions: users, accounts and
// passkeys in one store, sessions and verification tokens in Redis; and the
// same behind sessioncache.
func TestComposeConformance(t *testing.T) {
	t.Run("memory+redis", func(t *testing.T) {
		r := keepRedis(t)
		c, err := compose.New(compose.Parts{Users: memory.New(), Sessions: r, Tokens: r})
		if err != nil {
			t.Fatal(err)
		}
		adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return c })
	})
	t.Run("sessioncache/memory+redis", func(t *testing.T) {
		r := keepRedis(t)
		c, err := compose.New(compose.Parts{Users: memory.New(), Sessions: r, Tokens: r})
		if err != nil {
			t.Fatal(err)
		}
		cached, err := sessioncache.New(c, sessioncache.Options{})
		if err != nil {
			t.Fatal(err)
		}
		adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return cached })
	})
}
