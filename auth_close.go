package gatehouse

import (
	"fmt"
	"io"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// Adapter returns the adapter the Auth stores users, accounts, sessions and
// verification tokens in: Config.Adapter, or the default SQL adapter New
// made from Config.Database (a *sqladapter.Adapter). It is nil without
// either (JWT sessions with no store). A credentials provider's Authorize
// can use it to look users up without building a second adapter and pool:
//
//	var auth *gatehouse.Auth // set after New
//	credentials.New(credentials.Options{Authorize: func(ctx context.Context, c map[string]string, _ *http.Request) (*adapter.User, error) {
//		u, err := auth.Adapter().GetUserByEmail(ctx, c["email"])
//		...
//	}})
func (a *Auth) Adapter() adapter.Adapter {
	if a == nil {
		return nil
	}
	// The adapter itself, not the wrapper that bounds the handler's own
	// calls by Config.StoreTimeout: the application's calls are its own.
	return a.store
}

// Close releases what New opened: the adapter (and its connection pool)
// made from Config.Database. An adapter passed in Config.Adapter belongs
// to the application and is left open. Close may be called more than
// once; later calls return the first call's result. Requests served after
// Close fail with store errors.
func (a *Auth) Close() error {
	if a == nil {
		return nil
	}
	a.closeOnce.Do(func() {
		if c, ok := a.owned.(io.Closer); ok {
			if err := c.Close(); err != nil {
				a.closeErr = fmt.Errorf("gatehouse: closing the database adapter: %w", err)
			}
		}
	})
	return a.closeErr
}
