package gatehouse

import (
	"fmt"

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

// databaseAdapter returns the default SQL adapter for Config.Database, or
// nil when it describes none.
func databaseAdapter(db any) (adapter.Adapter, error) {
	cfg, ok, err := databaseConfig(db)
	if !ok || err != nil {
		return nil, err
	}
	return sqladapter.New(cfg), nil
}
