package redisadapter_test

import (
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/redisadapter"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
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
	// An hour of TTL: only the invalidation can make the other instance
	// refuse a revoked session within the test.
	c, err := sessioncache.New(store, sessioncache.Options{TTL: time.Hour, Invalidator: inv})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Stop)
	select {
	case <-c.Ready():
	case <-time.After(5 * time.Second):
		t.Fatal("the cache did not subscribe within 5s")
	}
	return c
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
	const n = 100
	var delays []time.Duration
	for i := range n {
		tok := "inv-" + strconv.Itoa(i)
		if err := store.CreateSession(ctx, &adapter.Session{SessionToken: tok, UserID: u.ID, Expires: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []*sessioncache.Cache{a, b} {
			if _, _, err := c.GetSessionAndUser(ctx, tok); err != nil {
				t.Fatalf("read %s: %v", tok, err)
			}
		}
		signer, other := a, b
		if i%2 == 1 {
			signer, other = b, a
		}
		if err := signer.DeleteSession(ctx, tok); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		for {
			_, _, err := other.GetSessionAndUser(ctx, tok)
			if errors.Is(err, adapter.ErrNotFound) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if time.Since(start) > 2*time.Second {
				t.Fatalf("session %s signed out on one instance still accepted on the other after 2s (TTL 1h)", tok)
			}
			time.Sleep(100 * time.Microsecond)
		}
		delays = append(delays, time.Since(start))
	}
	slices.Sort(delays)
	t.Logf("sign-out refused on the other instance after: p50 %v, p99 %v, max %v (%d sign-outs)",
		delays[n/2], delays[n*99/100], delays[n-1], n)

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
