// Package pgnotify carries sessioncache invalidations between instances
// through PostgreSQL LISTEN/NOTIFY, for deployments whose only shared
// service is the PostgreSQL database that holds the sessions.
//
// NOTIFY delivers at most once to the sessions listening at the time; a
// listener whose connection drops misses what was sent meanwhile, and the
// Cache then empties itself and logs a line (see package sessioncache).
// Each subscribed Cache holds one connection of the pool for as long as it
// listens: size the pool one larger.
package pgnotify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Invalidator is a sessioncache.Invalidator over PostgreSQL
// LISTEN/NOTIFY.
type Invalidator struct {
	db      *sql.DB
	channel string
}

// New returns an Invalidator on the channel (a PostgreSQL identifier, such
// as "myapp_sessioncache"; every instance of one application must use the
// same) using db, a pool opened with the "pgx" driver
// (github.com/jackc/pgx/v5/stdlib), such as sqladapter's Adapter.DB.
func New(db *sql.DB, channel string) (*Invalidator, error) {
	if db == nil {
		return nil, errors.New("pgnotify: New: nil *sql.DB; pass a pool opened with the pgx driver")
	}
	if channel == "" || len(channel) > 63 {
		return nil, fmt.Errorf("pgnotify: New: channel %q must be 1 to 63 bytes (a PostgreSQL identifier)", channel)
	}
	return &Invalidator{db: db, channel: channel}, nil
}

// Publish sends msg to every listener of the channel.
func (v *Invalidator) Publish(ctx context.Context, msg string) error {
	if _, err := v.db.ExecContext(ctx, "SELECT pg_notify($1, $2)", v.channel, msg); err != nil {
		return fmt.Errorf("pgnotify: notify %q: %w", v.channel, err)
	}
	return nil
}

// Subscribe listens on the channel on a connection of its own until ctx
// ends or the connection fails.
func (v *Invalidator) Subscribe(ctx context.Context, ready func(), deliver func(msg string)) error {
	conn, err := v.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("pgnotify: connection for LISTEN: %w", err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("pgnotify: the pool's driver connection is a %T; open the pool with the pgx driver (github.com/jackc/pgx/v5/stdlib)", dc)
		}
		pc := sc.Conn()
		if _, err := pc.Exec(ctx, "LISTEN "+pgx.Identifier{v.channel}.Sanitize()); err != nil {
			return fmt.Errorf("pgnotify: listen %q: %w", v.channel, err)
		}
		// The connection goes back to the pool afterwards: stop listening
		// (a fresh context, as ctx may be done).
		defer pc.Exec(context.WithoutCancel(ctx), "UNLISTEN *") //nolint:errcheck // best effort; a broken connection is discarded
		if ready != nil {
			ready()
		}
		for {
			n, err := pc.WaitForNotification(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				return fmt.Errorf("pgnotify: waiting on %q: %w", v.channel, err)
			}
			deliver(n.Payload)
		}
	})
	return err
}
