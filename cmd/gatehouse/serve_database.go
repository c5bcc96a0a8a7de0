package main

import (
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

// optBool is a boolean flag that remembers whether it was given, so that
// its default can depend on other settings (serve's --synchronize and
// --demo-user default to true only on a scratch database).
type optBool struct {
	v, set bool
}

func (b *optBool) String() string {
	if b == nil {
		return "false"
	}
	return strconv.FormatBool(b.v)
}

func (b *optBool) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return fmt.Errorf("%q is not true or false", s)
	}
	b.v, b.set = v, true
	return nil
}

// IsBoolFlag lets the flag be given as --name, meaning true.
func (b *optBool) IsBoolFlag() bool { return true }

// or returns the flag's value when it was given, else def.
func (b optBool) or(def bool) bool {
	if b.set {
		return b.v
	}
	return def
}

// serveDB is the database serve uses and what it may write there.
type serveDB struct {
	cfg sqladapter.Config
	// mongo is a mongodb:// URL, opened with mongoadapter instead of the
	// SQL adapter (cfg is then unused).
	mongo string
	// source names where the URL came from.
	source string
	// scratch is the embedded default file or an in-memory SQLite
	// database: the demo's own, which it may fill without being asked.
	scratch  bool
	embedded bool
	demoUser bool
}

// chooseServeDB picks serve's database and decides what serve writes to
// it. The demo must never alter a database it was not meant for: on its
// own scratch database (the embedded default file, or SQLite :memory:) it
// creates the tables and the demo user unless told not to; on any other
// database it creates tables only with --synchronize (or the URL's own
// ?synchronize=true) and the demo user only with --demo-user.
func chooseServeDB(o serveOptions, getenv env) (serveDB, error) {
	db := serveDB{source: "--database"}
	raw := o.database
	if raw == "" {
		raw, db.source = strings.TrimSpace(getenv("DATABASE_URL")), "DATABASE_URL"
	}
	if raw == "" {
		raw, db.source, db.embedded = defaultDatabase, "embedded default", true
	}
	if isMongoURL(raw) {
		// MongoDB: Init creates the indexes (there are no tables); a demo
		// user only when asked.
		db.mongo = raw
		db.demoUser = o.demoUser.or(false)
		return db, nil
	}
	cfg, err := adapterConfig(raw, "")
	if err != nil {
		return db, fmt.Errorf("%s: %w", db.source, err)
	}
	db.scratch = db.embedded || (cfg.Type == "sqlite" && isMemoryDB(cfg.Database))
	// The URL's own ?synchronize= is kept unless the flag was given.
	cfg.Synchronize = o.synchronize.or(cfg.Synchronize || db.scratch)
	if !cfg.Synchronize {
		// The adapter fills zero fields from the URL again: drop the URL's
		// synchronize=true that --synchronize=false overrides.
		cfg.URL = withoutParam(cfg.URL, "synchronize")
	}
	db.demoUser = o.demoUser.or(db.scratch)
	db.cfg = cfg
	return db, nil
}

// withoutParam returns the URL raw without the query parameter name.
func withoutParam(raw, name string) string {
	u, err := url.Parse(raw)
	if err != nil || !u.Query().Has(name) {
		return raw
	}
	q := u.Query()
	q.Del(name)
	u.RawQuery = q.Encode()
	return u.String()
}

// isMemoryDB reports whether a SQLite database name is in memory.
func isMemoryDB(name string) bool {
	return name == ":memory:" || strings.HasPrefix(name, "file::memory:") || strings.Contains(name, "mode=memory")
}

// describe prints which database serve uses and what it will write there,
// before anything is written.
func (db serveDB) describe(w io.Writer) {
	if db.mongo != "" {
		writes := "indexes are created if missing; sign-ins store users, accounts, sessions and verification tokens"
		if db.demoUser {
			writes = "the demo user " + demoUserEmail + " is added if absent; " + writes
		}
		fmt.Fprintf(w, "writes: %s\n", writes)
		return
	}
	if db.embedded {
		fmt.Fprintf(w, "database: SQLite file %s (embedded default; set DATABASE_URL or --database for another)\n", db.cfg.Database)
	} else {
		fmt.Fprintf(w, "database: %s %s (from %s)\n", db.cfg.Type, describeDatabase(db.cfg), db.source)
	}
	var writes []string
	if db.cfg.Synchronize {
		writes = append(writes, "missing tables, columns and indexes are created")
	} else {
		writes = append(writes, "the tables are checked, not created (--synchronize creates missing ones)")
	}
	if db.demoUser {
		writes = append(writes, "the demo user "+demoUserEmail+" is added if absent")
	} else if !db.scratch {
		writes = append(writes, "no demo user (--demo-user adds one)")
	}
	writes = append(writes, "sign-ins store users, accounts, sessions and verification tokens")
	fmt.Fprintf(w, "writes: %s\n", strings.Join(writes, "; "))
}

// initError adds to a failed Init that serve can create what is missing
// when asked.
func (db serveDB) initError(err error) error {
	if db.mongo != "" || db.cfg.Synchronize || !strings.Contains(err.Error(), "missing") {
		return err
	}
	return fmt.Errorf("%w; or let serve create them: --synchronize", err)
}
