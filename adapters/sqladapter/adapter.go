package sqladapter

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/internal/sqlstore"
)

// Adapter is the default SQL adapter: it stores gatehouse's data in
// SQLite, PostgreSQL or MySQL/MariaDB through database/sql, in the tables a
// schema preset describes. It is safe for concurrent use. Create it with New
// or Open.
//
// It implements adapter.Adapter, adapter.AuthenticatorStore,
// adapter.Transactor, adapter.Initializer, adapter.Migrator,
// adapter.SessionLister, adapter.ExpiredCleaner and adapter.Pinger. The
// methods of the stores run the contract's SQL, shared with gormadapter,
// on the pool or on the transaction of InTx: GetSessionAndUser and
// GetUserByAccount are one JOIN each; DeleteUser deletes the user's
// authenticators, sessions and accounts and the user in one transaction;
// UseVerificationToken is one DELETE … RETURNING on PostgreSQL and SQLite,
// and SELECT … FOR UPDATE and DELETE in one transaction on MySQL/MariaDB;
// the authenticator methods return adapter.ErrUnsupported on a schema
// without an authenticators table.
type Adapter struct {
	methods // the contract's methods, on the connection use gives

	cfg    Config
	cfgErr error

	mu   sync.Mutex             // serialises Init, Migrate and Close
	base *state                 // the open pool, before the schema check; guarded by mu
	st   sqlstore.Lazy[state]   // set once Init succeeded
	tx   *sql.Tx                // set on the Adapter InTx passes to fn
	pool atomic.Pointer[sql.DB] // the pool once opened, for Stats (which must not wait for mu)
}

// Interfaces the Adapter implements besides those of its store methods
// (sqlstore.Methods).
var (
	_ adapter.Transactor  = (*Adapter)(nil)
	_ adapter.Initializer = (*Adapter)(nil)
	_ adapter.Migrator    = (*Adapter)(nil)
	_ adapter.Pinger      = (*Adapter)(nil)
)

// methods is embedded in Adapter under a name that is not exported.
type methods = sqlstore.Methods

// state is everything Init sets up.
type state struct {
	db    *sql.DB
	own   bool // the Adapter opened db and closes it
	d     schema.Dialect
	full  *schema.Schema // as configured
	s     *schema.Schema // as present in the database (missing Optional columns removed)
	cfg   Config
	where string
	store *sqlstore.Store // the contract's SQL, built for s
}

// New returns an Adapter for cfg. It never fails: a configuration error is
// recorded and returned by Init and by every method, so New can be used
// directly in a gatehouse.Config. Nothing is opened until Init (or the
// first method call, which runs Init).
func New(cfg Config) *Adapter {
	a := (&Adapter{cfg: cfg}).bind()
	_, _, a.cfgErr = a.prepare()
	return a
}

// bind points a's methods at a's connection.
func (a *Adapter) bind() *Adapter {
	a.methods = methods{Use: a.use}
	return a
}

// Open is New followed by Init.
func Open(ctx context.Context, cfg Config) (*Adapter, error) {
	a := New(cfg)
	if err := a.Init(ctx); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

func (a *Adapter) prepare() (Config, *schema.Schema, error) {
	cfg, _, err := a.cfg.resolve()
	if err != nil {
		return cfg, nil, err
	}
	s, err := cfg.buildSchema()
	if err != nil {
		return cfg, nil, err
	}
	if cfg.DB == nil {
		if err := driverError(cfg.DriverName, sql.Drivers()); err != nil {
			return cfg, nil, err
		}
	}
	return cfg, s, nil
}

// driverError reports a driver name that is not among the registered ones,
// naming the import that registers it.
func driverError(name string, registered []string) error {
	if slices.Contains(registered, name) {
		return nil
	}
	if imp, ok := driverImports[name]; ok {
		return fmt.Errorf("sqladapter: no driver %q registered: add import _ %q", name, imp)
	}
	return fmt.Errorf("sqladapter: no driver %q registered: import the package that registers it (registered: %v)", name, registered)
}

// Init opens the pool (unless Config.DB was given), pings the database,
// and then either creates missing tables, columns and indexes (Synchronize)
// or checks that the tables and columns exist and reports the first missing
// one by name together with the command that creates it. Init is
// idempotent and safe to call concurrently; methods call it on first use.
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

func (a *Adapter) initState(ctx context.Context) (*state, error) {
	base, err := a.open(ctx)
	if err != nil {
		return nil, err
	}
	st := *base
	if st.cfg.Synchronize {
		if err := st.migrate(ctx); err != nil {
			return nil, err
		}
	}
	eff, err := st.check(ctx)
	if err != nil {
		return nil, err
	}
	st.s = eff
	if st.store, err = st.newStore(); err != nil {
		return nil, err
	}
	return &st, nil
}

// open opens and pings the pool once; a.mu must be held.
func (a *Adapter) open(ctx context.Context) (*state, error) {
	if a.base != nil {
		return a.base, nil
	}
	cfg, full, err := a.prepare()
	if err != nil {
		return nil, err
	}
	d, _ := dialectOf(cfg.Type)
	st := &state{d: d, full: full, s: full, cfg: cfg, where: cfg.where(d)}
	if cfg.DB != nil {
		st.db = cfg.DB
	} else {
		if st.db, err = openDB(cfg, d); err != nil {
			return nil, err
		}
		st.own = true
	}
	if err := st.db.PingContext(ctx); err != nil {
		if st.own {
			st.db.Close()
		}
		return nil, newConnectError(st.where, err)
	}
	a.base = st
	a.pool.Store(st.db)
	return st, nil
}

func openDB(cfg Config, d schema.Dialect) (*sql.DB, error) {
	db, err := sql.Open(cfg.DriverName, cfg.dataSource(d))
	if err != nil {
		return nil, fmt.Errorf("sqladapter: open %s: %w", cfg.where(d), err)
	}
	configurePool(db, cfg, d)
	return db, nil
}

// Close closes the pool if the Adapter opened it; a pool given in
// Config.DB is left open. Methods called after Close return errors.
func (a *Adapter) Close() error {
	if a.tx != nil {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.base == nil || !a.base.own {
		return nil
	}
	return a.base.db.Close()
}

// Ping checks that the database answers.
func (a *Adapter) Ping(ctx context.Context) error {
	st, err := a.ready(ctx)
	if err != nil {
		return err
	}
	if err := st.db.PingContext(ctx); err != nil {
		return fmt.Errorf("sqladapter: ping %s: %w", st.where, err)
	}
	return nil
}

// DB returns the pool the Adapter uses, opening it first if needed.
func (a *Adapter) DB(ctx context.Context) (*sql.DB, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, err
	}
	return st.db, nil
}

// Stats returns the statistics of the pool the Adapter uses (open, in use
// and idle connections, waits for a connection, connections closed by the
// limits), for metrics: promtext.Registry.ObservePool and
// otelgatehouse.Metrics.ObservePool read it at each scrape or collection.
// Before the pool is opened (Init) it returns zero statistics; it never
// opens the pool, blocks or fails.
func (a *Adapter) Stats() sql.DBStats {
	if db := a.pool.Load(); db != nil {
		return db.Stats()
	}
	return sql.DBStats{}
}

// Schema returns a copy of the schema the Adapter works with: the
// configured one, minus Optional columns the database lacks.
func (a *Adapter) Schema(ctx context.Context) (*schema.Schema, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, err
	}
	return st.s.Clone(), nil
}

// newStore builds the shared SQL store for the effective schema.
func (st *state) newStore() (*sqlstore.Store, error) {
	d := st.d
	return sqlstore.New(sqlstore.Config{
		Name:    "sqladapter",
		Dialect: d,
		Schema:  st.s,
		Rebind:  func(q string) string { return rebind(d, q) },
		Hint:    st.migrateHint(),
	})
}

// wrap turns a driver error into the adapter's (see sqlstore.Store.Wrap).
func (st *state) wrap(op string, err error) error { return st.store.Wrap(op, err) }

// conn runs the store's statements on the pool, or on the transaction of
// the Adapter InTx passes to fn.
type conn struct {
	st *state
	tx *sql.Tx
}

func (c conn) ex() sqlstore.Executor {
	if c.tx != nil {
		return c.tx
	}
	return c.st.db
}

func (c conn) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return c.ex().ExecContext(ctx, q, args...)
}

func (c conn) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return c.ex().QueryContext(ctx, q, args...)
}

// InTx runs fn in a transaction, or in the current one. The transaction is
// rolled back on every path but a successful commit, a panic in fn
// included, so that no connection is left holding it.
func (c conn) InTx(ctx context.Context, fn func(sqlstore.Executor) error) error {
	if c.tx != nil {
		return fn(c.tx)
	}
	tx, err := c.st.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqladapter: begin transaction: %w", err)
	}
	defer tx.Rollback() // a no-op after Commit
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return c.st.wrap("commit", err)
	}
	return nil
}

// use runs Init if needed and returns the store and the connection for
// one call.
func (a *Adapter) use(ctx context.Context) (*sqlstore.Store, sqlstore.Conn, error) {
	st, err := a.ready(ctx)
	if err != nil {
		return nil, nil, err
	}
	return st.store, conn{st: st, tx: a.tx}, nil
}

// InTx calls fn with an Adapter whose calls all run in one database
// transaction, committed if fn returns nil and rolled back if it returns an
// error or panics (the panic continues after the rollback). The Adapter
// given to fn must not be used after fn returns. On PostgreSQL an error
// inside the transaction (a conflict, say) aborts it: return the error.
func (a *Adapter) InTx(ctx context.Context, fn func(tx adapter.Adapter) error) (err error) {
	st, err := a.ready(ctx)
	if err != nil {
		return err
	}
	if a.tx != nil {
		return fn(a)
	}
	tx, err := st.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqladapter: begin transaction: %w", err)
	}
	txa := (&Adapter{cfg: a.cfg, tx: tx}).bind()
	txa.st.Store(st)
	txa.pool.Store(st.db)
	committed := false
	defer func() {
		if !committed {
			_ = tx.Rollback()
		}
	}()
	if err := fn(txa); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return st.wrap("commit", err)
	}
	committed = true
	return nil
}

// quote quotes an identifier for the dialect.
func (st *state) quote(name string) string { return schema.Quote(st.d, name) }

func joinQuoted(st *state, prefix string, names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = prefix + st.quote(n)
	}
	return strings.Join(q, ", ")
}
