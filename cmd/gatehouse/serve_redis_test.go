package main

import (
	"context"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// TestServeRedisSessions: with REDIS_URL, the demo keeps its sessions in
// Redis (users in SQL), says so at start-up, and warns when that Redis
// keeps nothing on disk.
func TestServeRedisSessions(t *testing.T) {
	svc := testsvc.NewRedis(t)
	if svc == nil {
		return
	}
	rdb := redis.NewClient(&redis.Options{Addr: svc.Addr})
	t.Cleanup(func() { rdb.Close() })
	// REDIS_PREFIX: the test's own keys, apart from other applications'.
	s := startServe(t, map[string]string{"REDIS_URL": "redis://" + svc.Addr + "/0", "REDIS_PREFIX": svc.Prefix}, "--database", "sqlite::memory:")
	if !strings.Contains(s.stdout.String(), "sessions and rate limits: Redis at "+svc.Addr+", keys "+svc.Prefix+"*") {
		t.Fatalf("no Redis line naming the address and the prefix at start-up:\n%s", s.stdout)
	}
	ctx := context.Background()
	sessionKeys := func() map[string]bool {
		keys, err := rdb.Keys(ctx, svc.Prefix+"s:*").Result()
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]bool{}
		for _, k := range keys {
			m[k] = true
		}
		return m
	}
	before := sessionKeys()
	signInDemo(t, s)
	var added []string
	for k := range sessionKeys() {
		if !before[k] {
			added = append(added, k)
		}
	}
	t.Cleanup(func() {
		if len(added) > 0 {
			rdb.Del(ctx, added...)
		}
	})
	if len(added) != 1 {
		t.Fatalf("signing in added %d session keys to Redis, want 1", len(added))
	}
	save, _ := rdb.ConfigGet(ctx, "save").Result()
	aof, _ := rdb.ConfigGet(ctx, "appendonly").Result()
	noDisk := strings.TrimSpace(save["save"]) == "" && aof["appendonly"] != "yes"
	if warned := strings.Contains(s.stderr.String(), "has no persistence"); warned != noDisk {
		t.Errorf("persistence warning %v, want %v (save %q, appendonly %q); stderr:\n%s", warned, noDisk, save["save"], aof["appendonly"], s.stderr)
	}
}
