package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/mongoadapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

// demoStore is the demo's adapter: one that is initialised at start and
// closed at the end.
type demoStore interface {
	adapter.Adapter
	adapter.Initializer
	io.Closer
}

// open opens serve's database: a mongodb:// or mongodb+srv:// URL through
// mongoadapter (which the command imports; the core does not), any other
// through the SQL adapter. It prints which MongoDB database it opened.
func (db serveDB) open(stdout io.Writer) (demoStore, error) {
	if db.mongo == "" {
		return sqladapter.New(db.cfg), nil
	}
	a, err := mongoadapter.OpenURL(db.mongo, mongoadapter.Options{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", db.source, err)
	}
	fmt.Fprintf(stdout, "database: MongoDB %s (from %s; collections of @auth/mongodb-adapter)\n", a.Database().Name(), db.source)
	return a, nil
}

// cleaner is the adapter cleanup works through.
type cleaner interface {
	adapter.ExpiredCleaner
	io.Closer
}

// cleanupStore opens the database cleanup deletes from and checks that it
// answers: a MongoDB URL through mongoadapter (pinged; its indexes are
// serve's business), any other through the SQL adapter (Init, which checks
// the schema).
func cleanupStore(ctx context.Context, dbFlag, preset string, getenv env) (cleaner, error) {
	raw, err := databaseURL(dbFlag, getenv)
	if err != nil {
		return nil, err
	}
	ictx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	if isMongoURL(raw) {
		if preset != "" {
			return nil, usagef("--schema %s: MongoDB has no schema presets; leave --schema out", preset)
		}
		a, err := mongoadapter.OpenURL(raw, mongoadapter.Options{})
		if err != nil {
			return nil, err
		}
		if err := a.Ping(ictx); err != nil {
			a.Close()
			return nil, err
		}
		return a, nil
	}
	a, _, err := maintenanceAdapter(dbFlag, preset, getenv)
	if err != nil {
		return nil, err
	}
	if err := a.Init(ictx); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// isMongoURL reports whether raw is a URL mongoadapter opens.
func isMongoURL(raw string) bool {
	scheme, _, _ := strings.Cut(raw, "://")
	return mongoadapter.Openers()[strings.ToLower(scheme)] != nil
}
