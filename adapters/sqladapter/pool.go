package sqladapter

import (
	"database/sql"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter/schema"
)

// Pool defaults used when the Adapter opens the pool itself (from URL or
// from Type/Database/Host…, never for a pool given in Config.DB).
//
// database/sql's own defaults (no limit on open connections, 2 kept idle)
// are the slow configuration for a session store: under 64 concurrent
// readers it opens and closes a connection for nearly every request
// (about 1 050 PostgreSQL connections in 13 s in the harness, and a third
// of the throughput a pool of 10 reaches). A bounded pool whose connections
// all stay idle between requests reads at the floor's speed and never holds
// more than DefaultMaxOpenConns connections per Adapter.
//
// Sizing: each process opening an Adapter holds at most MaxOpenConns
// connections, so the server must allow (processes × MaxOpenConns) plus
// whatever else connects (PostgreSQL's max_connections defaults to 100,
// MariaDB's max_connections to 151). One session read holds a connection
// for one indexed statement, so a few connections per core of the database
// server saturate it; more only adds queueing inside the database. Raise
// MaxOpenConns when requests wait on the pool (sql.DBStats.WaitCount grows)
// while the database has idle CPU; lower it when many instances share one
// server.
const (
	// DefaultMaxOpenConns bounds the connections an Adapter opens to
	// PostgreSQL, MySQL/MariaDB or an SQLite file.
	DefaultMaxOpenConns = 10
	// DefaultConnMaxIdleTime closes a connection that stayed idle this
	// long, so a quiet instance gives its connections back to the server.
	DefaultConnMaxIdleTime = 5 * time.Minute
)

// configurePool applies cfg's pool limits, or the defaults above for the
// zero fields, to a pool the Adapter opened. MaxIdleConns defaults to the
// effective MaxOpenConns: every connection stays open between requests.
func configurePool(db *sql.DB, cfg Config, d schema.Dialect) {
	if d == schema.SQLite && isMemory(cfg.Database) {
		// Every connection to :memory: is a separate database: keep
		// exactly one, forever.
		db.SetMaxOpenConns(1)
		db.SetMaxIdleConns(1)
		db.SetConnMaxLifetime(0)
		db.SetConnMaxIdleTime(0)
		return
	}
	open := cfg.MaxOpenConns
	if open <= 0 {
		open = DefaultMaxOpenConns
	}
	idle := cfg.MaxIdleConns
	if idle <= 0 || idle > open {
		idle = open
	}
	// SetMaxIdleConns first: SetMaxOpenConns lowers the idle limit to
	// the open limit, never raises it.
	db.SetMaxIdleConns(idle)
	db.SetMaxOpenConns(open)
	if cfg.ConnMaxLifetime > 0 {
		db.SetConnMaxLifetime(cfg.ConnMaxLifetime)
	}
	idleTime := cfg.ConnMaxIdleTime
	if idleTime <= 0 {
		idleTime = DefaultConnMaxIdleTime
	}
	db.SetConnMaxIdleTime(idleTime)
}
