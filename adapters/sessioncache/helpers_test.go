package sessioncache_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

var ctx = context.Background()

// counting wraps the real store and counts GetSessionAndUser calls that
// reach it.
type counting struct {
	adapter.Adapter
	reads atomic.Int64
}

func (c *counting) GetSessionAndUser(ctx context.Context, tok string) (*adapter.Session, *adapter.User, error) {
	c.reads.Add(1)
	return c.Adapter.GetSessionAndUser(ctx, tok)
}

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
