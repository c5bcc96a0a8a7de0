// Package providers defines what a sign-in provider is to gatehouse: the
// interfaces that the provider kinds implement (OAuth 2.0, OpenID Connect,
// email links, credentials) and the values passed between a provider and the
// gatehouse handler.
//
// Applications do not implement these interfaces themselves; they construct
// providers from the sub-packages (providers/services for the built-in OAuth
// 2.0 and OIDC services such as services.GitHub, providers/oauth for any
// other, providers/email, providers/credentials) and list them in
// gatehouse.Config.Providers. The gatehouse handler runs the flows (CSRF,
// state, PKCE and nonce cookies, account linking, sessions); a provider only
// talks to its service.
package providers

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// Type is a provider kind, as Auth.js names them.
type Type string

// The provider kinds.
const (
	TypeOAuth       Type = "oauth"
	TypeOIDC        Type = "oidc"
	TypeEmail       Type = "email"
	TypeCredentials Type = "credentials"
	TypeWebAuthn    Type = "webauthn"
)

// TypeOf returns the kind of p, decided by the interface it implements:
// OAuthProvider is "oidc" when its Issuer is set and "oauth" otherwise,
// EmailProvider is "email", CredentialsProvider is "credentials",
// WebAuthnProvider is "webauthn". A
// provider that implements none of them has the empty Type, which the
// gatehouse handler refuses at start-up. This is the only place a kind is
// decided.
func TypeOf(p Provider) Type {
	switch p := p.(type) {
	case OAuthProvider:
		if p.Issuer() != "" {
			return TypeOIDC
		}
		return TypeOAuth
	case EmailProvider:
		return TypeEmail
	case CredentialsProvider:
		return TypeCredentials
	case WebAuthnProvider:
		return TypeWebAuthn
	}
	return ""
}

// Info describes a provider to the handler, the sign-in page and the
// /providers endpoint. The provider's kind is not part of it: the interface
// the provider implements decides it (see TypeOf).
type Info struct {
	// ID is the provider's id in URLs (/signin/{id}, /callback/{id}) and in
	// Account.Provider. It is lowercase letters, digits, '-' and '_'.
	ID string
	// Name is shown on the sign-in page ("GitHub").
	Name string
	// Style optionally themes the provider's sign-in button.
	Style Style
}

// Style themes a provider's button on the default sign-in page. Empty fields
// use the page's defaults.
type Style struct {
	// Logo is a URL (or data: URL) of an icon shown on the button.
	Logo string
	// Background and Text are CSS colours.
	Background, Text string
}

// Provider is implemented by every provider. Each provider also implements
// exactly one of OAuthProvider, EmailProvider or CredentialsProvider, and
// that interface is its kind (see TypeOf).
type Provider interface {
	// Info returns the provider's id, name, kind and style. It is called
	// often and must be cheap and constant.
	Info() Info
}

// Checks lists the protections an OAuth flow uses. gatehouse generates the
// values, keeps them in short-lived encrypted cookies bound to the provider,
// and verifies them on the callback.
type Checks struct {
	// State sends and verifies the OAuth "state" parameter. gatehouse always
	// uses it; the field exists so providers can document it.
	State bool
	// PKCE sends an S256 code challenge and the verifier on exchange.
	PKCE bool
	// Nonce sends an OIDC nonce and verifies it in the ID token.
	Nonce bool
}

// AuthRequest is one authorization attempt.
type AuthRequest struct {
	// RedirectURL is gatehouse's callback URL for this provider.
	RedirectURL string
	// State, CodeChallenge (S256) and Nonce are set when the matching check
	// is on; empty otherwise.
	State, CodeChallenge, Nonce string
	// Params are extra authorization parameters from the sign-in request
	// (for example login_hint or prompt), added after the provider's own.
	Params url.Values
}

// Callback is what came back to the callback URL.
type Callback struct {
	// RedirectURL is the same callback URL that was sent in AuthRequest.
	RedirectURL string
	// Params are the callback's parameters: the query for GET, the form for
	// POST (response_mode=form_post). They hold "code", and "error" when the
	// user or provider refused.
	Params url.Values
	// CodeVerifier and Nonce are the values generated for the AuthRequest,
	// recovered from their cookies; empty when the check is off.
	CodeVerifier, Nonce string
}

// Profile is the user as the provider describes them, mapped to common
// fields.
type Profile struct {
	// ID is the user's stable identifier at the provider (OIDC "sub"). It
	// becomes Account.ProviderAccountID. It must not be empty.
	ID string
	// Name, Email and Image fill a new User. Email is as the provider gave
	// it; gatehouse lowercases it.
	Name, Email, Image string
	// EmailVerified reports whether the provider asserts that the user
	// controls Email. gatehouse never links an account by email unless it is
	// true, and with an adapter a user created from this profile gets Email
	// only when it is true (see EmailLinker).
	EmailVerified bool
	// Raw is the provider's profile document, for callbacks.
	Raw map[string]any
}

// Tokens are the token endpoint's answer, in Account's field names.
type Tokens struct {
	AccessToken, RefreshToken, TokenType, Scope, IDToken, SessionState string
	// ExpiresAt is when AccessToken expires, in Unix seconds; 0 if unknown.
	ExpiresAt int64
	// Extra holds the token endpoint's non-standard fields.
	Extra map[string]any
}

// OAuthProvider is an OAuth 2.0 or OpenID Connect provider (Type "oauth" or
// "oidc").
type OAuthProvider interface {
	Provider
	// Issuer returns the OpenID Connect issuer URL, or "" for a plain
	// OAuth 2.0 provider. It decides the provider's type: "oidc" with an
	// issuer, "oauth" without (see TypeOf).
	Issuer() string
	// Checks reports which protections this provider uses.
	Checks() Checks
	// AuthCodeURL returns the URL to send the user to, to authorize.
	AuthCodeURL(ctx context.Context, r AuthRequest) (string, error)
	// Exchange completes the flow: it checks the callback for an error,
	// trades the code for tokens (sending CodeVerifier), verifies the ID
	// token (signature, issuer, audience, expiry, Nonce) where there is one,
	// and fetches the profile. An error from the provider (the user denied
	// access) is returned as an *AuthError.
	Exchange(ctx context.Context, c Callback) (*Profile, *Tokens, error)
}

// Refresher is implemented by OAuth providers that can refresh an access
// token.
type Refresher interface {
	// Refresh trades a refresh token for new tokens. A returned RefreshToken
	// that is empty means the old one stays valid.
	Refresh(ctx context.Context, refreshToken string) (*Tokens, error)
}

// EmailLinker is implemented by OAuth providers that may link a sign-in to
// an existing user with the same email address (Auth.js's
// allowDangerousEmailAccountLinking). The gatehouse handler links only when
// AllowDangerousEmailAccountLinking returns true, the provider asserts
// Profile.EmailVerified, and the existing user's EmailVerified is set;
// otherwise such a sign-in fails with OAuthAccountNotLinked. Providers
// without the method never link by email.
//
// Whatever the provider, a user created by an OAuth sign-up (with an
// adapter) gets the provider's email only when Profile.EmailVerified is
// true, unlike Auth.js, which stores it either way: an unverified address
// stored as the user's would let a later magic-link sign-in by the
// address's owner land in the user of whoever signed up with it at a
// provider that does not verify emails (pre-account takeover).
type EmailLinker interface {
	AllowDangerousEmailAccountLinking() bool
}

// AuthorizationEndpointer is implemented by OAuth providers that can name
// the authorization endpoint they send the browser to. The sign-in page's
// Content-Security-Policy allows that endpoint's origin in form-action
// (browsers check the redirect that follows the sign-in form's POST);
// for an OAuth provider without the method, or when it fails, the page
// allows any https: target instead.
type AuthorizationEndpointer interface {
	AuthorizationEndpoint(ctx context.Context) (string, error)
}

// AuthError is an OAuth error response from the provider (RFC 6749 §4.1.2.1),
// such as access_denied.
type AuthError struct {
	Code        string // "access_denied", ...
	Description string
	URI         string
}

// Error returns the OAuth error code and description.
func (e *AuthError) Error() string {
	if e.Description == "" {
		return "oauth: provider returned error " + e.Code
	}
	return "oauth: provider returned error " + e.Code + ": " + e.Description
}

// VerificationRequest is one email sign-in link to deliver.
type VerificationRequest struct {
	// Identifier is the normalised address to send to.
	Identifier string
	// URL is the link the user opens. It contains Token.
	URL string
	// Token is the raw (unhashed) token.
	Token string
	// Expires is when the link stops working.
	Expires time.Time
	// SiteName and SiteURL name the application, for the message text.
	SiteName, SiteURL string
}

// EmailProvider is an email magic-link provider (Type "email").
type EmailProvider interface {
	Provider
	// NormalizeIdentifier returns the canonical form of an address a user
	// typed (trimmed, lowercased, NFKC, exactly one '@'), or an error that
	// says what is wrong with it.
	NormalizeIdentifier(address string) (string, error)
	// MaxAge is how long a link stays valid.
	MaxAge() time.Duration
	// SendVerificationRequest delivers the link. gatehouse deletes the stored
	// token again when it fails.
	SendVerificationRequest(ctx context.Context, r VerificationRequest) error
}

// Field is one input of a credentials form.
type Field struct {
	// Name is the form field name ("username", "password").
	Name string
	// Label is shown beside the input.
	Label string
	// Type is the HTML input type ("text", "password", "email").
	Type string
	// Placeholder is optional hint text.
	Placeholder string
}

// CredentialsProvider signs users in with a form (Type "credentials").
type CredentialsProvider interface {
	Provider
	// Fields lists the form's inputs, in order.
	Fields() []Field
	// Authorize checks the submitted values (keyed by Field.Name) and returns
	// the user to sign in, or (nil, nil) when they are wrong. A non-nil error
	// is a failure of the check itself, not a wrong password. The request is
	// given for context such as the client address; its body is already read.
	Authorize(ctx context.Context, credentials map[string]string, r *http.Request) (*adapter.User, error)
}
