// Package sqlstats wraps a database/sql driver to count the statements sent
// through it, so that benchmarks can report statements per operation (for
// example that reading a session and its user is one statement).
//
// It needs no global registration: OpenDB takes the driver of an existing
// pool (db.Driver()) and returns a new pool whose connections are counted.
package sqlstats

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"sync/atomic"
)

// Counter counts statements. Its methods are safe for concurrent use.
type Counter struct {
	stmts atomic.Int64
	txs   atomic.Int64
}

// Statements returns the number of statements executed or queried so far
// (transaction BEGIN/COMMIT/ROLLBACK are not included).
func (c *Counter) Statements() int64 { return c.stmts.Load() }

// Transactions returns the number of transactions begun so far.
func (c *Counter) Transactions() int64 { return c.txs.Load() }

// Reset sets both counts to zero.
func (c *Counter) Reset() { c.stmts.Store(0); c.txs.Store(0) }

// OpenDB returns a pool on dsn through drv whose statements are counted by
// the returned Counter.
func OpenDB(drv driver.Driver, dsn string) (*sql.DB, *Counter) {
	c := &Counter{}
	return sql.OpenDB(&connector{drv: drv, dsn: dsn, c: c}), c
}

type connector struct {
	drv driver.Driver
	dsn string
	c   *Counter
}

func (k *connector) Connect(ctx context.Context) (driver.Conn, error) {
	var cn driver.Conn
	var err error
	if dc, ok := k.drv.(driver.DriverContext); ok {
		var inner driver.Connector
		if inner, err = dc.OpenConnector(k.dsn); err != nil {
			return nil, err
		}
		cn, err = inner.Connect(ctx)
	} else {
		cn, err = k.drv.Open(k.dsn)
	}
	if err != nil {
		return nil, err
	}
	return &conn{Conn: cn, c: k.c}, nil
}

func (k *connector) Driver() driver.Driver { return k.drv }

// conn forwards every optional interface database/sql uses, counting
// statements on the way.
type conn struct {
	driver.Conn
	c *Counter
}

func (c *conn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	r, err := e.ExecContext(ctx, q, args)
	if err != driver.ErrSkip {
		c.c.stmts.Add(1)
	}
	return r, err
}

func (c *conn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	qc, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	r, err := qc.QueryContext(ctx, q, args)
	if err != driver.ErrSkip {
		c.c.stmts.Add(1)
	}
	return r, err
}

func (c *conn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	var s driver.Stmt
	var err error
	if pc, ok := c.Conn.(driver.ConnPrepareContext); ok {
		s, err = pc.PrepareContext(ctx, q)
	} else {
		s, err = c.Conn.Prepare(q)
	}
	if err != nil {
		return nil, err
	}
	return &stmt{Stmt: s, c: c.c}, nil
}

func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	c.c.txs.Add(1)
	if bt, ok := c.Conn.(driver.ConnBeginTx); ok {
		return bt.BeginTx(ctx, opts)
	}
	return c.Conn.Begin() //nolint:staticcheck // fallback for old drivers
}

func (c *conn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *conn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *conn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *conn) CheckNamedValue(nv *driver.NamedValue) error {
	if ch, ok := c.Conn.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

type stmt struct {
	driver.Stmt
	c *Counter
}

func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	s.c.stmts.Add(1)
	if e, ok := s.Stmt.(driver.StmtExecContext); ok {
		return e.ExecContext(ctx, args)
	}
	vals := make([]driver.Value, len(args))
	for i, a := range args {
		vals[i] = a.Value
	}
	return s.Stmt.Exec(vals) //nolint:staticcheck // fallback for old drivers
}

func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	s.c.stmts.Add(1)
	if q, ok := s.Stmt.(driver.StmtQueryContext); ok {
		return q.QueryContext(ctx, args)
	}
	vals := make([]driver.Value, len(args))
	for i, a := range args {
		vals[i] = a.Value
	}
	return s.Stmt.Query(vals) //nolint:staticcheck // fallback for old drivers
}

func (s *stmt) CheckNamedValue(nv *driver.NamedValue) error {
	if ch, ok := s.Stmt.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}
