package sessioncache_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
)

// TestTxCacheKeepsCapabilities checks that the adapter InTx passes to its
// function still offers the wrapped transaction's passkey and session-list
// methods, so that code which registers a passkey inside a transaction works
// the same with and without the cache.
func TestTxCacheKeepsCapabilities(t *testing.T) {
	cached, err := sessioncache.New(memory.New(), sessioncache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var userID string
	err = cached.(adapter.Transactor).InTx(ctx, func(tx adapter.Adapter) error {
		u, err := tx.CreateUser(ctx, &adapter.User{Email: "passkey@example.com"})
		if err != nil {
			return err
		}
		userID = u.ID
		as, ok := tx.(adapter.AuthenticatorStore)
		if !ok {
			return errors.New("the transaction adapter is not an adapter.AuthenticatorStore")
		}
		if err := as.CreateAuthenticator(ctx, &adapter.Authenticator{CredentialID: "cred-1", UserID: u.ID, CredentialPublicKey: "pk", Counter: 1}); err != nil {
			return err
		}
		if _, err := as.UpdateAuthenticatorCounter(ctx, "cred-1", 2); err != nil {
			return err
		}
		if err := tx.CreateSession(ctx, &adapter.Session{SessionToken: "tok", UserID: u.ID, Expires: time.Now().Add(time.Hour)}); err != nil {
			return err
		}
		l, ok := tx.(adapter.SessionLister)
		if !ok {
			return errors.New("the transaction adapter is not an adapter.SessionLister")
		}
		if ss, err := l.ListSessions(ctx, u.ID); err != nil || len(ss) != 1 {
			return fmt.Errorf("ListSessions inside InTx = %d sessions, %v; want the one created there", len(ss), err)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("InTx: %v", err)
	}
	got, err := cached.(adapter.AuthenticatorStore).GetAuthenticator(ctx, "cred-1")
	if err != nil {
		t.Fatalf("GetAuthenticator after the commit: %v", err)
	}
	if got.UserID != userID || got.Counter != 2 {
		t.Fatalf("committed authenticator = %+v, want user %s and counter 2", got, userID)
	}
}

// TestTxCacheUnsupportedCapabilities checks that a wrapped transaction
// without passkey or session-list methods yields adapter.ErrUnsupported
// from them, not a panic.
func TestTxCacheUnsupportedCapabilities(t *testing.T) {
	cached, err := sessioncache.New(bareTx{memory.New()}, sessioncache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = cached.(adapter.Transactor).InTx(ctx, func(tx adapter.Adapter) error {
		if _, err := tx.(adapter.AuthenticatorStore).GetAuthenticator(ctx, "x"); !errors.Is(err, adapter.ErrUnsupported) {
			t.Errorf("GetAuthenticator on a transaction without passkeys = %v, want adapter.ErrUnsupported", err)
		}
		if _, err := tx.(adapter.SessionLister).ListSessions(ctx, "x"); !errors.Is(err, adapter.ErrUnsupported) {
			t.Errorf("ListSessions on a transaction without it = %v, want adapter.ErrUnsupported", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// bareTx is a Transactor whose transaction adapter has only the required
// methods.
type bareTx struct{ *memory.Adapter }

func (b bareTx) InTx(ctx context.Context, fn func(tx adapter.Adapter) error) error {
	return b.Adapter.InTx(ctx, func(tx adapter.Adapter) error {
		return fn(struct{ adapter.Adapter }{tx})
	})
}
