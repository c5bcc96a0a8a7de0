package main

import (
	"slices"
	"strings"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

// connectTimeout bounds how long a subcommand waits for a database to answer
// before it reports the database unreachable.
const connectTimeout = 15 * time.Second

// databaseURL returns the --database flag's value, else DATABASE_URL, else
// an error naming both.
func databaseURL(flagValue string, getenv env) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if v := strings.TrimSpace(getenv("DATABASE_URL")); v != "" {
		return v, nil
	}
	return "", usagef("no database: give --database URL or set DATABASE_URL (for example sqlite:gatehouse.db or postgres://user:pass@localhost:5432/app)")
}

// adapterConfig parses a database URL and applies a schema preset name
// given on the command line (empty: the URL's, else "default").
func adapterConfig(rawURL, preset string) (sqladapter.Config, error) {
	cfg, err := sqladapter.ParseURL(rawURL)
	if err != nil {
		return cfg, err
	}
	if preset != "" {
		cfg.Preset = preset
	}
	if cfg.Preset != "" && !slices.Contains(schema.PresetNames(), cfg.Preset) {
		return cfg, usagef("unknown schema %q: use one of %s", cfg.Preset, strings.Join(schema.PresetNames(), ", "))
	}
	return cfg, nil
}

// maintenanceAdapter is the SQL adapter that migrate and cleanup work
// through: the database from --database (or $DATABASE_URL) with the given
// preset, never synchronizing on its own, and the name of the preset in use.
// The caller closes the adapter.
func maintenanceAdapter(dbFlag, preset string, getenv func(string) string) (*sqladapter.Adapter, string, error) {
	raw, err := databaseURL(dbFlag, getenv)
	if err != nil {
		return nil, "", err
	}
	cfg, err := adapterConfig(raw, preset)
	if err != nil {
		return nil, "", err
	}
	cfg.Synchronize = false
	name := cfg.Preset
	if name == "" {
		name = "default"
	}
	return sqladapter.New(cfg), name, nil
}
