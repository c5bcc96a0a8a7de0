package redisadapter_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/adaptertest"
	"github.com/gatehouse-go/gatehouse/adapters/compose"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/adapters/redisadapter"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
)

// TestComposeConformance runs the suite on compositions: users, accounts and
// passkeys in one store, sessions and verification tokens in Redis; and the
// same behind sessioncache.
func TestComposeConformance(t *testing.T) {
	t.Run("memory+redis", func(t *testing.T) {
		r := redisadapter.ForTest(t, redisadapter.Options{KeepExpired: true})
		c, err := compose.New(compose.Parts{Users: memory.New(), Sessions: r, Tokens: r})
		if err != nil {
			t.Fatal(err)
		}
		adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return c })
	})
	t.Run("sessioncache/memory+redis", func(t *testing.T) {
		r := redisadapter.ForTest(t, redisadapter.Options{KeepExpired: true})
		c, err := compose.New(compose.Parts{Users: memory.New(), Sessions: r, Tokens: r})
		if err != nil {
			t.Fatal(err)
		}
		cached, err := sessioncache.New(c, sessioncache.Options{})
		if err != nil {
			t.Fatal(err)
		}
		adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return cached })
	})
}
