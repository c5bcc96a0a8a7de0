package gatehouse

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
)

// frozenCaps is the memory adapter whose optional capabilities never
// answer: each call waits for its context to end, as on a frozen database.
type frozenCaps struct{ *memory.Adapter }

func (frozenCaps) CreateAuthenticator(ctx context.Context, _ *adapter.Authenticator) error {
	<-ctx.Done()
	return ctx.Err()
}
func (frozenCaps) GetAuthenticator(ctx context.Context, _ string) (*adapter.Authenticator, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}
func (frozenCaps) ListAuthenticators(ctx context.Context, _ string) ([]*adapter.Authenticator, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}
func (frozenCaps) UpdateAuthenticatorCounter(ctx context.Context, _ string, _ int64) (*adapter.Authenticator, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}
func (frozenCaps) DeleteAuthenticator(ctx context.Context, _ string) error {
	<-ctx.Done()
	return ctx.Err()
}
func (frozenCaps) ListSessions(ctx context.Context, _ string) ([]*adapter.Session, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestBoundedCapabilities: the optional capabilities the handler uses are
// bounded by StoreTimeout like the base contract, and a frozen store is
// ErrStoreUnavailable (503), recorded in MetricStoreCalls by method.
func TestBoundedCapabilities(t *testing.T) {
	const timeout = 50 * time.Millisecond
	m := &recordingMetrics{counts: map[string]int64{}, records: map[string]int{}}
	b := newBoundedAdapter(frozenCaps{memory.New()}, timeout, &storeWatch{}, m, nil)
	auths, okA := adapter.As[adapter.AuthenticatorStore](b)
	del, okD := adapter.As[adapter.AuthenticatorDeleter](b)
	lister, okL := adapter.As[adapter.SessionLister](b)
	if !okA || !okD || !okL {
		t.Fatalf("capabilities lost through the bounded adapter: authenticators %v, deleter %v, lister %v", okA, okD, okL)
	}
	calls := []struct {
		method string
		call   func(context.Context) error
	}{
		{"CreateAuthenticator", func(ctx context.Context) error {
			return auths.CreateAuthenticator(ctx, &adapter.Authenticator{CredentialID: "c", UserID: "u"})
		}},
		{"GetAuthenticator", func(ctx context.Context) error { _, err := auths.GetAuthenticator(ctx, "c"); return err }},
		{"ListAuthenticators", func(ctx context.Context) error { _, err := auths.ListAuthenticators(ctx, "u"); return err }},
		{"UpdateAuthenticatorCounter", func(ctx context.Context) error {
			_, err := auths.UpdateAuthenticatorCounter(ctx, "c", 1)
			return err
		}},
		{"DeleteAuthenticator", func(ctx context.Context) error { return del.DeleteAuthenticator(ctx, "c") }},
		{"ListSessions", func(ctx context.Context) error { _, err := lister.ListSessions(ctx, "u"); return err }},
	}
	for _, c := range calls {
		t.Run(c.method, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second) // the test's own bound
			defer cancel()
			began := time.Now()
			err := c.call(ctx)
			if took := time.Since(began); took > timeout+time.Second {
				t.Errorf("answered after %v, StoreTimeout %v", took, timeout)
			}
			if !errors.Is(err, ErrStoreUnavailable) {
				t.Errorf("err = %v, want ErrStoreUnavailable", err)
			}
			m.mu.Lock()
			defer m.mu.Unlock()
			if k := "gatehouse.store.call.duration method=" + c.method + " result=unavailable"; m.records[k] != 1 {
				t.Errorf("%s recorded %d times (all: %v)", k, m.records[k], m.records)
			}
		})
	}
}

// TestPasskeysFrozenStore: Auth.Passkeys on a frozen store answers within
// StoreTimeout with ErrStoreUnavailable.
func TestPasskeysFrozenStore(t *testing.T) {
	const timeout = 100 * time.Millisecond
	a, err := New(Config{Secrets: []string{testSecret}, URL: "https://site.example/api/auth",
		Adapter: frozenCaps{memory.New()}, StoreTimeout: timeout, Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	began := time.Now()
	_, err = a.Passkeys(ctx, "u")
	if took := time.Since(began); took > timeout+time.Second || !errors.Is(err, ErrStoreUnavailable) {
		t.Errorf("Passkeys on a frozen store: %v after %v, want ErrStoreUnavailable within about %v", err, took, timeout)
	}
}
