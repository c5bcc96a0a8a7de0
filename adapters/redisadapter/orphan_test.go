package redisadapter

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// TestLinkToMissingUser checks that an account or passkey cannot be stored
// for a user that does not exist (or was just deleted), as the SQL and
// memory adapters refuse it: an orphan account would make its provider
// account unlinkable for ever (every later LinkAccount is ErrConflict, while
// GetUserByAccount is ErrNotFound).
func TestLinkToMissingUser(t *testing.T) {
	ctx := context.Background()
	a, _ := newTestAdapter(t, Options{})
	gone, err := a.CreateUser(ctx, &adapter.User{Email: "gone@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.DeleteUser(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	for _, uid := range []string{gone.ID, adapter.NewID()} {
		err := a.LinkAccount(ctx, &adapter.Account{UserID: uid, Type: "oauth", Provider: "github", ProviderAccountID: "42-" + uid})
		if !errors.Is(err, adapter.ErrNotFound) {
			t.Errorf("LinkAccount for a missing user = %v, want adapter.ErrNotFound", err)
		}
		if _, err := a.GetAccount(ctx, "github", "42-"+uid); !errors.Is(err, adapter.ErrNotFound) {
			t.Errorf("GetAccount after a refused LinkAccount = %v, want adapter.ErrNotFound", err)
		}
		err = a.CreateAuthenticator(ctx, &adapter.Authenticator{CredentialID: "cred-" + uid, UserID: uid, CredentialPublicKey: "pk"})
		if !errors.Is(err, adapter.ErrNotFound) {
			t.Errorf("CreateAuthenticator for a missing user = %v, want adapter.ErrNotFound", err)
		}
		if _, err := a.GetAuthenticator(ctx, "cred-"+uid); !errors.Is(err, adapter.ErrNotFound) {
			t.Errorf("GetAuthenticator after a refused CreateAuthenticator = %v, want adapter.ErrNotFound", err)
		}
	}
	// The provider account stays free for a real user.
	u, err := a.CreateUser(ctx, &adapter.User{Email: "real@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.LinkAccount(ctx, &adapter.Account{UserID: u.ID, Type: "oauth", Provider: "github", ProviderAccountID: "42-" + gone.ID}); err != nil {
		t.Fatalf("LinkAccount of the provider account refused earlier: %v", err)
	}
}

// TestCreateSessionRacesDeleteUser runs CreateSession and DeleteUser of the
// same user at the same time, many times: whichever wins, no session key or
// index entry may outlive the user.
func TestCreateSessionRacesDeleteUser(t *testing.T) {
	ctx := context.Background()
	a, rdb := newTestAdapter(t, Options{KeepExpired: true})
	for i := range 200 {
		u, err := a.CreateUser(ctx, &adapter.User{})
		if err != nil {
			t.Fatal(err)
		}
		tok := fmt.Sprintf("race-%d", i)
		var wg sync.WaitGroup
		var createErr error
		wg.Go(func() {
			createErr = a.CreateSession(ctx, &adapter.Session{SessionToken: tok, UserID: u.ID, Expires: time.Now().Add(time.Hour)})
		})
		wg.Go(func() {
			if err := a.DeleteUser(ctx, u.ID); err != nil {
				t.Errorf("DeleteUser: %v", err)
			}
		})
		wg.Wait()
		if createErr != nil && !errors.Is(createErr, adapter.ErrNotFound) {
			t.Fatalf("CreateSession racing DeleteUser = %v, want nil or adapter.ErrNotFound", createErr)
		}
		if _, err := a.GetSession(ctx, tok); !errors.Is(err, adapter.ErrNotFound) {
			t.Fatalf("round %d: the session outlived its deleted user (CreateSession returned %v); GetSession = %v", i, createErr, err)
		}
		if n := rdb.ZCard(ctx, a.sessionIndex(u.ID)).Val(); n != 0 {
			t.Fatalf("round %d: the deleted user's session index holds %d tokens", i, n)
		}
		if rdb.ZScore(ctx, a.sessionExpiryIndex(), tok).Err() == nil {
			t.Fatalf("round %d: the expiry index still holds the session of a deleted user", i)
		}
	}
}
