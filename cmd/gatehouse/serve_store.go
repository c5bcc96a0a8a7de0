package main

import (
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
	if scheme, _, _ := strings.Cut(raw, "://"); mongoadapter.Openers()[strings.ToLower(scheme)] != nil {
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
