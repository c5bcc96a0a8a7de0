package compose_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/adaptertest"
	"github.com/gatehouse-go/gatehouse/adapters/compose"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// TestConformanceMemorySessions runs the suite on compositions whose
// sessions and tokens live in a memory adapter of their own: users in
// another memory adapter, in PostgreSQL, and in PostgreSQL behind a
// sessioncache (a wrapped part, whose capabilities compose finds with
// adapter.As).
func TestConformanceMemorySessions(t *testing.T) {
	tests := []struct {
		name  string
		users func(t *testing.T) compose.UserAccountStore
	}{
		{"memory+memory", func(*testing.T) compose.UserAccountStore { return memory.New() }},
		{"postgres+memory", func(t *testing.T) compose.UserAccountStore { return postgresUsers(t) }},
		{"sessioncache/postgres+memory", func(t *testing.T) compose.UserAccountStore {
			c, err := sessioncache.New(postgresUsers(t), sessioncache.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sessions := memory.New()
			c, err := compose.New(compose.Parts{Users: tc.users(t), Sessions: sessions, Tokens: sessions})
			if err != nil {
				t.Fatal(err)
			}
			adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return c },
				adaptertest.WithCapabilities(adaptertest.Authenticators, adaptertest.SessionListing,
					adaptertest.UserSessions, adaptertest.ExpiredCleanup, adaptertest.Pinging))
		})
	}
}

// postgresUsers is a SQL adapter on a fresh PostgreSQL schema; its first
// use creates the tables.
func postgresUsers(t *testing.T) *sqladapter.Adapter {
	t.Helper()
	a := sqladapter.New(sqladapter.Config{URL: testsvc.NewPostgres(t).URL, Synchronize: true})
	t.Cleanup(func() { a.Close() })
	return a
}
