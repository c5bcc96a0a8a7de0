// Package testsvc gives tests their own space on the real services of the
// development machine (see README, "Tests and services"): a fresh PostgreSQL schema, a fresh MariaDB
// database, a Redis key prefix. Each is removed when the test ends.
//
// When a service is unreachable the test is skipped with a message naming
// what to start, unless GATEHOUSE_REQUIRE_SERVICES=1, when it fails.
// Addresses come from GATEHOUSE_TEST_POSTGRES, GATEHOUSE_TEST_MYSQL and
// GATEHOUSE_TEST_REDIS, with the machine's defaults otherwise.
package testsvc

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL driver, registered as "pgx"
)

// Default addresses of the development machine's services.
const (
	DefaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	DefaultMySQL    = "root@tcp(127.0.0.1:3306)/test"
	DefaultRedis    = "127.0.0.1:6379"
	DefaultMongoDB  = "mongodb://127.0.0.1:27017"
)

// Required reports whether GATEHOUSE_REQUIRE_SERVICES=1, in which case a
// missing service fails the test instead of skipping it.
func Required() bool { return os.Getenv("GATEHOUSE_REQUIRE_SERVICES") == "1" }

// Unavailable skips the test (or fails it when services are required) with a
// message naming the service, the cause and how to start it.
func Unavailable(t testing.TB, service string, cause error, howToStart string) {
	t.Helper()
	msg := fmt.Sprintf("%s is not available (%v); start it with: %s", service, cause, howToStart)
	if Required() {
		t.Fatalf("GATEHOUSE_REQUIRE_SERVICES=1 but %s", msg)
	}
	t.Skip(msg)
}

// Name returns a random lowercase identifier with the given prefix, usable
// as a schema, database or key prefix name.
func Name(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// Postgres is a fresh, empty PostgreSQL schema for one test.
type Postgres struct {
	// URL connects to the server with search_path set to Schema, so
	// unqualified table names land in the test's schema.
	URL string
	// BaseURL is the server URL without the search_path.
	BaseURL string
	// Schema is the name of the test's schema.
	Schema string
	// DB is an open pool on URL (driver "pgx"), closed at cleanup.
	DB *sql.DB
}

// NewPostgres creates a schema for this test and drops it at cleanup.
func NewPostgres(t testing.TB) *Postgres {
	t.Helper()
	base := env("GATEHOUSE_TEST_POSTGRES", DefaultPostgres)
	admin, err := sql.Open("pgx", base)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = admin.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if admin != nil {
			admin.Close()
		}
		Unavailable(t, "PostgreSQL at "+redact(base), err,
			"pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start (or set GATEHOUSE_TEST_POSTGRES)")
		return nil
	}
	schema := Name("gh_")
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("testsvc: create schema: %v", err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("testsvc: GATEHOUSE_TEST_POSTGRES: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		t.Fatalf("testsvc: %v", err)
	}
	t.Cleanup(func() {
		db.Close()
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Logf("testsvc: drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	return &Postgres{URL: u.String(), BaseURL: base, Schema: schema, DB: db}
}

// MySQL is a fresh, empty MariaDB/MySQL database for one test.
type MySQL struct {
	// DSN is a go-sql-driver/mysql DSN for the test's database, with
	// parseTime=true and UTC.
	DSN string
	// Config is DSN parsed.
	Config *mysql.Config
	// Database is the name of the test's database.
	Database string
	// DB is an open pool on DSN (driver "mysql"), closed at cleanup.
	DB *sql.DB
}

// NewMySQL creates a database for this test and drops it at cleanup.
func NewMySQL(t testing.TB) *MySQL {
	t.Helper()
	base := env("GATEHOUSE_TEST_MYSQL", DefaultMySQL)
	cfg, err := mysql.ParseDSN(base)
	if err != nil {
		t.Fatalf("testsvc: GATEHOUSE_TEST_MYSQL: %v", err)
	}
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = admin.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if admin != nil {
			admin.Close()
		}
		Unavailable(t, "MariaDB at "+cfg.Addr, err,
			"start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd (or set GATEHOUSE_TEST_MYSQL)")
		return nil
	}
	name := Name("gh_")
	if _, err := admin.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"); err != nil {
		admin.Close()
		t.Fatalf("testsvc: create database: %v", err)
	}
	cfg.DBName = name
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	dsn := cfg.FormatDSN()
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatalf("testsvc: %v", err)
	}
	t.Cleanup(func() {
		db.Close()
		if _, err := admin.Exec("DROP DATABASE " + name); err != nil {
			t.Logf("testsvc: drop database %s: %v", name, err)
		}
		admin.Close()
	})
	return &MySQL{DSN: dsn, Config: cfg, Database: name, DB: db}
}

// Redis is a key prefix on the Redis server for one test.
type Redis struct {
	// Addr is host:port of the server.
	Addr string
	// Prefix is a fresh key prefix ("gh_xxxxxxxxxxxx:"); keys under it are
	// the test's own. Deleting them at cleanup is the caller's job (the
	// client lives in the redis adapter's tests).
	Prefix string
}

// NewRedis checks that the Redis server answers and returns a fresh prefix.
func NewRedis(t testing.TB) *Redis {
	t.Helper()
	addr := env("GATEHOUSE_TEST_REDIS", DefaultRedis)
	addr = strings.TrimPrefix(addr, "redis://")
	conn, err := net.DialTimeout("tcp", addr, 3*time.Second)
	if err == nil {
		_ = conn.SetDeadline(time.Now().Add(3 * time.Second))
		_, err = conn.Write([]byte("PING\r\n"))
		if err == nil {
			buf := make([]byte, 7)
			var n int
			n, err = conn.Read(buf)
			if err == nil && !strings.HasPrefix(string(buf[:n]), "+PONG") {
				err = fmt.Errorf("unexpected answer %q to PING", buf[:n])
			}
		}
		conn.Close()
	}
	if err != nil {
		Unavailable(t, "Redis at "+addr, err,
			`redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no (or set GATEHOUSE_TEST_REDIS)`)
		return nil
	}
	return &Redis{Addr: addr, Prefix: Name("gh_") + ":"}
}

// redact removes a password from a URL for messages.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// MongoDB is a fresh database name on the MongoDB server for one test.
type MongoDB struct {
	// URL is the server's mongodb:// URL, from GATEHOUSE_TEST_MONGODB.
	URL string
	// Database is a fresh database name ("gh_xxxxxxxxxxxx"). Dropping it
	// at cleanup is the caller's job (the driver lives in the MongoDB
	// adapter's module).
	Database string
}

// NewMongoDB checks that the MongoDB server (or a server speaking its wire
// protocol, such as FerretDB) accepts connections and returns a fresh
// database name. The server is GATEHOUSE_TEST_MONGODB, a mongodb:// URL
// with one host.
func NewMongoDB(t testing.TB) *MongoDB {
	t.Helper()
	raw := env("GATEHOUSE_TEST_MONGODB", DefaultMongoDB)
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "mongodb" || u.Host == "" {
		t.Fatalf("testsvc: GATEHOUSE_TEST_MONGODB must be a mongodb://host:port URL, got %q", redact(raw))
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "27017")
	}
	conn, err := net.DialTimeout("tcp", host, 3*time.Second)
	if err != nil {
		Unavailable(t, "MongoDB at "+host, err,
			"bash -c 'source .ci/services.sh && ensure_ferretdb' (FerretDB on the local PostgreSQL), or set GATEHOUSE_TEST_MONGODB")
		return nil
	}
	conn.Close()
	return &MongoDB{URL: raw, Database: Name("gh_")}
}
