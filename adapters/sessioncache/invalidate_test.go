package sessioncache_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
	"github.com/gatehouse-go/gatehouse/internal/testutil"
)

// failingChannel is an Invalidator whose subscriptions fail: the first
// after it is ready and has delivered nothing, every later one at once.
type failingChannel struct {
	subs atomic.Int32
	fail chan struct{} // closed to make the first subscription fail
}

func (f *failingChannel) Publish(ctx context.Context, msg string) error {
	return errors.New("publish: connection refused")
}

func (f *failingChannel) Subscribe(ctx context.Context, ready func(), deliver func(string)) error {
	if f.subs.Add(1) > 1 {
		<-ctx.Done()
		return ctx.Err()
	}
	ready()
	select {
	case <-f.fail:
		return errors.New("read: connection reset by peer")
	case <-ctx.Done():
		return ctx.Err()
	}
}

// TestInvalidatorChannelDrop checks what the package documents for a
// failing channel: a log line naming the TTL fallback, the cache emptied,
// a new subscription, and a failed publish logged without failing the
// write.
func TestInvalidatorChannelDrop(t *testing.T) {
	store := memory.New()
	seed(t, store, 1)
	var logs testutil.SyncBuffer
	ch := &failingChannel{fail: make(chan struct{})}
	c := newCache(t, store, sessioncache.Options{TTL: time.Hour, Invalidator: ch, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	t.Cleanup(c.Stop)
	<-c.Ready()
	if _, _, err := read(t, c, "tok0"); err != nil {
		t.Fatal(err)
	}
	if c.Len() != 1 {
		t.Fatalf("Len = %d after a read, want 1", c.Len())
	}
	close(ch.fail)
	deadline := time.Now().Add(5 * time.Second)
	for ch.subs.Load() < 2 || c.Len() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("after the channel failed: %d subscriptions, %d entries; want a resubscription and an empty cache", ch.subs.Load(), c.Len())
		}
		time.Sleep(time.Millisecond)
	}
	if got := logs.String(); !strings.Contains(got, "invalidation channel lost") || !strings.Contains(got, "after the TTL") || !strings.Contains(got, "ttl=1h0m0s") {
		t.Errorf("log = %q, want the channel loss and the TTL fallback", got)
	}
	if err := c.DeleteSession(ctx, "tok0"); err != nil {
		t.Fatalf("DeleteSession with a failing publish: %v", err)
	}
	if got := logs.String(); !strings.Contains(got, "publishing an invalidation failed") {
		t.Errorf("log = %q, want the failed publish", got)
	}
	if _, _, err := read(t, c, "tok0"); wantNotFound(err) != nil {
		t.Error(wantNotFound(err))
	}
}
