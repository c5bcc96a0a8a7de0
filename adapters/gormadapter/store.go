package gormadapter

import (
	"context"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/internal/sqlstore"
)

// methods is embedded in Adapter under a name that is not exported: the
// contract's methods, shared with sqladapter, in package internal/sqlstore.
type methods = sqlstore.Methods

// ListAuthenticators implements adapter.AuthenticatorStore. On a schema
// without an authenticators table it returns an empty list (sqladapter
// returns adapter.ErrUnsupported there).
func (a *Adapter) ListAuthenticators(ctx context.Context, userID string) ([]*adapter.Authenticator, error) {
	st, c, err := a.use(ctx)
	if err != nil {
		return nil, err
	}
	if !st.HasAuthenticators() {
		return []*adapter.Authenticator{}, nil
	}
	return st.ListAuthenticators(ctx, c, userID)
}
