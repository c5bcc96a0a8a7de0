package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

// dbOptions are serve's flags for the database: the pool's limits (their
// defaults are sqladapter's) and waiting for the database at start.
type dbOptions struct {
	maxOpen, maxIdle             int
	connMaxLifetime, connMaxIdle time.Duration
	waitForDB                    time.Duration
	storeTimeout                 time.Duration
}

// register adds the flags to fs.
func (o *dbOptions) register(fs *flag.FlagSet) {
	fs.IntVar(&o.maxOpen, "db-max-open", 0, "most open database connections; wins over the URL's max_open_conns (0: the URL's, else the adapter's default)")
	fs.IntVar(&o.maxIdle, "db-max-idle", 0, "most idle database connections kept; wins over the URL's max_idle_conns (0: the URL's, else the adapter's default)")
	fs.DurationVar(&o.connMaxLifetime, "db-conn-max-lifetime", 0, "close database connections older than this; wins over the URL's conn_max_lifetime (0: the URL's, else the adapter's default)")
	fs.DurationVar(&o.connMaxIdle, "db-conn-max-idle", 0, "close database connections idle for longer than this; wins over the URL's conn_max_idle_time (0: the URL's, else the adapter's default)")
	fs.DurationVar(&o.waitForDB, "wait-for-db", 0, "at start, retry connecting to the database with backoff for up to this long (0: fail at once), for a database that starts with the app")
	fs.DurationVar(&o.storeTimeout, "store-timeout", gatehouse.DefaultStoreTimeout, "longest wait for one call to the database (or to Redis with REDIS_URL); a request whose store does not answer in time gets 503 with Retry-After")
}

// apply sets the pool limits given by flags on c; a flag given wins over
// the same limit in the URL (c comes from sqladapter.ParseURL, and a set
// Config field wins over the URL's option).
func (o *dbOptions) apply(c *sqladapter.Config) {
	if o.maxOpen > 0 {
		c.MaxOpenConns = o.maxOpen
	}
	if o.maxIdle > 0 {
		c.MaxIdleConns = o.maxIdle
	}
	if o.connMaxLifetime > 0 {
		c.ConnMaxLifetime = o.connMaxLifetime
	}
	if o.connMaxIdle > 0 {
		c.ConnMaxIdleTime = o.connMaxIdle
	}
}

// check reports flag values that make no sense.
func (o *dbOptions) check() error {
	if o.maxOpen < 0 || o.maxIdle < 0 || o.connMaxLifetime < 0 || o.connMaxIdle < 0 || o.waitForDB < 0 {
		return fmt.Errorf("--db-max-open, --db-max-idle, --db-conn-max-lifetime, --db-conn-max-idle and --wait-for-db must not be negative")
	}
	if o.storeTimeout <= 0 {
		return fmt.Errorf("--store-timeout must be positive (%v); a store that does not answer would otherwise hold requests for as long as it is frozen", o.storeTimeout)
	}
	return nil
}

// initStore runs init, each attempt within attempt, retrying with
// exponential backoff (100ms doubling to 5s) while --wait-for-db lasts,
// with one line on stdout per failed attempt.
func (o *dbOptions) initStore(ctx context.Context, init func(context.Context) error, attempt time.Duration, stdout io.Writer) error {
	until := time.Now().Add(o.waitForDB)
	backoff := 100 * time.Millisecond
	for n := 1; ; n++ {
		actx, cancel := context.WithTimeout(ctx, attempt)
		err := init(actx)
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().Add(backoff).After(until) || ctx.Err() != nil {
			if o.waitForDB > 0 {
				return fmt.Errorf("the database was not ready within --wait-for-db %v (%d attempts): %w", o.waitForDB, n, err)
			}
			return err
		}
		fmt.Fprintf(stdout, "database not ready (attempt %d): %v; retrying in %v\n", n, err, backoff)
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return ctx.Err()
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}
