package gormadapter

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/internal/sqlstore"
)

// Adapter stores gatehouse's data through an application's *gorm.DB in the
// tables of a schema preset. It is safe for concurrent use. Create it with
// New (or Open).
//
// It implements adapter.Adapter, adapter.AuthenticatorStore,
// adapter.Transactor, adapter.Initializer, adapter.Migrator,
// adapter.SessionLister, adapter.ExpiredCleaner and adapter.Pinger. The
// methods of the stores run the contract's SQL, shared with sqladapter,
// through the application's GORM DB (or its transaction), so that GORM's
// callbacks and logger see every statement: GetSessionAndUser and
// GetUserByAccount are one JOIN each; DeleteUser deletes the user's
// authenticators, sessions and accounts and the user in one transaction;
// UseVerificationToken is one DELETE … RETURNING on PostgreSQL and SQLite,
// and SELECT … FOR UPDATE and DELETE in one transaction on MySQL/MariaDB.
// CreateUser and UpdateUser write the extra user columns
// (Options.UserModel, Options.ExtraUserColumns) from User.Extra, UpdateUser
// only the keys present. On a schema without an authenticators table the
// authenticator methods return adapter.ErrUnsupported, except
// ListAuthenticators, which returns an empty list.
type Adapter struct {
	methods // the contract's methods, on the connection use gives

	db     *gorm.DB
	opts   Options
	cfgErr error

	mu sync.Mutex           // serialises Init and Migrate
	st sqlstore.Lazy[state] // set once Init succeeded
	tx *gorm.DB             // set on the Adapter InTx passes to fn
}

// Interfaces the Adapter implements besides those of its store methods
// (sqlstore.Methods).
var (
	_ adapter.Transactor  = (*Adapter)(nil)
	_ adapter.Initializer = (*Adapter)(nil)
	_ adapter.Migrator    = (*Adapter)(nil)
	_ adapter.Pinger      = (*Adapter)(nil)
)

// state is everything Init sets up.
type state struct {
	db   *gorm.DB // the application's DB in a session with a redacting logger
	d    schema.Dialect
	full *schema.Schema // as configured
	s    *schema.Schema // as present in the database (missing Optional columns removed)
	// store is the contract's SQL, shared with sqladapter, built for s.
	store *sqlstore.Store
}

// New returns an Adapter that uses db. It never fails: a configuration
// error (a nil db, an unsupported dialect, a bad mapping or UserModel) is
// recorded and returned by Init and by every method, so New can be used
// directly in a gatehouse.Config. Nothing is queried until Init (or the
// first method call, which runs Init). The application keeps using db for
// its own models; the Adapter never closes it.
func New(db *gorm.DB, opts Options) *Adapter {
	a := (&Adapter{db: db, opts: opts}).bind()
	_, _, a.cfgErr = a.prepare()
	return a
}

// bind points a's methods at a's connection.
func (a *Adapter) bind() *Adapter {
	a.methods = methods{Use: a.use}
	return a
}

// Open is New followed by Init.
func Open(ctx context.Context, db *gorm.DB, opts Options) (*Adapter, error) {
	a := New(db, opts)
	if err := a.Init(ctx); err != nil {
		return nil, err
	}
	return a, nil
}

// dialectOf maps GORM's dialector names to schema dialects.
func dialectOf(db *gorm.DB) (schema.Dialect, error) {
	if db == nil || db.Dialector == nil {
		return "", errors.New("gormadapter: nil *gorm.DB; pass the application's gorm.Open result")
	}
	switch n := db.Dialector.Name(); n {
	case "sqlite", "sqlite3":
		return schema.SQLite, nil
	case "postgres":
		return schema.Postgres, nil
	case "mysql":
		return schema.MySQL, nil
	default:
		return "", fmt.Errorf("gormadapter: GORM dialect %q is not supported; use SQLite, PostgreSQL or MySQL/MariaDB", n)
	}
}

func (a *Adapter) prepare() (schema.Dialect, *schema.Schema, error) {
	d, err := dialectOf(a.db)
	if err != nil {
		return "", nil, err
	}
	s, err := a.opts.buildSchema(a.db.NamingStrategy)
	if err != nil {
		return "", nil, err
	}
	return d, s, nil
}

// Init checks the database against the schema, after creating what is
// missing when Options.AutoMigrate is set. A missing table or required
// column is an error that names it and says how to create it; missing
// Optional columns are left out of every query. Init is idempotent and
// safe to call concurrently; methods call it on first use.
func (a *Adapter) Init(ctx context.Context) error {
	_, err := a.ready(ctx)
	return err
}

func (a *Adapter) ready(ctx context.Context) (*state, error) {
	if a.cfgErr != nil {
		return nil, a.cfgErr
	}
	return a.st.Get(&a.mu, func() (*state, error) { return a.initState(ctx) })
}

// initState builds the state Init sets up; a.mu is held.
func (a *Adapter) initState(ctx context.Context) (*state, error) {
	st, err := a.base()
	if err != nil {
		return nil, err
	}
	if a.opts.AutoMigrate {
		if err := st.migrate(ctx); err != nil {
			return nil, err
		}
	}
	if st.s, err = st.check(ctx); err != nil {
		return nil, err
	}
	if st.store, err = st.newStore(); err != nil {
		return nil, err
	}
	return st, nil
}

// base returns a fresh state before the schema check.
func (a *Adapter) base() (*state, error) {
	d, s, err := a.prepare()
	if err != nil {
		return nil, err
	}
	l := a.db.Logger
	if l == nil {
		l = logger.Discard
	}
	db := a.db.Session(&gorm.Session{NewDB: true, Logger: redacting{l}})
	return &state{db: db, d: d, full: s, s: s}, nil
}

// Migrate implements adapter.Migrator: it creates the schema's missing
// tables, columns and indexes with the same statements as sqladapter's
// Synchronize. It never drops or alters anything, and running it twice is
// a no-op. It works before Init, so Options.AutoMigrate is not needed.
func (a *Adapter) Migrate(ctx context.Context) error {
	if a.cfgErr != nil {
		return a.cfgErr
	}
	if a.tx != nil {
		return errors.New("gormadapter: Migrate cannot run inside InTx")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	st, err := a.base()
	if err != nil {
		return err
	}
	if err := st.migrate(ctx); err != nil {
		return err
	}
	if a.st.Load() != nil {
		if st.s, err = st.check(ctx); err != nil {
			return err
		}
		if st.store, err = st.newStore(); err != nil {
			return err
		}
		a.st.Store(st)
	}
	return nil
}

// Plan returns the statements Migrate would run now; empty means the
// database is up to date. It changes nothing.
func (a *Adapter) Plan(ctx context.Context) ([]string, error) {
	if a.cfgErr != nil {
		return nil, a.cfgErr
	}
	st, err := a.base()
	if err != nil {
		return nil, err
	}
	return st.plan(st.db.WithContext(ctx))
}

// Ping checks that the database answers.
func (a *Adapter) Ping(ctx context.Context) error {
	st, err := a.ready(ctx)
	if err != nil {
		return err
	}
	sqlDB, err := st.db.DB()
	if err != nil {
		return fmt.Errorf("gormadapter: ping: %w", err)
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		return fmt.Errorf("gormadapter: ping %s: %w", st.d, err)
	}
	return nil
}

// Stats returns the statistics of the application's connection pool under
// db (open, in use and idle connections, waits), for metrics:
// promtext.Registry.ObservePool and otelgatehouse.Metrics.ObservePool read
// it at each scrape or collection. It never queries, blocks or fails: a db
// whose connection pool is not a *sql.DB gives zero statistics.
func (a *Adapter) Stats() sql.DBStats {
	if a.db == nil {
		return sql.DBStats{}
	}
	sqlDB, err := a.db.DB()
	if err != nil {
		return sql.DBStats{}
	}
	return sqlDB.Stats()
}

// Schema returns a copy of the schema the Adapter works with: the
// configured one minus Optional columns the database lacks.
func (a *Adapter) Schema(ctx context.Context) (*schema.Schema, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, err
	}
	return st.s.Clone(), nil
}

// newStore builds the shared SQL store for the effective schema. GORM
// rebinds the ? placeholders itself, and its MySQL driver labels DATETIME
// values (UTC wall clock) with its loc setting, so times are read as wall
// clock there.
func (st *state) newStore() (*sqlstore.Store, error) {
	return sqlstore.New(sqlstore.Config{
		Name:      "gormadapter",
		Dialect:   st.d,
		Schema:    st.s,
		Classify:  classify,
		Hint:      migrateHint,
		WallClock: true,
	})
}

// use runs Init if needed and returns the store and the connection for
// one call: the transaction inside InTx or WithTx, else the application's
// DB.
func (a *Adapter) use(ctx context.Context) (*sqlstore.Store, sqlstore.Conn, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, nil, err
	}
	if a.tx != nil {
		return st.store, conn{db: a.tx, tx: true}, nil
	}
	return st.store, conn{db: st.db}, nil
}

// InTx implements adapter.Transactor: fn's calls all run in one GORM
// transaction, committed if fn returns nil and rolled back if it returns an
// error or panics (the panic continues after the rollback). Inside InTx,
// InTx joins the running transaction. The Adapter given to fn must not be
// used after fn returns. On PostgreSQL an error inside the transaction (a
// conflict, say) aborts it: return the error.
func (a *Adapter) InTx(ctx context.Context, fn func(tx adapter.Adapter) error) error {
	st, err := a.ready(ctx)
	if err != nil {
		return err
	}
	if a.tx != nil {
		return fn(a)
	}
	return st.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		txa := (&Adapter{db: a.db, opts: a.opts, tx: tx}).bind()
		txa.st.Store(st)
		return fn(txa)
	})
}

// WithTx returns an Adapter whose calls all run in the application's own
// GORM transaction tx (from db.Begin, or the *gorm.DB inside
// db.Transaction), so that gatehouse's writes commit or roll back with the
// application's. The application commits or rolls back tx; the returned
// Adapter must not be used after that. It runs Init first and returns its
// error.
func (a *Adapter) WithTx(ctx context.Context, tx *gorm.DB) (*Adapter, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, err
	}
	if tx == nil {
		return nil, errors.New("gormadapter: WithTx: nil transaction")
	}
	l := tx.Logger
	if l == nil {
		l = logger.Discard
	}
	txa := (&Adapter{db: a.db, opts: a.opts, tx: tx.Session(&gorm.Session{NewDB: true, Logger: redacting{l}})}).bind()
	txa.st.Store(st)
	return txa, nil
}
