package gatehouse

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/providers"
)

// ErrPasskeyNotFound is returned by RemovePasskey for a credential the
// user does not have.
var ErrPasskeyNotFound = errors.New("gatehouse: the user has no such passkey")

// Passkeys returns the passkeys (WebAuthn credentials) of the user, for an
// account page that lists them. It needs an adapter with
// adapter.AuthenticatorStore.
func (a *Auth) Passkeys(ctx context.Context, userID string) ([]*adapter.Authenticator, error) {
	store, ok := adapter.As[adapter.AuthenticatorStore](a.cfg.Adapter)
	if !ok {
		return nil, fmt.Errorf("gatehouse: Passkeys: the adapter (%T) does not store passkeys (adapter.AuthenticatorStore)", a.cfg.Adapter)
	}
	list, err := store.ListAuthenticators(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("gatehouse: Passkeys: %w", err)
	}
	return list, nil
}

// RemovePasskey deletes the user's passkey credentialID (as Passkeys lists
// it) and unlinks its webauthn account, so it no longer signs in. It
// returns ErrPasskeyNotFound when the credential is not the user's. It
// needs an adapter with adapter.AuthenticatorDeleter (memory, SQL, GORM).
// The user's sessions are left alone.
func (a *Auth) RemovePasskey(ctx context.Context, userID, credentialID string) error {
	store, ok := adapter.As[adapter.AuthenticatorStore](a.cfg.Adapter)
	del, okDel := adapter.As[adapter.AuthenticatorDeleter](a.cfg.Adapter)
	if !ok || !okDel {
		return fmt.Errorf("gatehouse: RemovePasskey: the adapter (%T) cannot delete passkeys (adapter.AuthenticatorDeleter)", a.cfg.Adapter)
	}
	au, err := store.GetAuthenticator(ctx, credentialID)
	switch {
	case errors.Is(err, adapter.ErrNotFound):
		return ErrPasskeyNotFound
	case err != nil:
		return fmt.Errorf("gatehouse: RemovePasskey: reading the passkey: %w", err)
	case au.UserID != userID:
		return ErrPasskeyNotFound
	}
	if err := del.DeleteAuthenticator(ctx, credentialID); err != nil && !errors.Is(err, adapter.ErrNotFound) {
		return fmt.Errorf("gatehouse: RemovePasskey: deleting the passkey: %w", err)
	}
	for id, p := range a.providers {
		if providers.TypeOf(p) != providers.TypeWebAuthn {
			continue
		}
		if err := a.cfg.Adapter.UnlinkAccount(ctx, id, au.ProviderAccountID); err != nil && !errors.Is(err, adapter.ErrNotFound) {
			return fmt.Errorf("gatehouse: RemovePasskey: unlinking the %s account: %w", id, err)
		}
	}
	return nil
}
