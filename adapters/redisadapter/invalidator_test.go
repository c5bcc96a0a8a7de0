package redisadapter_test

import (
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/redisadapter"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
	"github.com/gatehouse-go/gatehouse/internal/invalidationtest"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// instance is one application instance: its own Redis client, Invalidator
// and Cache over the shared store.
func instance(t *testing.T, store adapter.Adapter, channel string) *sessioncache.Cache {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: testsvc.NewRedis(t).Addr})
	t.Cleanup(func() { rdb.Close() })
	inv, err := redisadapter.NewInvalidator(rdb, channel)
	if err != nil {
		t.Fatal(err)
	}
	return invalidationtest.NewCache(t, store, inv)
}

// TestInvalidatorAcrossInstances signs out, and changes users, on one
// instance and measures how long the other keeps accepting them.
func TestInvalidatorAcrossInstances(t *testing.T) {
	ctx := t.Context()
	store := redisadapter.ForTest(t, redisadapter.Options{})
	channel := testsvc.Name("gh_inv_")
	a, b := instance(t, store, channel), instance(t, store, channel)
	u, err := store.CreateUser(ctx, &adapter.User{Email: "inv@example.com", Name: "Before"})
	if err != nil {
		t.Fatal(err)
	}
	invalidationtest.SignOutDelays(ctx, t, store, [2]*sessioncache.Cache{a, b}, u.ID, 100)

	// A user change on one instance reaches the other's cached sessions.
	if err := store.CreateSession(ctx, &adapter.Session{SessionToken: "inv-user", UserID: u.ID, Expires: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.GetSessionAndUser(ctx, "inv-user"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.UpdateUser(ctx, &adapter.User{ID: u.ID, Name: "After"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		_, got, err := b.GetSessionAndUser(ctx, "inv-user")
		if err != nil {
			t.Fatal(err)
		}
		if got.Name == "After" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("user renamed on one instance still %q on the other after 2s", got.Name)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestNewInvalidatorValidates(t *testing.T) {
	if _, err := redisadapter.NewInvalidator(nil, "c"); err == nil {
		t.Error("nil client: no error")
	}
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer rdb.Close()
	if _, err := redisadapter.NewInvalidator(rdb, ""); err == nil {
		t.Error("empty channel: no error")
	}
}
