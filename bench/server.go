package bench

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/jwt"
)

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
)

// NewHandler returns the handler of a server kind on a backend's pool and
// a function that releases what it holds. baseURL is the server's origin
// ("http://127.0.0.1:port"). KindGatehouseJWT needs neither b nor db.
func NewHandler(ctx context.Context, kind string, b *Backend, db *sql.DB, baseURL string) (http.Handler, func() error, error) {
	switch kind {
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
		a := sqladapter.New(sqladapter.Config{DB: db, Type: string(b.Dialect)})
		if err := a.Init(ctx); err != nil {
			return nil, nil, fmt.Errorf("bench: gatehouse adapter: %w", err)
		}
		var store adapter.Adapter = a
		if kind == KindGatehouseCache {
			c, err := sessioncache.New(a, sessioncache.Options{})
			if err != nil {
				return nil, nil, fmt.Errorf("bench: session cache: %w", err)
			}
			store = c
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
		return h, a.Close, nil
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
	return nil, nil, fmt.Errorf("bench: unknown server kind %q: use %s, %s, %s, %s or %s", kind, KindGatehouse, KindGatehouseURL, KindGatehouseCache, KindGatehouseJWT, KindFloor)
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
