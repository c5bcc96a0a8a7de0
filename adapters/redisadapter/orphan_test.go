package redisadapter

import (
	"context"
	"errors"
	"testing"

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
