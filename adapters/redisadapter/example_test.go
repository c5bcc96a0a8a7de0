package redisadapter_test

import (
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/redisadapter"
)

func ExampleNew() {
	// Any redis.UniversalClient works: redis.NewClusterClient or
	// redis.NewFailoverClient as well as a single node.
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379", ContextTimeoutEnabled: true})
	defer rdb.Close()

	var store adapter.Adapter
	store, err := redisadapter.New(rdb, redisadapter.Options{Prefix: "myapp:"})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, isLister := store.(adapter.SessionLister)
	fmt.Println("lists sessions:", isLister)

	// New checks the options without contacting Redis.
	_, err = redisadapter.New(rdb, redisadapter.Options{Prefix: "my{app}:"})
	fmt.Println(err)
	// Output:
	// lists sessions: true
	// redisadapter: New: Options.Prefix "my{app}:" contains '{' or '}', which would break the Cluster hash tags; choose a prefix without braces
}
