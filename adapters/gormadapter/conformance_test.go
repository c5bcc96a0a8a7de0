package gormadapter_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/adaptertest"
	"github.com/gatehouse-go/gatehouse/adapters/gormadapter"
)

// AppUser is an application's user model: the base model plus its own
// fields, as NextAuth.js v3's adapter docs allow ("add properties, do not change the base").
type AppUser struct {
	gormadapter.User
	Role  string
	Phone *string
}

// v3Mapping is NextAuth.js v3's modelMapping example.
var v3Mapping = map[string]string{
	"User":                "user",
	"Account":             "providerAccount",
	"Session":             "session",
	"VerificationRequest": "verification",
}

// configs are the adapter configurations the suite runs with.
var configs = []struct {
	name  string
	opts  gormadapter.Options
	suite []adaptertest.Option
}{
	{
		name: "default",
		opts: gormadapter.Options{UserModel: &AppUser{}},
		suite: []adaptertest.Option{
			adaptertest.WithUserExtra("role", "admin", "editor"),
			adaptertest.WithUserExtra("phone", "00000000000", "+44 20 7946 0000"),
			adaptertest.WithAccountExtra(map[string]any{"refresh_expires_in": 1800, "not-before-policy": 0}),
		},
	},
	{
		// The Prisma schema of NextAuth.js v3's adapter docs (the v3 layout) with its modelMapping
		// example; its VARCHAR(255) columns limit strings.
		name:  "v3-mapping",
		opts:  gormadapter.Options{Preset: "nextauth-v3", ModelMapping: v3Mapping},
		suite: []adaptertest.Option{adaptertest.WithMaxStringLength(255)},
	},
	{
		name:  "v3-mapping-default-preset",
		opts:  gormadapter.Options{ModelMapping: v3Mapping, Fields: map[string]string{"User.emailVerified": "verified_at"}},
		suite: []adaptertest.Option{adaptertest.WithAccountExtra(map[string]any{"refresh_expires_in": 1800})},
	},
	{
		name: "authjs",
		opts: gormadapter.Options{Preset: "authjs"},
		// VARCHAR(255) on PostgreSQL.
		suite: []adaptertest.Option{adaptertest.WithMaxStringLength(255)},
	},
}

// TestConformance runs the conformance suite with GORM on SQLite,
// PostgreSQL and MariaDB, one shared database per backend and
// configuration, created by AutoMigrate.
func TestConformance(t *testing.T) {
	for _, b := range backends {
		for _, c := range configs {
			t.Run(b.name+"/"+c.name, func(t *testing.T) {
				opts := c.opts
				opts.AutoMigrate = true
				a := openAdapter(t, b.open(t), opts)
				suite := c.suite
				if b.name == "mariadb" {
					// String columns are VARCHAR(255) on MySQL in every preset.
					suite = append(suite[:len(suite):len(suite)], adaptertest.WithMaxStringLength(255))
				}
				suite = append(suite[:len(suite):len(suite)], adaptertest.WithCapabilities(adaptertest.Transactions,
					adaptertest.SessionListing, adaptertest.ExpiredCleanup, adaptertest.Pinging))
				adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return a }, suite...)
			})
		}
	}
}
