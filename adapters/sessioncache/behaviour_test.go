package sessioncache_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
	"github.com/gatehouse-go/gatehouse/internal/testutil"
)

func TestServesFromCacheWithinTTL(t *testing.T) {
	store := testutil.NewFaulty(memory.New())
	clk := testutil.NewClock(time.Unix(1000, 0))
	c := newCache(t, store, sessioncache.Options{TTL: 5 * time.Second, Now: clk.Now})
	seed(t, c, 1)
	steps := []struct {
		advance time.Duration
		reads   int64
	}{
		{0, 1},                     // miss: read through
		{time.Second, 1},           // hit
		{3*time.Second + 999e6, 1}, // still inside 5s
		{time.Millisecond, 2},      // 5s reached: read through again
		{4 * time.Second, 2},       // hit on the refreshed entry
	}
	for i, st := range steps {
		clk.Advance(st.advance)
		if _, u, err := read(t, c, "tok0"); err != nil || u.Name != "Ada" {
			t.Fatalf("step %d: %v, %v", i, u, err)
		}
		if got := reads(store); got != st.reads {
			t.Fatalf("step %d: store read %d times, want %d", i, got, st.reads)
		}
	}
}

func TestWritesInvalidate(t *testing.T) {
	tests := []struct {
		name  string
		write func(c adapter.Adapter, u *adapter.User) error
		check func(s *adapter.Session, u *adapter.User, err error) error
	}{
		{"DeleteSession", func(c adapter.Adapter, u *adapter.User) error { return c.DeleteSession(ctx, "tok0") },
			func(s *adapter.Session, u *adapter.User, err error) error { return wantNotFound(err) }},
		{"DeleteUser", func(c adapter.Adapter, u *adapter.User) error { return c.DeleteUser(ctx, u.ID) },
			func(s *adapter.Session, u *adapter.User, err error) error { return wantNotFound(err) }},
		{"UpdateUser", func(c adapter.Adapter, u *adapter.User) error {
			_, err := c.UpdateUser(ctx, &adapter.User{ID: u.ID, Name: "Grace", Email: u.Email})
			return err
		}, func(s *adapter.Session, u *adapter.User, err error) error {
			if err != nil || u.Name != "Grace" {
				return errors.New("the renamed user was not read again: " + u.Name)
			}
			return nil
		}},
		{"UpdateSession", func(c adapter.Adapter, u *adapter.User) error {
			return c.UpdateSession(ctx, &adapter.Session{SessionToken: "tok0", Expires: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)})
		}, func(s *adapter.Session, u *adapter.User, err error) error {
			if err != nil || s.Expires.Year() != 2100 {
				return errors.New("the updated expiry was not read again")
			}
			return nil
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			store := testutil.NewFaulty(memory.New())
			clk := testutil.NewClock(time.Unix(1000, 0))
			c := newCache(t, store, sessioncache.Options{Now: clk.Now})
			u := seed(t, c, 1)
			if _, _, err := read(t, c, "tok0"); err != nil {
				t.Fatal(err)
			}
			if err := tc.write(c, u); err != nil {
				t.Fatal(err)
			}
			if err := tc.check(read(t, c, "tok0")); err != nil {
				t.Fatal(err)
			}
			if got := reads(store); got != 2 {
				t.Fatalf("store read %d times, want 2 (the write must drop the entry)", got)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return "nil"
	}
	return err.Error()
}

// TestOtherInstanceStaleForTTL shows the documented limit: a session revoked
// through one instance is served by another for up to TTL.
func TestOtherInstanceStaleForTTL(t *testing.T) {
	store := testutil.NewFaulty(memory.New())
	clk := testutil.NewClock(time.Unix(1000, 0))
	here := newCache(t, store, sessioncache.Options{TTL: 3 * time.Second, Now: clk.Now})
	there := newCache(t, store, sessioncache.Options{TTL: 3 * time.Second, Now: clk.Now})
	seed(t, here, 1)
	if _, _, err := read(t, there, "tok0"); err != nil {
		t.Fatal(err)
	}
	if err := here.DeleteSession(ctx, "tok0"); err != nil {
		t.Fatal(err)
	}
	if err := wantNotFound(func() error { _, _, err := read(t, here, "tok0"); return err }()); err != nil {
		t.Fatalf("this instance: %v", err)
	}
	clk.Advance(3*time.Second - time.Millisecond)
	if _, _, err := read(t, there, "tok0"); err != nil {
		t.Fatalf("the other instance within TTL: %v (the doc says it still serves the session)", err)
	}
	clk.Advance(time.Millisecond)
	if err := wantNotFound(func() error { _, _, err := read(t, there, "tok0"); return err }()); err != nil {
		t.Fatalf("the other instance after TTL: %v", err)
	}
}

func TestSizeBoundEvictsLeastRecentlyUsed(t *testing.T) {
	store := testutil.NewFaulty(memory.New())
	c := newCache(t, store, sessioncache.Options{Size: 2})
	seed(t, c, 3)
	for _, tok := range []string{"tok0", "tok1", "tok0", "tok2"} { // tok1 is the LRU when tok2 arrives
		if _, _, err := read(t, c, tok); err != nil {
			t.Fatal(err)
		}
	}
	if c.Len() != 2 {
		t.Fatalf("Len = %d, want 2", c.Len())
	}
	before := reads(store)
	read(t, c, "tok0")
	read(t, c, "tok2")
	if reads(store) != before {
		t.Fatal("tok0 or tok2 was evicted; the least recently used was tok1")
	}
	read(t, c, "tok1")
	if reads(store) != before+1 {
		t.Fatal("tok1 was still cached")
	}
}

func TestMissesAndErrorsAreNotCached(t *testing.T) {
	store := testutil.NewFaulty(memory.New())
	c := newCache(t, store, sessioncache.Options{})
	if err := wantNotFound(func() error { _, _, err := read(t, c, "tok0"); return err }()); err != nil {
		t.Fatal(err)
	}
	seed(t, c, 1)
	if _, _, err := read(t, c, "tok0"); err != nil {
		t.Fatalf("a session created after a miss: %v", err)
	}
}

func TestReturnsCopies(t *testing.T) {
	store := testutil.NewFaulty(memory.New())
	c := newCache(t, store, sessioncache.Options{})
	seed(t, c, 1)
	s, u, _ := read(t, c, "tok0")
	s.UserID, u.Name = "changed", "changed"
	s, u, _ = read(t, c, "tok0")
	if s.UserID == "changed" || u.Name != "Ada" {
		t.Fatal("changing a returned value changed the cache")
	}
}

// TestInvalidationDuringFill deletes a session while a read of it is in
// flight: the read's result must not be cached.
func TestInvalidationDuringFill(t *testing.T) {
	store := testutil.NewFaulty(memory.New())
	c := newCache(t, store, sessioncache.Options{})
	seed(t, c, 1)
	gate, in := make(chan struct{}), make(chan struct{})
	store.OnCall(func(method string, _ error) {
		if method == "GetSessionAndUser" {
			in <- struct{}{}
			<-gate
		}
	})
	done := make(chan error)
	go func() { _, _, err := read(t, c, "tok0"); done <- err }()
	<-in // the store has answered; the cache has not stored the answer yet
	store.OnCall(nil)
	if err := c.DeleteSession(ctx, "tok0"); err != nil {
		t.Fatal(err)
	}
	close(gate)
	if err := <-done; err != nil {
		t.Fatalf("in-flight read: %v", err)
	}
	if err := wantNotFound(func() error { _, _, err := read(t, c, "tok0"); return err }()); err != nil {
		t.Fatalf("after the delete: %v (the in-flight read was cached)", err)
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	store := testutil.NewFaulty(memory.New())
	for _, o := range []sessioncache.Options{{Size: -1}, {TTL: -time.Second}} {
		if _, err := sessioncache.New(store, o); err == nil || !strings.Contains(err.Error(), "negative") {
			t.Errorf("New(%+v) = %v", o, err)
		}
	}
	if _, err := sessioncache.New(nil, sessioncache.Options{}); err == nil {
		t.Error("New(nil) succeeded")
	}
}
