package redisadapter_test

import (
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/compose"
	"github.com/gatehouse-go/gatehouse/adapters/redisadapter"
)

func Example_compose() {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379", ContextTimeoutEnabled: true})
	defer rdb.Close()
	sessions, _ := redisadapter.New(rdb, redisadapter.Options{Prefix: "myapp:"})

	// In production Users is usually the SQL adapter; any
	// compose.UserAccountStore fits.
	var users compose.UserAccountStore = sessions

	a, err := compose.New(compose.Parts{Users: users, Sessions: sessions, Tokens: sessions})
	if err != nil {
		fmt.Println(err)
		return
	}
	var _ adapter.Adapter = a

	_, err = compose.New(compose.Parts{Users: users, Tokens: sessions})
	fmt.Println(err)
	// Output:
	// compose: New: Parts.Sessions is nil; give a session store that implements compose.SessionPart (for example a redisadapter.Adapter)
}
