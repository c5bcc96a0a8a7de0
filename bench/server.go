package bench

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/adapters/redisadapter"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter/pgnotify"
	"github.com/gatehouse-go/gatehouse/jwt"
)

// DefaultRedis is the Redis server of the "redis" invalidator when none is
// given.
const DefaultRedis = "127.0.0.1:6379"

// Secret is the AUTH_SECRET of every server in the harness (bench only).
const Secret = "gatehouse-bench-secret-not-for-production-use-0123456789"

// Server kinds served by NewHandler.
const (
	// KindGatehouse is gatehouse with database sessions.
	KindGatehouse = "gatehouse"
	// KindFloor is the minimal net/http server (see Floor).
	KindFloor = "floor"
	// KindGatehouseJWT is gatehouse with JWT sessions and no database.
	KindGatehouseJWT = "gatehouse-jwt"
	// KindGatehouseURL is gatehouse with database sessions configured by
	// the database URL alone (Config.Database), so the adapter opens its
	// own pool with its defaults: the configuration a user gets with no
	// tuning. PostgreSQL and MariaDB only.
	KindGatehouseURL = "gatehouse-url"
	// KindGatehouseCache is KindGatehouse behind adapters/sessioncache
	// (default size and TTL), the configuration meant to read beyond the
	// floor.
	KindGatehouseCache = "gatehouse-cache"
	// KindCeiling is plain net/http answering every request with one fixed
	// session JSON: no cookie, no store, no cryptography. What a JWT
	// session read could approach at best.
	KindCeiling = "ceiling"
)

// ceilingBody is KindCeiling's answer, shaped like a session read's.
var ceilingBody = []byte(`{"user":{"name":"User 0","email":"user0@bench.example"},"expires":"2099-01-01T00:00:00.000Z"}`)

// NewHandler returns the handler of a server kind on a backend's pool and
// a function that releases what it holds. baseURL is the server's origin
// ("http://127.0.0.1:port"). KindGatehouseJWT and KindCeiling need neither
// b nor db.
func NewHandler(ctx context.Context, kind string, b *Backend, db *sql.DB, baseURL string) (http.Handler, func() error, error) {
	switch kind {
	case KindCeiling:
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(ceilingBody)
		}), func() error { return nil }, nil
	case KindFloor:
		return Floor(db, b.Dialect), func() error { return nil }, nil
	case KindGatehouseJWT:
		h, err := gatehouse.New(gatehouse.Config{
			Secrets: []string{Secret},
			URL:     baseURL + "/api/auth",
			Session: gatehouse.SessionConfig{Strategy: gatehouse.StrategyJWT},
			Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
		})
		if err != nil {
			return nil, nil, fmt.Errorf("bench: gatehouse: %w", err)
		}
		return h, func() error { return nil }, nil
	case KindGatehouse, KindGatehouseCache:
		return newGatehouse(ctx, kind, b, db, baseURL, sessioncache.Options{})
	case KindGatehouseURL:
		dbURL, err := b.URL()
		if err != nil {
			return nil, nil, err
		}
		h, err := gatehouse.New(gatehouse.Config{
			Secrets:  []string{Secret},
			URL:      baseURL + "/api/auth",
			Database: dbURL,
			Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		})
		if err != nil {
			return nil, nil, fmt.Errorf("bench: gatehouse: %w", err)
		}
		return h, func() error { return nil }, nil
	}
	return nil, nil, fmt.Errorf("bench: unknown server kind %q: use %s, %s, %s, %s, %s or %s", kind, KindGatehouse, KindGatehouseURL, KindGatehouseCache, KindGatehouseJWT, KindFloor, KindCeiling)
}

// newGatehouse returns gatehouse with database sessions on db, behind a
// session cache with opts for KindGatehouseCache.
func newGatehouse(ctx context.Context, kind string, b *Backend, db *sql.DB, baseURL string, opts sessioncache.Options) (http.Handler, func() error, error) {
	a := sqladapter.New(sqladapter.Config{DB: db, Type: string(b.Dialect)})
	if err := a.Init(ctx); err != nil {
		return nil, nil, fmt.Errorf("bench: gatehouse adapter: %w", err)
	}
	var store adapter.Adapter = a
	release := a.Close
	if kind == KindGatehouseCache {
		c, err := sessioncache.New(a, opts)
		if err != nil {
			return nil, nil, fmt.Errorf("bench: session cache: %w", err)
		}
		if opts.Invalidator != nil {
			select {
			case <-c.Ready():
			case <-time.After(10 * time.Second):
				c.Stop()
				return nil, nil, errors.New("bench: the session cache did not subscribe to its invalidator within 10s")
			}
		}
		store = c
		release = func() error { c.Stop(); return a.Close() }
	}
	h, err := gatehouse.New(gatehouse.Config{
		Secrets: []string{Secret},
		URL:     baseURL + "/api/auth",
		Adapter: store,
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		return nil, nil, fmt.Errorf("bench: gatehouse: %w", err)
	}
	return h, release, nil
}

// newHandler is NewHandler with cfg's session cache options: TTL and a
// cross-instance invalidator.
func newHandler(ctx context.Context, cfg ServeConfig, b *Backend, db *sql.DB, baseURL string) (http.Handler, func() error, error) {
	if cfg.Kind != KindGatehouseCache || (cfg.Invalidator == "" && cfg.CacheTTL == 0) {
		if cfg.Invalidator != "" {
			return nil, nil, fmt.Errorf("bench: -invalidator needs -kind %s", KindGatehouseCache)
		}
		return NewHandler(ctx, cfg.Kind, b, db, baseURL)
	}
	opts := sessioncache.Options{TTL: cfg.CacheTTL}
	var closers []func() error
	switch cfg.Invalidator {
	case "":
	case "postgres":
		if b.Dialect != schema.Postgres {
			return nil, nil, fmt.Errorf("bench: -invalidator postgres needs -backend postgres, not %s", b.Name)
		}
		// LISTEN holds a connection: its own pool, so the readers keep
		// all of theirs.
		ldb, err := b.Open(2)
		if err != nil {
			return nil, nil, err
		}
		closers = append(closers, ldb.Close)
		inv, err := pgnotify.New(ldb, "gatehouse_bench")
		if err != nil {
			return nil, nil, err
		}
		opts.Invalidator = inv
	case "redis":
		addr := cfg.Redis
		if addr == "" {
			addr = DefaultRedis
		}
		rdb := redis.NewClient(&redis.Options{Addr: addr})
		closers = append(closers, rdb.Close)
		inv, err := redisadapter.NewInvalidator(rdb, "gatehouse-bench:sessioncache")
		if err != nil {
			return nil, nil, err
		}
		opts.Invalidator = inv
	default:
		return nil, nil, fmt.Errorf("bench: unknown invalidator %q: use postgres or redis", cfg.Invalidator)
	}
	h, release, err := newGatehouse(ctx, cfg.Kind, b, db, baseURL, opts)
	closeAll := func() error {
		var errs []error
		if release != nil {
			errs = append(errs, release())
		}
		for _, c := range closers {
			errs = append(errs, c())
		}
		return errors.Join(errs...)
	}
	if err != nil {
		_ = closeAll()
		return nil, nil, err
	}
	return h, closeAll, nil
}

// JWTCookies returns n JWT session cookies (Auth.js v5 format, made by
// package jwt with Secret) for users 0..n-1, issued now and valid for 30
// days, so that reading them re-issues nothing for a day.
func JWTCookies(n int) ([]string, error) {
	c, err := jwt.New(jwt.Options{Secrets: []string{Secret}, Salt: CookieName})
	if err != nil {
		return nil, err
	}
	out := make([]string, n)
	now := time.Now().Unix()
	for i := range out {
		v, err := c.Encode(jwt.Claims{"name": "User " + strconv.Itoa(i), "email": UserEmail(i), "sub": strconv.Itoa(i + 1), "iat": now})
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}
