package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/internal/sqlrow"
)

// Executor runs statements: what *sql.DB, *sql.Tx and gorm.ConnPool share.
// ExecContext's sql.Result must report RowsAffected, and LastInsertId on
// MySQL (it is read after inserts into serial-id tables there).
type Executor interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Conn is an Executor that can also run several statements in one
// transaction.
type Conn interface {
	Executor
	// InTx runs fn in one transaction, committed when fn returns nil and
	// rolled back on an error or a panic; inside a transaction already, it
	// runs fn in that one.
	InTx(ctx context.Context, fn func(Executor) error) error
}

// Config is what a Store needs to know about the database and its adapter.
type Config struct {
	// Name is the adapter's name, the prefix of every error ("sqladapter:
	// get user: ..."). Default "sqlstore".
	Name string
	// Dialect is the database's SQL dialect. Required.
	Dialect schema.Dialect
	// Schema describes the tables as present in the database (Optional
	// columns the database lacks removed). Required.
	Schema *schema.Schema
	// Rebind rewrites the ? placeholders of a statement for the driver
	// ($1, $2, ... on PostgreSQL). Default: statements keep ? (GORM
	// rebinds them itself).
	Rebind func(string) string
	// Classify tells unique and foreign key violations and missing tables
	// or columns from other errors. Default sqlrow.Classify.
	Classify func(error) sqlrow.Class
	// Hint is how to create missing tables and columns, added to the error
	// of a statement that names one the database lacks. Default: none.
	Hint string
	// WallClock reads a time.Time from MySQL as UTC wall clock whatever the
	// location the driver labels it with (MySQL DATETIME has no zone and
	// holds UTC). Default false: times are converted to UTC as instants.
	WallClock bool
}

// Store implements the adapter contract's SQL for one schema. It is safe
// for concurrent use; it holds no connection, each call runs on the Conn it
// is given.
type Store struct {
	cfg Config
	d   schema.Dialect
	s   *schema.Schema
	q   queries
}

// New returns a Store for cfg, with every statement built.
func New(cfg Config) (*Store, error) {
	if cfg.Schema == nil || cfg.Schema.Users == nil || cfg.Schema.Accounts == nil || cfg.Schema.Sessions == nil || cfg.Schema.VerificationTokens == nil {
		return nil, errors.New("sqlstore: the schema lacks one of the required tables (users, accounts, sessions, verification tokens)")
	}
	if cfg.Name == "" {
		cfg.Name = "sqlstore"
	}
	if cfg.Classify == nil {
		cfg.Classify = sqlrow.Classify
	}
	st := &Store{cfg: cfg, d: cfg.Dialect, s: cfg.Schema}
	st.q = st.build()
	return st, nil
}

// HasAuthenticators reports whether the schema has an authenticators table.
func (st *Store) HasAuthenticators() bool { return st.q.au.t != nil }

func (st *Store) notFound(what string) error {
	return fmt.Errorf("%s: %s: %w", st.cfg.Name, what, adapter.ErrNotFound)
}

func (st *Store) errorf(format string, args ...any) error {
	return fmt.Errorf(st.cfg.Name+": "+format, args...)
}

// Wrap turns a database error into the adapter's (nil stays nil): unique
// violations are adapter.ErrConflict, foreign key violations (a user that
// does not exist) adapter.ErrNotFound, and missing tables or columns say
// how to create them (Config.Hint). op names the operation.
func (st *Store) Wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	switch st.cfg.Classify(err) {
	case sqlrow.Unique:
		return st.errorf("%s: %w%s", op, adapter.ErrConflict, st.detail(err))
	case sqlrow.ForeignKey:
		return st.errorf("%s: the user does not exist: %w%s", op, adapter.ErrNotFound, st.detail(err))
	case sqlrow.NoTable, sqlrow.NoColumn:
		return st.errorf("%s: %w; the database does not match the %s schema: create what is missing with %s", op, err, st.s.Name, st.cfg.Hint)
	}
	return st.errorf("%s: %w", op, err)
}

// detail returns the driver's message about a constraint violation, which
// names the constraint; nothing on MySQL, whose message quotes the clashing
// value (a session token, say), which must not reach a log, and nothing
// when the error carries no driver message (GORM's translated errors).
func (st *Store) detail(err error) string {
	if st.d == schema.MySQL || sqlrow.Classify(err) == sqlrow.Other {
		return ""
	}
	return " (" + err.Error() + ")"
}

// enc encodes arguments (package sqlrow), the same for both adapters, so
// that they can share a database.
func (st *Store) enc() sqlrow.Encoder {
	return sqlrow.Encoder{Dialect: st.d, TimeLayout: st.s.TimeLayout()}
}

func (st *Store) timeArg(t time.Time) any { return st.enc().Time(t) }

func (st *Store) timePtrArg(t *time.Time) any { return st.enc().TimePtr(t) }

// userIDArg converts a user id to the users table's key type; ok is false
// when the id cannot exist: not an integer for integer ids, or outside the
// 32-bit range of SERIAL/INT id columns on PostgreSQL and MySQL.
func (st *Store) userIDArg(id string) (any, bool) {
	if st.s.Users.ID != schema.IDSerial {
		return id, true
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return nil, false
	}
	if st.d != schema.SQLite && !strings.Contains(strings.ToUpper(st.s.Users.IDTypes[st.d]), "BIG") &&
		(n > math.MaxInt32 || n < math.MinInt32) {
		return nil, false
	}
	return n, true
}
