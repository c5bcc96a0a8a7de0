package bench

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// AuthJSSchema is the PostgreSQL schema Auth.js's tables are seeded into,
// beside (never inside) gatehouse's.
const AuthJSSchema = "authjs_bench"

// authjsDDL is @auth/pg-adapter's documented schema, plus a unique index on
// sessions."sessionToken": the documented schema has none, and without it
// every Auth.js session read would scan the table, which would measure the
// missing index rather than Auth.js.
var authjsDDL = []string{
	`CREATE TABLE verification_token (identifier TEXT NOT NULL, expires TIMESTAMPTZ NOT NULL, token TEXT NOT NULL, PRIMARY KEY (identifier, token))`,
	`CREATE TABLE accounts (id SERIAL, "userId" INTEGER NOT NULL, type VARCHAR(255) NOT NULL, provider VARCHAR(255) NOT NULL,
		"providerAccountId" VARCHAR(255) NOT NULL, refresh_token TEXT, access_token TEXT, expires_at BIGINT, id_token TEXT,
		scope TEXT, session_state TEXT, token_type TEXT, PRIMARY KEY (id))`,
	`CREATE TABLE sessions (id SERIAL, "userId" INTEGER NOT NULL, expires TIMESTAMPTZ NOT NULL, "sessionToken" VARCHAR(255) NOT NULL, PRIMARY KEY (id))`,
	`CREATE TABLE users (id SERIAL, name VARCHAR(255), email VARCHAR(255), "emailVerified" TIMESTAMPTZ, image TEXT, PRIMARY KEY (id))`,
	`CREATE UNIQUE INDEX sessions_session_token_key ON sessions ("sessionToken")`,
}

// SeedAuthJS creates Auth.js's tables in the PostgreSQL schema of b (reset
// first) and inserts n users with one database session each, for the same
// cookie tokens as Seed. Auth.js stores session tokens as they are.
func SeedAuthJS(ctx context.Context, b *Backend, db *sql.DB, n int, progress io.Writer) error {
	if b.Name != "postgres" {
		return errors.New("bench: Auth.js runs on PostgreSQL only here (@auth/pg-adapter)")
	}
	for _, s := range authjsDDL {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("bench: Auth.js schema: %w", err)
		}
	}
	expires := time.Now().UTC().Add(30 * 24 * time.Hour)
	users := inserter{d: b.Dialect, table: "users", cols: []string{"id", "name", "email"}}
	sessions := inserter{d: b.Dialect, table: "sessions", cols: []string{"userId", "expires", "sessionToken"}}
	err := batches(ctx, db, n, progress, func(tx *sql.Tx, lo, hi int) error {
		var ua, sa []any
		for i := lo; i < hi; i++ {
			ua = append(ua, i+1, "User "+strconv.Itoa(i), UserEmail(i))
			sa = append(sa, i+1, expires, CookieToken(i))
		}
		if err := users.exec(ctx, tx, hi-lo, ua); err != nil {
			return err
		}
		return sessions.exec(ctx, tx, hi-lo, sa)
	})
	if err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT COALESCE(MAX(id), 1) FROM users))`)
	return err
}

// AuthJS runs the Auth.js server of bench/authjs.
type AuthJS struct {
	// Dir is the bench/authjs directory. Required.
	Dir string
	// DatabaseURL is the PostgreSQL URL of the server's default database;
	// the server uses the AuthJSSchema schema in it. Default DefaultPostgres.
	DatabaseURL string
}

// Install runs "npm ci" in Dir unless node_modules matches package-lock.json.
func (a AuthJS) Install(ctx context.Context, log io.Writer) error {
	lock, err := os.Stat(filepath.Join(a.Dir, "package-lock.json"))
	if err != nil {
		return fmt.Errorf("bench: %w (bench/authjs must keep its package-lock.json)", err)
	}
	if mod, err := os.Stat(filepath.Join(a.Dir, "node_modules", ".package-lock.json")); err == nil && !mod.ModTime().Before(lock.ModTime()) {
		return nil
	}
	fmt.Fprintln(log, "npm ci in", a.Dir)
	cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund")
	cmd.Dir, cmd.Stdout, cmd.Stderr = a.Dir, log, log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("bench: npm ci in %s: %w", a.Dir, err)
	}
	return nil
}

// Start starts server.mjs with strategy "database" or "jwt" and the given
// number of node:cluster workers (0: one plain process).
func (a AuthJS) Start(ctx context.Context, strategy string, workers int) (*Process, error) {
	dbURL := a.DatabaseURL
	if dbURL == "" {
		dbURL = DefaultPostgres
	}
	env := []string{"AUTH_SECRET=" + Secret, "STRATEGY=" + strategy, "WORKERS=" + strconv.Itoa(workers),
		"DATABASE_URL=" + dbURL, "PG_SCHEMA=" + AuthJSSchema, "PG_POOL=16", "PORT=0", "NODE_ENV=production"}
	return StartProcess(ctx, []string{"node", "server.mjs"}, env, a.Dir, time.Minute)
}

// JWTCookies returns n session cookies made by @auth/core's encode for
// users 0..n-1 (mkjwt.mjs), valid for 30 days.
func (a AuthJS) JWTCookies(ctx context.Context, n int) ([]string, error) {
	cmd := exec.CommandContext(ctx, "node", "mkjwt.mjs", strconv.Itoa(n))
	cmd.Dir = a.Dir
	cmd.Env = append(os.Environ(), "AUTH_SECRET="+Secret, "COOKIE_NAME="+CookieName)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("bench: mkjwt.mjs: %w: %s", err, stderr.String())
	}
	var cookies []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			cookies = append(cookies, s)
		}
	}
	if len(cookies) != n {
		return nil, fmt.Errorf("bench: mkjwt.mjs made %d cookies, want %d", len(cookies), n)
	}
	return cookies, nil
}
