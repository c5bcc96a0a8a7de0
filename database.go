package gatehouse

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

// databaseAdapter turns Config.Database into the default SQL adapter, the
// way NextAuth.js turned its `database` option into Adapters.Default(...).
func databaseAdapter(db any) (adapter.Adapter, error) {
	switch v := db.(type) {
	case string:
		if v == "" {
			return nil, nil
		}
		cfg, err := sqladapter.ParseURL(v)
		if err != nil {
			return nil, err
		}
		return sqladapter.New(cfg), nil
	case sqladapter.Config:
		return sqladapter.New(v), nil
	case *sqladapter.Config:
		if v == nil {
			return nil, nil
		}
		return sqladapter.New(*v), nil
	default:
		return nil, fmt.Errorf("Database is a %T; give a connection URL string (\"sqlite::memory:?synchronize=true\") or a sqladapter.Config", db)
	}
}
