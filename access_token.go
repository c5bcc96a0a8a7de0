package gatehouse

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/providers"
)

// refreshMargin is how long before its expiry an access token is already
// refreshed, so that a token AccessToken returns does not expire on its
// way to the provider's API.
const refreshMargin = 30 * time.Second

// refreshTimeout bounds one token refresh (reading the account, the
// provider's token endpoint, writing the tokens back). The refresh runs
// detached from its callers' contexts, since several share it.
const refreshTimeout = 30 * time.Second

// ErrTokenUnavailable is wrapped by the errors AccessToken returns when the
// user has no usable access token for the provider: none was stored, it
// expired and there is no refresh token, or the provider cannot refresh.
// The user has to sign in with the provider again.
var ErrTokenUnavailable = errors.New("gatehouse: no valid access token; the user must sign in with the provider again")

// AccessToken returns a valid access token of the user's account at the
// OAuth provider with ID provider. When the stored token has expired (or
// expires within 30 seconds) it is refreshed through the provider's
// providers.Refresher with the stored refresh token, and the new tokens are
// written back with UpdateAccount; a refresh token the provider does not
// replace is kept. Concurrent calls for one account share a single refresh,
// which runs independently of their contexts and is bounded to 30 seconds.
//
// Errors: one wrapping adapter.ErrNotFound when the user has no account at
// the provider, one wrapping ErrTokenUnavailable when there is no token to
// return or refresh, one wrapping adapter.ErrUnsupported without an
// adapter, and the provider's error (its refusal of the refresh token, for
// example) wrapped otherwise. Tokens never appear in error messages.
func (a *Auth) AccessToken(ctx context.Context, userID, provider string) (string, error) {
	if a == nil || a.strategy == nil {
		return "", errNotCreated
	}
	store := a.cfg.Adapter
	if store == nil {
		return "", fmt.Errorf("gatehouse: AccessToken needs Config.Adapter to find stored tokens: %w", adapter.ErrUnsupported)
	}
	accounts, err := store.ListAccounts(ctx, userID)
	if err != nil {
		return "", fmt.Errorf("gatehouse: AccessToken: listing the user's accounts: %w", err)
	}
	var acc *adapter.Account
	for _, x := range accounts {
		if x.Provider == provider {
			acc = x
			break
		}
	}
	if acc == nil {
		return "", fmt.Errorf("gatehouse: AccessToken: user %q has no %q account: %w", userID, provider, adapter.ErrNotFound)
	}
	if a.tokenValid(acc) {
		return acc.AccessToken, nil
	}
	key := acc.Provider + "\x00" + acc.ProviderAccountID
	ch := a.oauth.refresh.DoChan(key, func() (any, error) {
		// Detached from the first caller's cancellation, so that one
		// caller giving up does not fail the others sharing the refresh,
		// but bounded, so that a token endpoint that never answers does
		// not hold the account's slot (and a goroutine) for ever.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.refreshTimeout)
		defer cancel()
		return a.refreshAccount(rctx, acc.Provider, acc.ProviderAccountID)
	})
	select {
	case <-ctx.Done():
		return "", fmt.Errorf("gatehouse: AccessToken: %w", ctx.Err())
	case res := <-ch:
		if res.Err != nil {
			return "", res.Err
		}
		return res.Val.(string), nil
	}
}

// tokenValid reports whether acc's access token can be used now: it is set
// and its expiry is unknown or more than refreshMargin away.
func (a *Auth) tokenValid(acc *adapter.Account) bool {
	if acc.AccessToken == "" {
		return false
	}
	return acc.ExpiresAt == 0 || time.Unix(acc.ExpiresAt, 0).After(a.now().Add(refreshMargin))
}

// refreshAccount re-reads the account (another process may have refreshed
// it meanwhile), refreshes its tokens and stores them.
func (a *Auth) refreshAccount(ctx context.Context, provider, providerAccountID string) (string, error) {
	store := a.cfg.Adapter
	acc, err := store.GetAccount(ctx, provider, providerAccountID)
	if err != nil {
		return "", fmt.Errorf("gatehouse: AccessToken: reading the %q account: %w", provider, err)
	}
	if a.tokenValid(acc) {
		return acc.AccessToken, nil
	}
	p, ok := a.providers[provider]
	if !ok {
		return "", fmt.Errorf("gatehouse: AccessToken: provider %q is not configured, so its token cannot be refreshed: %w", provider, ErrTokenUnavailable)
	}
	r, ok := p.(providers.Refresher)
	if !ok {
		return "", fmt.Errorf("gatehouse: AccessToken: provider %q cannot refresh tokens: %w", provider, ErrTokenUnavailable)
	}
	if acc.RefreshToken == "" {
		return "", fmt.Errorf("gatehouse: AccessToken: the %q access token expired and there is no refresh token (ask the provider for offline access): %w", provider, ErrTokenUnavailable)
	}
	t, err := r.Refresh(ctx, acc.RefreshToken)
	if err != nil {
		return "", fmt.Errorf("gatehouse: AccessToken: refreshing the %q token: %w", provider, err)
	}
	if t == nil || t.AccessToken == "" {
		return "", fmt.Errorf("gatehouse: AccessToken: provider %q refreshed without an access token: %w", provider, ErrTokenUnavailable)
	}
	// Fields the refresh response leaves out keep their stored values
	// (providers often send no new refresh token, ID token or scope).
	next := acc.Clone()
	setTokens(next, t)
	for _, f := range []struct {
		dst *string
		old string
	}{
		{&next.RefreshToken, acc.RefreshToken}, {&next.IDToken, acc.IDToken},
		{&next.Scope, acc.Scope}, {&next.TokenType, acc.TokenType}, {&next.SessionState, acc.SessionState},
	} {
		if *f.dst == "" {
			*f.dst = f.old
		}
	}
	if next.Extra == nil {
		next.Extra = acc.Extra
	}
	if err := store.UpdateAccount(ctx, next); err != nil {
		return "", fmt.Errorf("gatehouse: AccessToken: storing the refreshed %q tokens: %w", provider, err)
	}
	if a.cfg.Debug {
		a.log.InfoContext(ctx, "gatehouse: access token refreshed", "provider", provider, "expiresAt", next.ExpiresAt)
	}
	return next.AccessToken, nil
}
