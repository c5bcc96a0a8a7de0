// Package adapters offers NextAuth.js v3's Adapters.Default: the adapter
// gatehouse uses for a database configured without naming an adapter. It is
// the SQL adapter (package sqladapter), so
//
//	gatehouse.Config{Database: sqladapter.Config{Type: "sqlite", Database: ":memory:", Synchronize: true}}
//	gatehouse.Config{Adapter: adapters.Default(sqladapter.Config{Type: "sqlite", Database: ":memory:", Synchronize: true})}
//	gatehouse.Config{Adapter: sqladapter.New(sqladapter.Config{Type: "sqlite", Database: ":memory:", Synchronize: true})}
//
// are exactly equivalent, as the three forms are in NextAuth.js v3.
package adapters
