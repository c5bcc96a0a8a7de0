package passkey_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/providers/passkey/passkeytest"
)

// userReads is the memory adapter counting GetUser calls.
type userReads struct {
	*memory.Adapter
	n atomic.Int32
}

func (u *userReads) GetUser(ctx context.Context, id string) (*adapter.User, error) {
	u.n.Add(1)
	return u.Adapter.GetUser(ctx, id)
}

// TestSignedInRegisterReadsUserOnce: with database sessions, adding a
// passkey while signed in (options, then the registration) takes the
// user from the session read and never reads it again; with JWT sessions,
// whose cookie holds only part of the user, it is read from the adapter.
func TestSignedInRegisterReadsUserOnce(t *testing.T) {
	tests := []struct {
		strategy     gatehouse.SessionStrategy
		wantGetUsers int32
	}{
		{gatehouse.StrategyDatabase, 0},
		{gatehouse.StrategyJWT, 2},
	}
	for _, tt := range tests {
		t.Run(string(tt.strategy), func(t *testing.T) {
			store := &userReads{Adapter: memory.New()}
			s := newSite(t, withStrategy(tt.strategy), withAdapter(store))
			phone := passkeytest.New(s.origin)
			_, opts := s.options("email=ada@example.com")
			resp, err := phone.Register(opts)
			if err != nil {
				t.Fatal(err)
			}
			s.finish("register", resp)
			if got := s.sessionEmail(); got != "ada@example.com" {
				t.Fatalf("session after sign-up: %q", got)
			}

			store.n.Store(0)
			laptop := passkeytest.New(s.origin)
			action, opts := s.options("action=register")
			if action != "register" {
				t.Fatalf("signed-in options: action %q", action)
			}
			if resp, err = laptop.Register(opts); err != nil {
				t.Fatal(err)
			}
			s.finish("register", resp)
			if got := s.sessionEmail(); got != "ada@example.com" {
				t.Fatalf("session after adding a passkey: %q", got)
			}
			if got := store.n.Load(); got != tt.wantGetUsers {
				t.Errorf("GetUser called %d times, want %d", got, tt.wantGetUsers)
			}
			if n := len(s.authenticators(s.userByEmail("ada@example.com").ID)); n != 2 {
				t.Errorf("%d passkeys, want 2", n)
			}
		})
	}
}
