package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/compose"
	"github.com/gatehouse-go/gatehouse/adapters/redisadapter"
)

// useRedis keeps sessions and the rate limits in Redis when REDIS_URL is
// set (redis://[user:pass@]host:port/db or rediss:// for TLS), users,
// accounts and verification tokens staying in the SQL database: several
// instances then share sessions and limits, and session reads do not
// touch SQL. It warns when that Redis keeps nothing on disk (no RDB
// snapshots, no AOF): every session is lost when it restarts. It returns
// the client to close once the server has shut down (not when ctx ends:
// requests in flight during a graceful shutdown still read their
// sessions), or nil without REDIS_URL.
func useRedis(ctx context.Context, getenv env, cfg *gatehouse.Config, users adapter.Adapter, stdout, stderr io.Writer) (io.Closer, error) {
	raw := strings.TrimSpace(getenv("REDIS_URL"))
	if raw == "" {
		return nil, nil
	}
	opts, err := redis.ParseURL(raw)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w (use redis://[user:password@]host:6379/0)", err)
	}
	// go-redis ignores a context's deadline on the socket unless told
	// otherwise, waiting ReadTimeout (5s) per attempt instead: with it,
	// --store-timeout bounds a call to a frozen Redis as it does one to
	// the database. REDIS_URL has no parameter for it.
	opts.ContextTimeoutEnabled = true
	rdb := redis.NewClient(opts)
	fail := func(err error) (io.Closer, error) {
		_ = rdb.Close()
		return nil, err
	}
	// REDIS_PREFIX separates applications sharing one Redis.
	prefix := strings.TrimSpace(getenv("REDIS_PREFIX"))
	sessions, err := redisadapter.New(rdb, redisadapter.Options{Prefix: prefix})
	if err != nil {
		return fail(err)
	}
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := sessions.Ping(pctx); err != nil {
		return fail(fmt.Errorf("REDIS_URL %s: %w", opts.Addr, err))
	}
	limits, err := redisadapter.NewRateLimitStore(rdb, prefix)
	if err != nil {
		return fail(err)
	}
	composed, err := compose.New(compose.Parts{Users: users, Sessions: sessions, Tokens: users})
	if err != nil {
		return fail(err)
	}
	cfg.Adapter = composed
	cfg.Credentials.RateLimit.Store = limits
	cfg.Email.RateLimit.Store = limits
	fmt.Fprintf(stdout, "sessions and rate limits: Redis at %s, keys %s* (users stay in the database)\n", opts.Addr, cmp.Or(prefix, redisadapter.DefaultPrefix))
	if warn := redisPersistence(pctx, rdb); warn != "" {
		fmt.Fprintln(stderr, "warning: "+warn)
	}
	return rdb, nil
}

// redisPersistence returns a warning when Redis keeps nothing on disk,
// or "" when it does.
func redisPersistence(ctx context.Context, rdb *redis.Client) string {
	save, err1 := rdb.ConfigGet(ctx, "save").Result()
	aof, err2 := rdb.ConfigGet(ctx, "appendonly").Result()
	if err1 != nil || err2 != nil {
		return fmt.Sprintf("could not read Redis's persistence settings (%v); if it keeps nothing on disk, every session is lost when it restarts", firstErr(err1, err2))
	}
	if strings.TrimSpace(save["save"]) == "" && aof["appendonly"] != "yes" {
		return `Redis at REDIS_URL has no persistence (save "" and appendonly no): every session is lost when it restarts; turn on AOF (appendonly yes) or RDB snapshots to keep them`
	}
	return ""
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
