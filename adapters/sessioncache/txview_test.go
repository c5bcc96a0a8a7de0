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

// TestTransactionKeepsCapabilities checks that adapter.As finds, on the
// adapter InTx passes to its function, the wrapped transaction's passkey
// and session-list methods, so that code which registers a passkey inside a
// transaction works the same with and without the cache.
func TestTransactionKeepsCapabilities(t *testing.T) {
	ctx := t.Context()
	cached, err := sessioncache.New(memory.New(), sessioncache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tr, _ := adapter.As[adapter.Transactor](cached)
	var userID string
	err = tr.InTx(ctx, func(tx adapter.Adapter) error {
		u, err := tx.CreateUser(ctx, &adapter.User{Email: "passkey@example.com"})
		if err != nil {
			return err
		}
		userID = u.ID
		as, ok := adapter.As[adapter.AuthenticatorStore](tx)
		if !ok {
			return errors.New("the transaction adapter has no adapter.AuthenticatorStore")
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
		l, ok := adapter.As[adapter.SessionLister](tx)
		if !ok {
			return errors.New("the transaction adapter has no adapter.SessionLister")
		}
		if ss, err := l.ListSessions(ctx, u.ID); err != nil || len(ss) != 1 {
			return fmt.Errorf("ListSessions inside InTx = %d sessions, %v; want the one created there", len(ss), err)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("InTx: %v", err)
	}
	as, _ := adapter.As[adapter.AuthenticatorStore](cached)
	got, err := as.GetAuthenticator(ctx, "cred-1")
	if err != nil {
		t.Fatalf("GetAuthenticator after the commit: %v", err)
	}
	if got.UserID != userID || got.Counter != 2 {
		t.Fatalf("committed authenticator = %+v, want user %s and counter 2", got, userID)
	}
}

// TestTransactionLacksWhatTheWrappedOneLacks checks that a wrapped
// transaction without passkey or session-list methods has none through the
// cache either.
func TestTransactionLacksWhatTheWrappedOneLacks(t *testing.T) {
	cached, err := sessioncache.New(bareTx{memory.New()}, sessioncache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tr, ok := adapter.As[adapter.Transactor](cached)
	if !ok {
		t.Fatal("adapter.As found no Transactor through the cache")
	}
	err = tr.InTx(t.Context(), func(tx adapter.Adapter) error {
		if _, ok := adapter.As[adapter.AuthenticatorStore](tx); ok {
			t.Error("the transaction of an adapter without passkeys has an adapter.AuthenticatorStore")
		}
		if _, ok := adapter.As[adapter.SessionLister](tx); ok {
			t.Error("the transaction of an adapter without ListSessions has an adapter.SessionLister")
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
