package gatehouse

import (
	"context"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// The optional capabilities the handler uses besides adapter.Transactor,
// bounded like the base contract: each call gets Config.StoreTimeout, its
// failures are classified (ErrStoreUnavailable) and it is timed and traced.
// Without them a passkey sign-in on a frozen database would wait as long
// as the database stays frozen, and fail as a configuration error.

// boundedAuthenticators is the adapter.AuthenticatorStore of a
// boundedAdapter.
type boundedAuthenticators struct {
	b     *boundedAdapter
	inner adapter.AuthenticatorStore
}

// CreateAuthenticator calls the wrapped adapter's within the deadline.
func (s boundedAuthenticators) CreateAuthenticator(ctx context.Context, au *adapter.Authenticator) error {
	ctx, cancel, c := s.b.ctx(ctx, "CreateAuthenticator")
	defer cancel()
	return s.b.check(ctx, c, s.inner.CreateAuthenticator(ctx, au))
}

// GetAuthenticator calls the wrapped adapter's within the deadline.
func (s boundedAuthenticators) GetAuthenticator(ctx context.Context, credentialID string) (*adapter.Authenticator, error) {
	ctx, cancel, c := s.b.ctx(ctx, "GetAuthenticator")
	defer cancel()
	v, err := s.inner.GetAuthenticator(ctx, credentialID)
	return v, s.b.check(ctx, c, err)
}

// ListAuthenticators calls the wrapped adapter's within the deadline.
func (s boundedAuthenticators) ListAuthenticators(ctx context.Context, userID string) ([]*adapter.Authenticator, error) {
	ctx, cancel, c := s.b.ctx(ctx, "ListAuthenticators")
	defer cancel()
	v, err := s.inner.ListAuthenticators(ctx, userID)
	return v, s.b.check(ctx, c, err)
}

// UpdateAuthenticatorCounter calls the wrapped adapter's within the
// deadline.
func (s boundedAuthenticators) UpdateAuthenticatorCounter(ctx context.Context, credentialID string, counter int64) (*adapter.Authenticator, error) {
	ctx, cancel, c := s.b.ctx(ctx, "UpdateAuthenticatorCounter")
	defer cancel()
	v, err := s.inner.UpdateAuthenticatorCounter(ctx, credentialID, counter)
	return v, s.b.check(ctx, c, err)
}

// boundedAuthenticatorDeleter is the adapter.AuthenticatorDeleter of a
// boundedAdapter.
type boundedAuthenticatorDeleter struct {
	b     *boundedAdapter
	inner adapter.AuthenticatorDeleter
}

// DeleteAuthenticator calls the wrapped adapter's within the deadline.
func (s boundedAuthenticatorDeleter) DeleteAuthenticator(ctx context.Context, credentialID string) error {
	ctx, cancel, c := s.b.ctx(ctx, "DeleteAuthenticator")
	defer cancel()
	return s.b.check(ctx, c, s.inner.DeleteAuthenticator(ctx, credentialID))
}

// boundedSessionLister is the adapter.SessionLister of a boundedAdapter.
type boundedSessionLister struct {
	b     *boundedAdapter
	inner adapter.SessionLister
}

// ListSessions calls the wrapped adapter's within the deadline.
func (s boundedSessionLister) ListSessions(ctx context.Context, userID string) ([]*adapter.Session, error) {
	ctx, cancel, c := s.b.ctx(ctx, "ListSessions")
	defer cancel()
	v, err := s.inner.ListSessions(ctx, userID)
	return v, s.b.check(ctx, c, err)
}

// bound sets *target to a bounded view of the wrapped adapter's capability
// T when it has one.
func bound[T any](b *boundedAdapter, target any, wrap func(T) T) bool {
	p, ok := target.(*T)
	if !ok {
		return false
	}
	inner, ok := adapter.As[T](b.inner)
	if ok {
		*p = wrap(inner)
	}
	return ok
}
