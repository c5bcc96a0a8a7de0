package adapter

import "time"

// User is a person who can sign in. It corresponds to Auth.js's AdapterUser
// and to the users table of every schema preset.
type User struct {
	// ID is the user's identifier as a string, whatever the column type
	// (integer ids are formatted in base 10). CreateUser fills it in.
	ID string
	// Name is the display name; empty means none.
	Name string
	// Email is the address used for email sign-in and account linking; empty
	// means none. It is unique among users that have one.
	Email string
	// EmailVerified is when the address was last proven to belong to the user,
	// or nil when it never was.
	EmailVerified *time.Time
	// Image is the URL of an avatar; empty means none.
	Image string
	// Extra holds application-defined user fields (for example "role" or
	// "phone") for adapters configured with those columns. Adapters without
	// such configuration ignore it. Keys are logical field names.
	Extra map[string]any
}

// Account links a User to an identity at a provider: an OAuth or OIDC
// account, an email identity or a passkey. It corresponds to Auth.js's
// AdapterAccount; the token fields keep the OAuth token endpoint's names.
type Account struct {
	// UserID is the ID of the user the account belongs to.
	UserID string
	// Type is the provider kind: "oauth", "oidc", "email" or "webauthn".
	Type string
	// Provider is the provider's ID, for example "github".
	Provider string
	// ProviderAccountID is the user's ID at the provider (the OIDC "sub").
	// Together with Provider it is unique.
	ProviderAccountID string
	// RefreshToken is the OAuth refresh token; empty means none.
	RefreshToken string
	// AccessToken is the OAuth access token; empty means none.
	AccessToken string
	// ExpiresAt is when AccessToken expires, in seconds since the Unix epoch
	// (Auth.js's expires_at); 0 means unknown.
	ExpiresAt int64
	// TokenType is the OAuth token type, usually "bearer"; empty means none.
	TokenType string
	// Scope is the granted scope; empty means none.
	Scope string
	// IDToken is the OpenID Connect ID token; empty means none.
	IDToken string
	// SessionState is the OIDC session_state value; empty means none.
	SessionState string
	// Extra holds non-standard token endpoint fields. Adapters whose schema
	// has no place for them (the NextAuth.js v3 and Auth.js presets) drop
	// them; the rest round-trip them.
	Extra map[string]any
}

// Session is a database session: the row behind a session cookie.
type Session struct {
	// SessionToken identifies the session. It is unique. gatehouse passes the
	// SHA-256 of the cookie value by default, or the raw value in
	// compatibility mode.
	SessionToken string
	// UserID is the ID of the signed-in user.
	UserID string
	// Expires is when the session ends.
	Expires time.Time
}

// VerificationToken is a single-use token for email sign-in. Token holds the
// hash of the token sent to the user (Auth.js: sha256hex(token+secret)).
type VerificationToken struct {
	// Identifier is the normalised email address the token was sent to.
	Identifier string
	// Token is the hashed token. Identifier and Token together are unique.
	Token string
	// Expires is when the token stops being valid.
	Expires time.Time
}

// Authenticator is a WebAuthn credential (passkey) registered by a user. It
// corresponds to Auth.js's AdapterAuthenticator.
type Authenticator struct {
	// CredentialID is the base64url credential ID; it is unique.
	CredentialID string
	// UserID is the ID of the user who owns the credential.
	UserID string
	// ProviderAccountID is the ProviderAccountID of the "webauthn" Account
	// linked for this credential.
	ProviderAccountID string
	// CredentialPublicKey is the base64url public key.
	CredentialPublicKey string
	// Counter is the signature counter last seen.
	Counter int64
	// CredentialDeviceType is "singleDevice" or "multiDevice" (Auth.js also
	// uses "platform" in tests); it is stored as given.
	CredentialDeviceType string
	// CredentialBackedUp reports whether the credential is backed up.
	CredentialBackedUp bool
	// Transports is the comma-separated list of transports ("usb,nfc");
	// empty means none.
	Transports string
}

// Clone returns a deep copy of u (Extra is copied one level deep). It returns
// nil for nil.
func (u *User) Clone() *User {
	if u == nil {
		return nil
	}
	c := *u
	if u.EmailVerified != nil {
		t := *u.EmailVerified
		c.EmailVerified = &t
	}
	c.Extra = cloneMap(u.Extra)
	return &c
}

// Clone returns a deep copy of a (Extra is copied one level deep). It returns
// nil for nil.
func (a *Account) Clone() *Account {
	if a == nil {
		return nil
	}
	c := *a
	c.Extra = cloneMap(a.Extra)
	return &c
}

func cloneMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}
