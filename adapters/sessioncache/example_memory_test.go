package sessioncache_test

import (
	"fmt"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
)

// The cache in front of any adapter; over Redis see Example_sessioncache in
// adapters/redisadapter.
func ExampleNew() {
	store := memory.New() // in production the SQL adapter or a composition

	// Sessions are served from memory for up to 2s; on other instances a
	// revoked session can therefore be accepted for up to 2s.
	cached, err := sessioncache.New(store, sessioncache.Options{Size: 50000, TTL: 2 * time.Second})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, isTx := adapter.As[adapter.Transactor](cached) // the memory adapter has transactions, so the cache keeps them
	fmt.Println("transactions:", isTx)

	_, err = sessioncache.New(store, sessioncache.Options{TTL: -time.Second})
	fmt.Println(err)
	// Output:
	// transactions: true
	// sessioncache: New: Options.TTL is negative (-1s); use 0 for the default or a few seconds
}
