// Package passkey is gatehouse's WebAuthn provider: passkey sign-up, sign-in
// (discoverable credentials and conditional UI) and added passkeys, on
// github.com/go-webauthn/webauthn. It is Auth.js's Passkey provider
// (https://authjs.dev/getting-started/authentication/webauthn) with the same
// REST surface, so next-auth/webauthn's signIn("passkey") works against
// gatehouse:
//
//	GET  /api/auth/webauthn-options/passkey?action=register|authenticate[&email=]
//	POST /api/auth/callback/passkey  (action, data = the credential JSON, csrfToken)
//
// It is a module of its own so that applications without passkeys do not
// build go-webauthn and its dependencies.
package passkey

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/providers"
)

// The user verification requirements (WebAuthn §5.8.6).
const (
	UserVerificationRequired    = "required"
	UserVerificationPreferred   = "preferred"
	UserVerificationDiscouraged = "discouraged"
)

// DefaultTimeout is how long a browser waits for the user in a ceremony,
// Auth.js's DEFAULT_WEBAUTHN_TIMEOUT (5 minutes).
const DefaultTimeout = 5 * time.Minute

// Config configures a passkey provider. The zero value is usable.
type Config struct {
	// ID is the provider's id in URLs and Account.Provider; default
	// "passkey".
	ID string
	// Name is shown on the sign-in page; default "Passkey".
	Name string
	// RPID overrides the relying party ID, by default the host name of
	// the site's URL (gatehouse.Config.URL). Set it to a parent domain to
	// share passkeys between subdomains.
	RPID string
	// RPName overrides the relying party name shown by authenticators;
	// default the site's host.
	RPName string
	// Origins overrides the origins ceremonies may come from; default the
	// site's origin.
	Origins []string
	// UserVerification is "required", "preferred" (the default) or
	// "discouraged". With "required" a response without the UV flag is
	// refused. Auth.js's Passkey provider requires it.
	UserVerification string
	// Timeout is how long the browser waits for the user; default
	// DefaultTimeout.
	Timeout time.Duration
}

// Provider is a passkey provider. Create it with New.
type Provider struct {
	cfg Config
	uv  protocol.UserVerificationRequirement
}

// New returns a passkey provider, or an error saying which field of cfg is
// wrong.
func New(cfg Config) (*Provider, error) {
	if cfg.ID == "" {
		cfg.ID = "passkey"
	}
	if cfg.Name == "" {
		cfg.Name = "Passkey"
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Timeout < 0 {
		return nil, fmt.Errorf("passkey: Timeout %v is negative: leave it 0 for %v", cfg.Timeout, DefaultTimeout)
	}
	switch cfg.UserVerification {
	case "":
		cfg.UserVerification = UserVerificationPreferred
	case UserVerificationRequired, UserVerificationPreferred, UserVerificationDiscouraged:
	default:
		return nil, fmt.Errorf("passkey: UserVerification %q: use %q, %q or %q", cfg.UserVerification, UserVerificationRequired, UserVerificationPreferred, UserVerificationDiscouraged)
	}
	for _, o := range cfg.Origins {
		if !strings.HasPrefix(o, "https://") && !strings.HasPrefix(o, "http://") {
			return nil, fmt.Errorf("passkey: Origins: %q is not an origin (scheme://host[:port])", o)
		}
	}
	cfg.Origins = append([]string(nil), cfg.Origins...)
	return &Provider{cfg: cfg, uv: protocol.UserVerificationRequirement(cfg.UserVerification)}, nil
}

// Info returns the provider's id and name.
func (p *Provider) Info() providers.Info {
	return providers.Info{ID: p.cfg.ID, Name: p.cfg.Name}
}

// UserVerification returns the configured requirement.
func (p *Provider) UserVerification() string { return p.cfg.UserVerification }

// webAuthn returns the go-webauthn relying party for rp, with this
// provider's overrides.
func (p *Provider) webAuthn(rp providers.RelyingParty) (*webauthn.WebAuthn, error) {
	if p.cfg.RPID != "" {
		rp.ID = p.cfg.RPID
	}
	if p.cfg.RPName != "" {
		rp.Name = p.cfg.RPName
	}
	if len(p.cfg.Origins) > 0 {
		rp.Origins = p.cfg.Origins
	}
	w, err := webauthn.New(&webauthn.Config{
		RPID:                  rp.ID,
		RPDisplayName:         rp.Name,
		RPOrigins:             rp.Origins,
		AttestationPreference: protocol.PreferNoAttestation,
		AuthenticatorSelection: protocol.AuthenticatorSelection{
			ResidentKey:        protocol.ResidentKeyRequirementRequired,
			RequireResidentKey: protocol.ResidentKeyRequired(),
			UserVerification:   p.uv,
		},
		Timeouts: webauthn.TimeoutsConfig{
			Login:        webauthn.TimeoutConfig{Timeout: p.cfg.Timeout, TimeoutUVD: p.cfg.Timeout},
			Registration: webauthn.TimeoutConfig{Timeout: p.cfg.Timeout, TimeoutUVD: p.cfg.Timeout},
		},
	})
	if err != nil {
		return nil, fmt.Errorf("passkey: relying party %q (origins %v): %w; WebAuthn needs a domain name (localhost works for development): serve the site on one or set Config.RPID and Config.Origins", rp.ID, rp.Origins, err)
	}
	return w, nil
}

// user is a go-webauthn User: the user handle of one ceremony and the
// credentials it may use.
type user struct {
	id          []byte
	name, dname string
	creds       []webauthn.Credential
}

func (u *user) WebAuthnID() []byte                         { return u.id }
func (u *user) WebAuthnName() string                       { return u.name }
func (u *user) WebAuthnDisplayName() string                { return u.dname }
func (u *user) WebAuthnCredentials() []webauthn.Credential { return u.creds }

// BeginRegistration returns the creation options for u (a discoverable
// credential, attestation "none"), excluding the credentials in exclude. The
// user handle is 32 random bytes, as Auth.js's: a credential is tied to its
// user through the stored authenticator, not the handle.
func (p *Provider) BeginRegistration(_ context.Context, rp providers.RelyingParty, u providers.WebAuthnUser, exclude []*adapter.Authenticator) (json.RawMessage, []byte, error) {
	w, err := p.webAuthn(rp)
	if err != nil {
		return nil, nil, err
	}
	handle := make([]byte, 32)
	_, _ = rand.Read(handle) // never fails (crypto/rand)
	display := u.Name
	if display == "" {
		display = u.Email
	}
	var ex []protocol.CredentialDescriptor
	for _, a := range exclude {
		d, err := descriptor(a)
		if err != nil {
			return nil, nil, err
		}
		ex = append(ex, d)
	}
	creation, session, err := w.BeginRegistration(&user{id: handle, name: u.Email, dname: display}, webauthn.WithExclusions(ex))
	if err != nil {
		return nil, nil, fmt.Errorf("passkey: beginning the registration: %w", err)
	}
	return marshalCeremony(creation.Response, session)
}

// FinishRegistration verifies an attestation response and returns the new
// credential as Auth.js stores it.
func (p *Provider) FinishRegistration(_ context.Context, rp providers.RelyingParty, state, response []byte) (*adapter.Authenticator, error) {
	w, err := p.webAuthn(rp)
	if err != nil {
		return nil, err
	}
	var session webauthn.SessionData
	if err := json.Unmarshal(state, &session); err != nil {
		return nil, fmt.Errorf("passkey: the ceremony state does not parse: %w", err)
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(response)
	if err != nil {
		return nil, fmt.Errorf("passkey: the attestation does not parse: %w", describe(err))
	}
	cred, err := w.CreateCredential(&user{id: session.UserID}, session, parsed)
	if err != nil {
		return nil, fmt.Errorf("passkey: the attestation does not verify: %w", describe(err))
	}
	transports := make([]string, 0, len(cred.Transport))
	for _, t := range cred.Transport {
		transports = append(transports, string(t))
	}
	return &adapter.Authenticator{
		CredentialID:         base64.StdEncoding.EncodeToString(cred.ID),
		CredentialPublicKey:  base64.StdEncoding.EncodeToString(cred.PublicKey),
		Counter:              int64(cred.Authenticator.SignCount),
		CredentialDeviceType: deviceType(cred.Flags.BackupEligible),
		CredentialBackedUp:   cred.Flags.BackupState,
		Transports:           strings.Join(transports, ","),
	}, nil
}

// BeginAuthentication returns the request options: any discoverable
// credential (the passkey button and autofill), or the credentials in
// allow.
func (p *Provider) BeginAuthentication(_ context.Context, rp providers.RelyingParty, allow []*adapter.Authenticator) (json.RawMessage, []byte, error) {
	w, err := p.webAuthn(rp)
	if err != nil {
		return nil, nil, err
	}
	opts := []webauthn.LoginOption{webauthn.WithUserVerification(p.uv)}
	if len(allow) > 0 {
		ds := make([]protocol.CredentialDescriptor, 0, len(allow))
		for _, a := range allow {
			d, err := descriptor(a)
			if err != nil {
				return nil, nil, err
			}
			ds = append(ds, d)
		}
		opts = append(opts, webauthn.WithAllowedCredentials(ds))
	}
	assertion, session, err := w.BeginDiscoverableLogin(opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("passkey: beginning the authentication: %w", err)
	}
	return marshalCeremony(assertion.Response, session)
}

// FinishAuthentication verifies an assertion response against the stored
// credential and returns the new signature counter.
func (p *Provider) FinishAuthentication(_ context.Context, rp providers.RelyingParty, state, response []byte, stored *adapter.Authenticator) (int64, error) {
	w, err := p.webAuthn(rp)
	if err != nil {
		return 0, err
	}
	var session webauthn.SessionData
	if err := json.Unmarshal(state, &session); err != nil {
		return 0, fmt.Errorf("passkey: the ceremony state does not parse: %w", err)
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes(response)
	if err != nil {
		return 0, fmt.Errorf("passkey: the assertion does not parse: %w", describe(err))
	}
	cred, err := credential(stored)
	if err != nil {
		return 0, err
	}
	if !bytes.Equal(cred.ID, parsed.RawID) {
		return 0, errors.New("passkey: the assertion names another credential than the stored one")
	}
	if len(session.AllowedCredentialIDs) > 0 && !containsID(session.AllowedCredentialIDs, parsed.RawID) {
		return 0, errors.New("passkey: the credential is not one the options allowed")
	}
	session.AllowedCredentialIDs = nil // checked above; the handle-less user below owns only this one
	u := &user{id: parsed.Response.UserHandle, creds: []webauthn.Credential{*cred}}
	var out *webauthn.Credential
	if len(u.id) > 0 {
		_, out, err = w.ValidatePasskeyLogin(func(_, _ []byte) (webauthn.User, error) { return u, nil }, session, parsed)
	} else {
		out, err = w.ValidateLogin(u, session, parsed)
	}
	if err != nil {
		return 0, fmt.Errorf("passkey: the assertion does not verify: %w", describe(err))
	}
	return int64(out.Authenticator.SignCount), nil
}

// credential turns a stored authenticator into go-webauthn's Credential.
func credential(a *adapter.Authenticator) (*webauthn.Credential, error) {
	id, err := decodeBase64(a.CredentialID)
	if err != nil {
		return nil, fmt.Errorf("passkey: stored credential id %q is not base64: %w", a.CredentialID, err)
	}
	key, err := decodeBase64(a.CredentialPublicKey)
	if err != nil {
		return nil, fmt.Errorf("passkey: stored public key of %q is not base64: %w", a.CredentialID, err)
	}
	if a.Counter < 0 || a.Counter > 1<<32-1 {
		return nil, fmt.Errorf("passkey: stored counter %d of %q is out of range", a.Counter, a.CredentialID)
	}
	c := &webauthn.Credential{
		ID:        id,
		PublicKey: key,
		Flags: webauthn.CredentialFlags{
			BackupEligible: a.CredentialDeviceType == "multiDevice",
			BackupState:    a.CredentialBackedUp,
		},
		Authenticator: webauthn.Authenticator{SignCount: uint32(a.Counter)},
	}
	for _, t := range splitTransports(a.Transports) {
		c.Transport = append(c.Transport, protocol.AuthenticatorTransport(t))
	}
	return c, nil
}

func descriptor(a *adapter.Authenticator) (protocol.CredentialDescriptor, error) {
	c, err := credential(a)
	if err != nil {
		return protocol.CredentialDescriptor{}, err
	}
	return c.Descriptor(), nil
}

func splitTransports(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func deviceType(backupEligible bool) string {
	if backupEligible {
		return "multiDevice"
	}
	return "singleDevice"
}

func containsID(ids [][]byte, id []byte) bool {
	for _, x := range ids {
		if bytes.Equal(x, id) {
			return true
		}
	}
	return false
}

// decodeBase64 decodes base64 or base64url, padded or not: Auth.js stores
// standard base64, older rows may hold base64url.
func decodeBase64(s string) ([]byte, error) {
	s = strings.TrimRight(s, "=")
	s = strings.NewReplacer("-", "+", "_", "/").Replace(s)
	return base64.RawStdEncoding.DecodeString(s)
}

// marshalCeremony returns the options JSON and the session as state.
func marshalCeremony(options any, session *webauthn.SessionData) (json.RawMessage, []byte, error) {
	o, err := json.Marshal(options)
	if err != nil {
		return nil, nil, fmt.Errorf("passkey: encoding the options: %w", err)
	}
	s, err := json.Marshal(session)
	if err != nil {
		return nil, nil, fmt.Errorf("passkey: encoding the ceremony state: %w", err)
	}
	return o, s, nil
}

// describe adds go-webauthn's developer detail to its errors, for the log.
func describe(err error) error {
	var pe *protocol.Error
	if errors.As(err, &pe) && pe.DevInfo != "" {
		return fmt.Errorf("%w (%s)", err, pe.DevInfo)
	}
	return err
}

var _ providers.WebAuthnProvider = (*Provider)(nil)
