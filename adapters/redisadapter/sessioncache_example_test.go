package redisadapter_test

import (
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/redisadapter"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
)

func Example_sessioncache() {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379", ContextTimeoutEnabled: true})
	defer rdb.Close()
	store, _ := redisadapter.New(rdb, redisadapter.Options{Prefix: "myapp:"})

	// Sessions are served from memory for up to 2s; on other instances a
	// revoked session can therefore be accepted for up to 2s.
	cached, err := sessioncache.New(store, sessioncache.Options{Size: 50000, TTL: 2 * time.Second})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, isLister := adapter.As[adapter.SessionLister](cached)
	_, isTx := adapter.As[adapter.Transactor](cached)
	fmt.Println("sessions listed:", isLister, "transactions:", isTx)

	_, err = sessioncache.New(store, sessioncache.Options{TTL: -time.Second})
	fmt.Println(err)
	// Output:
	// sessions listed: true transactions: false
	// sessioncache: New: Options.TTL is negative (-1s); use 0 for the default or a few seconds
}
