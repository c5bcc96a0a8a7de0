package providers

import (
	"context"
	"encoding/json"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// RelyingParty is the WebAuthn relying party of one request: the site the
// credentials belong to. gatehouse derives it from the site's origin
// (Config.URL, or the request's origin behind a trusted proxy) as Auth.js
// does: ID is the host name, Name the host, Origins the origin. A
// WebAuthnProvider may override each field from its own configuration.
type RelyingParty struct {
	// ID is the RP ID: a registrable domain suffix of the origins'
	// host ("example.com").
	ID string
	// Name is shown by authenticators when a passkey is created.
	Name string
	// Origins are the origins a ceremony may come from
	// ("https://example.com").
	Origins []string
}

// WebAuthnUser is the user a passkey is registered for.
type WebAuthnUser struct {
	// ID is the stored user's ID, or "" for a user signing up.
	ID string
	// Email is the user's address; it is the passkey's user name.
	Email string
	// Name is the display name; Email is used when it is empty.
	Name string
}

// WebAuthnProvider is a WebAuthn (passkey) provider (Type "webauthn"). It
// runs the protocol's ceremonies; the gatehouse handler keeps the state
// between the two halves of a ceremony in the encrypted challenge cookie,
// stores the credentials in the adapter's AuthenticatorStore, and signs the
// user in. Credential IDs and public keys are exchanged as Auth.js stores
// them (standard base64 with padding).
type WebAuthnProvider interface {
	Provider
	// BeginRegistration returns the PublicKeyCredentialCreationOptions (as
	// JSON, the shape @simplewebauthn/browser's startRegistration takes)
	// for user, excluding the credentials in exclude, and the state to
	// give FinishRegistration.
	BeginRegistration(ctx context.Context, rp RelyingParty, user WebAuthnUser, exclude []*adapter.Authenticator) (options json.RawMessage, state []byte, err error)
	// FinishRegistration verifies an attestation response (the
	// RegistrationResponseJSON a browser returns) against state and
	// returns the new credential with CredentialID, CredentialPublicKey,
	// Counter, CredentialDeviceType, CredentialBackedUp and Transports set.
	// A response that does not verify is an error.
	FinishRegistration(ctx context.Context, rp RelyingParty, state, response []byte) (*adapter.Authenticator, error)
	// BeginAuthentication returns the PublicKeyCredentialRequestOptions
	// (as JSON) allowing the credentials in allow (none: any
	// discoverable credential), and the state to give
	// FinishAuthentication.
	BeginAuthentication(ctx context.Context, rp RelyingParty, allow []*adapter.Authenticator) (options json.RawMessage, state []byte, err error)
	// FinishAuthentication verifies an assertion response (the
	// AuthenticationResponseJSON a browser returns) against state and the
	// stored credential it names, and returns the authenticator's new
	// signature counter. The handler checks the counter against the
	// stored one.
	FinishAuthentication(ctx context.Context, rp RelyingParty, state, response []byte, stored *adapter.Authenticator) (counter int64, err error)
}
