package redisadapter_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/adapters/compose"
	"github.com/gatehouse-go/gatehouse/adapters/redisadapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/takeovertest"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// TestPreAccountTakeover plays the pre-account takeover through an OAuth
// provider that does not verify emails (internal/takeovertest) on the Redis
// adapter alone and on users in PostgreSQL with sessions and tokens in
// Redis (compose): the victim's magic link must give the victim a user of
// their own.
func TestPreAccountTakeover(t *testing.T) {
	t.Run("redis", func(t *testing.T) {
		takeovertest.Run(t, redisadapter.ForTest(t, redisadapter.Options{}))
	})
	t.Run("postgres+redis", func(t *testing.T) {
		r := redisadapter.ForTest(t, redisadapter.Options{})
		c, err := compose.New(compose.Parts{Users: openSQL(t, sqladapter.Config{URL: testsvc.NewPostgres(t).URL}), Sessions: r, Tokens: r})
		if err != nil {
			t.Fatal(err)
		}
		takeovertest.Run(t, c)
	})
}
