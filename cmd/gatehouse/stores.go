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

// openStore opens the demo's database URL: mongodb:// and mongodb+srv://
// through mongoadapter (which the command imports; the core does not),
// every other URL through the SQL adapter. It prints what it opened.
func openStore(raw string, embedded, synchronize bool, stdout io.Writer) (demoStore, error) {
	if isMongoURL(raw) {
		a, err := mongoadapter.OpenURL(raw, mongoadapter.Options{})
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(stdout, "database: MongoDB %s (collections of @auth/mongodb-adapter; indexes created at start)\n", a.Database().Name())
		return a, nil
	}
	acfg, err := adapterConfig(raw, "")
	if err != nil {
		return nil, err
	}
	if synchronize {
		acfg.Synchronize = true
	}
	if embedded {
		fmt.Fprintf(stdout, "database: SQLite file %s (embedded default; set DATABASE_URL or --database for another)\n", acfg.Database)
	} else {
		fmt.Fprintf(stdout, "database: %s %s\n", acfg.Type, describeDatabase(acfg))
	}
	return sqladapter.New(acfg), nil
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
