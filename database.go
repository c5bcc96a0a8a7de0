package gatehouse

import (
	"fmt"
	"strings"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

// databaseConfig returns the default SQL adapter's configuration that
// Config.Database describes, the way NextAuth.js turned its `database`
// option into Adapters.Default(...). ok is false when db describes none
// (nil, "", or a nil *sqladapter.Config). It connects to nothing.
func databaseConfig(db any) (cfg sqladapter.Config, ok bool, err error) {
	switch v := db.(type) {
	case nil:
		return cfg, false, nil
	case string:
		if v == "" {
			return cfg, false, nil
		}
		cfg, err = sqladapter.ParseURL(v)
		return cfg, err == nil, err
	case sqladapter.Config:
		return v, true, nil
	case *sqladapter.Config:
		if v == nil {
			return cfg, false, nil
		}
		return *v, true, nil
	}
	return cfg, false, fmt.Errorf("Database is a %T; give a connection URL string (\"sqlite::memory:?synchronize=true\") or a sqladapter.Config", db)
}

// databaseOpener returns the opener that openers maps the scheme of a
// Database URL string to, or nil.
func databaseOpener(db any, openers map[string]adapter.Opener) adapter.Opener {
	s, ok := db.(string)
	if !ok || len(openers) == 0 {
		return nil
	}
	scheme, _, ok := strings.Cut(s, "://")
	if !ok {
		return nil
	}
	return openers[strings.ToLower(scheme)]
}

// databaseAdapter returns the adapter for Config.Database: the one an
// opener in openers opens, else the default SQL adapter, or nil when db
// describes none.
func databaseAdapter(db any, openers map[string]adapter.Opener) (adapter.Adapter, error) {
	if open := databaseOpener(db, openers); open != nil {
		scheme, _, _ := strings.Cut(db.(string), "://")
		a, err := open(db.(string))
		if err != nil {
			return nil, fmt.Errorf("gatehouse: Config.Database: opening the %s URL: %w", scheme, err)
		}
		if a == nil {
			return nil, fmt.Errorf("gatehouse: Config.Database: the opener of Config.Openers[%q] returned no adapter and no error", scheme)
		}
		return a, nil
	}
	cfg, ok, err := databaseConfig(db)
	if !ok || err != nil {
		return nil, err
	}
	return sqladapter.New(cfg), nil
}

// otherSchemeHint is added to the error about a Database URL the SQL
// adapter does not know.
func otherSchemeHint(db any) string {
	if s, ok := db.(string); ok && strings.Contains(s, "://") {
		return " (a URL of another adapter module, such as mongodb://, needs its scheme in Config.Openers: Openers: mongoadapter.Openers())"
	}
	return ""
}
