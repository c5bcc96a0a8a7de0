package bench

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/gatehouse-go/gatehouse/adapter/schema"

	"github.com/go-sql-driver/mysql"   // the MariaDB backend
	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL backend
	_ "modernc.org/sqlite"             // the SQLite backend
)

// Backend is a database the harness seeds and serves from.
type Backend struct {
	// Name is "sqlite", "postgres" or "mariadb".
	Name string
	// Dialect is the schema dialect of Name.
	Dialect schema.Dialect
	// Driver is the database/sql driver name: "sqlite", "pgx" or "mysql".
	Driver string
	// DSN is the driver's data source, pointing at the bench's own SQLite
	// file, PostgreSQL schema or MariaDB database.
	DSN string
	// admin is a data source on the server's default database, used to
	// create and drop the bench's schema or database ("" for SQLite).
	admin string
	// space is the PostgreSQL schema, MariaDB database or SQLite file.
	space string
}

// Defaults for NewBackend.
const (
	// DefaultPostgres is the PostgreSQL server used when none is given.
	DefaultPostgres = "postgres://postgres@127.0.0.1:5432/test"
	// DefaultMySQL is the MariaDB server used when none is given.
	DefaultMySQL = "root@tcp(127.0.0.1:3306)/test"
)

// NewBackend describes backend name ("sqlite", "postgres" or "mariadb")
// using space as the SQLite file path, the PostgreSQL schema or the MariaDB
// database (it must be a plain identifier for the latter two). server is the
// PostgreSQL URL or MySQL DSN of the server's default database; "" means
// DefaultPostgres or DefaultMySQL (ignored for SQLite).
func NewBackend(name, space, server string) (*Backend, error) {
	switch name {
	case "sqlite":
		if space == "" {
			return nil, errors.New("bench: sqlite needs a file path")
		}
		q := url.Values{}
		q.Add("_pragma", "busy_timeout(10000)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Add("_pragma", "foreign_keys(1)")
		return &Backend{Name: name, Dialect: schema.SQLite, Driver: "sqlite", DSN: "file:" + space + "?" + q.Encode(), space: space}, nil
	case "postgres", "mariadb":
	default:
		return nil, fmt.Errorf("bench: unknown backend %q: use sqlite, postgres or mariadb", name)
	}
	if !plainIdent(space) {
		return nil, fmt.Errorf("bench: %s schema/database name %q must be lower-case letters, digits and _", name, space)
	}
	if name == "postgres" {
		if server == "" {
			server = DefaultPostgres
		}
		u, err := url.Parse(server)
		if err != nil {
			return nil, fmt.Errorf("bench: PostgreSQL URL: %w", err)
		}
		q := u.Query()
		q.Set("search_path", space)
		u.RawQuery = q.Encode()
		return &Backend{Name: name, Dialect: schema.Postgres, Driver: "pgx", DSN: u.String(), admin: server, space: space}, nil
	}
	if server == "" {
		server = DefaultMySQL
	}
	i := strings.LastIndex(server, "/")
	if i < 0 {
		return nil, fmt.Errorf("bench: MySQL DSN %q has no /database part", server)
	}
	base := server[:i+1]
	return &Backend{Name: name, Dialect: schema.MySQL, Driver: "mysql", DSN: base + space + "?parseTime=true", admin: server, space: space}, nil
}

func plainIdent(s string) bool {
	if s == "" || len(s) > 60 {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
			return false
		}
	}
	return true
}

// Open opens a pool on the backend with conns connections, all kept idle
// between requests (database/sql keeps only 2 by default, which would make
// every server open and close connections under load).
func (b *Backend) Open(conns int) (*sql.DB, error) {
	db, err := sql.Open(b.Driver, b.DSN)
	if err != nil {
		return nil, fmt.Errorf("bench: opening %s: %w", b.Name, err)
	}
	if conns < 1 {
		conns = 1
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	return db, nil
}

// URL returns the backend as a connection URL the way gatehouse's
// Config.Database takes it (postgres://… with search_path, or mysql://…).
func (b *Backend) URL() (string, error) {
	switch b.Name {
	case "postgres":
		return b.DSN, nil
	case "mariadb":
		cfg, err := mysql.ParseDSN(b.DSN)
		if err != nil {
			return "", fmt.Errorf("bench: MySQL DSN: %w", err)
		}
		u := url.URL{Scheme: "mysql", Host: cfg.Addr, Path: "/" + cfg.DBName}
		if cfg.Passwd != "" {
			u.User = url.UserPassword(cfg.User, cfg.Passwd)
		} else {
			u.User = url.User(cfg.User)
		}
		return u.String(), nil
	}
	return "", fmt.Errorf("bench: %s has no server URL; the URL-only target needs postgres or mariadb", b.Name)
}

// Reset drops the backend's schema, database or file and creates it empty.
func (b *Backend) Reset(ctx context.Context) error {
	switch b.Name {
	case "sqlite":
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(b.space + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("bench: removing %s: %w", b.space+suffix, err)
			}
		}
		return nil
	case "postgres":
		return b.adminExec(ctx, "pgx",
			`DROP SCHEMA IF EXISTS "`+b.space+`" CASCADE`,
			`CREATE SCHEMA "`+b.space+`"`)
	default:
		return b.adminExec(ctx, "mysql",
			"DROP DATABASE IF EXISTS `"+b.space+"`",
			"CREATE DATABASE `"+b.space+"` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
	}
}

func (b *Backend) adminExec(ctx context.Context, driver string, stmts ...string) error {
	db, err := sql.Open(driver, b.admin)
	if err != nil {
		return fmt.Errorf("bench: opening %s: %w", b.Name, err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("bench: %s: %w", s, err)
		}
	}
	return nil
}
