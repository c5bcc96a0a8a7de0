package sessioncache_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
)

// recordingChannel is an Invalidator that keeps what is published and
// delivers nothing (a channel to other instances; the Redis and PostgreSQL
// channels themselves are tested in their packages).
type recordingChannel struct {
	mu  sync.Mutex
	msg []string
}

func (r *recordingChannel) Publish(_ context.Context, msg string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msg = append(r.msg, msg)
	return nil
}

func (r *recordingChannel) Subscribe(ctx context.Context, ready func(), _ func(string)) error {
	ready()
	<-ctx.Done()
	return ctx.Err()
}

func (r *recordingChannel) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.msg
	r.msg = nil
	return out
}

// kinds returns the message kinds ("s", "u", "x") of msgs, sorted.
func kinds(msgs []string) []string {
	var out []string
	for _, m := range msgs {
		k, _, _ := strings.Cut(m, ":")
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestTransactionPublishesOnceAfter: writes inside a transaction drop this
// instance's entries at once but tell other instances nothing before the
// transaction ends (they could refill from the old row); when it ends each
// session and user written is published once, however often it was
// written. Writes outside a transaction publish once each, at once.
func TestTransactionPublishesOnceAfter(t *testing.T) {
	store := memory.New()
	u := seed(t, store, 2)
	ch := &recordingChannel{}
	c := newCache(t, store, sessioncache.Options{TTL: time.Hour, Invalidator: ch})
	t.Cleanup(c.Stop)
	<-c.Ready()
	tx, ok := adapter.As[adapter.Transactor](c)
	if !ok {
		t.Fatal("no Transactor through the cache")
	}

	if _, _, err := read(t, c, "tok0"); err != nil {
		t.Fatal(err)
	}
	err := tx.InTx(ctx, func(tx adapter.Adapter) error {
		s, _, err := tx.GetSessionAndUser(ctx, "tok0")
		if err != nil {
			return err
		}
		if err := tx.UpdateSession(ctx, s); err != nil {
			return err
		}
		if c.Len() != 0 {
			t.Errorf("Len = %d after a write in the transaction, want the entry dropped at once", c.Len())
		}
		if err := tx.DeleteSession(ctx, "tok0"); err != nil {
			return err
		}
		for _, name := range []string{"Grace", "Ada"} {
			if _, err := tx.UpdateUser(ctx, &adapter.User{ID: u.ID, Name: name, Email: u.Email}); err != nil {
				return err
			}
		}
		if got := ch.take(); len(got) != 0 {
			t.Errorf("published before the transaction ended: %q", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := kinds(ch.take()); !slices.Equal(got, []string{"s", "u"}) {
		t.Errorf("published after the transaction: %q, want one session and one user message", got)
	}

	// Outside a transaction: at once, once per write.
	if err := c.DeleteSession(ctx, "tok1"); err != nil {
		t.Fatal(err)
	}
	if got := kinds(ch.take()); !slices.Equal(got, []string{"s"}) {
		t.Errorf("published for a write outside a transaction: %q, want one session message", got)
	}
}
