package redisadapter_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/adapters/redisadapter"
	"github.com/gatehouse-go/gatehouse/internal/takeovertest"
)

// TestPreAccountTakeover plays the pre-account takeover through an OAuth
// provider that does not verify emails (internal/takeovertest) on the Redis
// adapter: the victim's magic link must give the victim a user of their
// own.
func TestPreAccountTakeover(t *testing.T) {
	takeovertest.Run(t, redisadapter.ForTest(t, redisadapter.Options{}))
}
