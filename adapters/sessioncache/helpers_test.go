package sessioncache_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
	"github.com/gatehouse-go/gatehouse/internal/testutil"
)

var ctx = context.Background()

// reads returns the GetSessionAndUser calls that reached the store.
func reads(store *testutil.Faulty) int64 { return int64(store.Count("GetSessionAndUser")) }

// seed creates a user with n sessions tok0..tok(n-1).
func seed(t *testing.T, a adapter.Adapter, n int) *adapter.User {
	t.Helper()
	u, err := a.CreateUser(ctx, &adapter.User{Name: "Ada", Email: "ada@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		tok := "tok" + string(rune('0'+i))
		if err := a.CreateSession(ctx, &adapter.Session{SessionToken: tok, UserID: u.ID, Expires: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	return u
}

func read(t *testing.T, c adapter.Adapter, tok string) (*adapter.Session, *adapter.User, error) {
	t.Helper()
	return c.GetSessionAndUser(ctx, tok)
}

func wantNotFound(err error) error {
	if errors.Is(err, adapter.ErrNotFound) {
		return nil
	}
	if err == nil {
		return errors.New("want ErrNotFound, got nil")
	}
	return errors.New("want ErrNotFound, got " + err.Error())
}

// newCache returns a cache in front of next.
func newCache(t *testing.T, next adapter.Adapter, opts sessioncache.Options) *sessioncache.Cache {
	t.Helper()
	c, err := sessioncache.New(next, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
