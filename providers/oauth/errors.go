package oauth

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors returned (wrapped) by Provider. Use errors.Is to tell the
// failures apart. The Auth.js error codes they correspond to: a
// *providers.AuthError (the user or service refused) is "AccessDenied" for
// access_denied and "OAuthCallback" otherwise; ErrCallback, ErrTokenEndpoint,
// ErrIDToken, ErrUserinfo and ErrProfile are "OAuthCallback"; ErrDiscovery
// and ErrConfig are "Configuration" (or "OAuthSignin" when they stop the
// sign-in request).
var (
	// ErrConfig is returned by New for a Config that cannot work.
	ErrConfig = errors.New("oauth: invalid provider configuration")
	// ErrDiscovery is returned when the OIDC discovery document cannot be
	// fetched or does not match the configured issuer.
	ErrDiscovery = errors.New("oauth: OIDC discovery failed")
	// ErrCallback is returned for a callback that has neither a code nor an
	// error, or whose "iss" parameter names another issuer (RFC 9207), or
	// when a check's value (PKCE verifier, nonce) is missing.
	ErrCallback = errors.New("oauth: invalid callback")
	// ErrTokenEndpoint is returned when the token endpoint refuses the code
	// or refresh token, or answers with something that is not a token.
	ErrTokenEndpoint = errors.New("oauth: token endpoint failed")
	// ErrIDToken is returned when an OIDC ID token is missing or fails
	// verification (signature, issuer, audience, expiry or nonce).
	ErrIDToken = errors.New("oauth: ID token rejected")
	// ErrUserinfo is returned when the userinfo (profile) request fails.
	ErrUserinfo = errors.New("oauth: userinfo request failed")
	// ErrProfile is returned when the profile document cannot be mapped to
	// a providers.Profile (for example it has no user id).
	ErrProfile = errors.New("oauth: profile mapping failed")
)

// TokenError describes a failed token request. It matches ErrTokenEndpoint
// with errors.Is, and unwraps to the underlying error (often an
// *oauth2.RetrieveError).
type TokenError struct {
	// Provider is the provider id.
	Provider string
	// StatusCode is the HTTP status of the token endpoint's answer; 0 when
	// there was no answer.
	StatusCode int
	// Code and Description are the OAuth error fields (RFC 6749 §5.2), when
	// the endpoint sent them. Description has secrets sent in the request
	// removed.
	Code, Description string
	// Err is the underlying error.
	Err error
}

// Error describes the failure without the response body or any secret.
func (e *TokenError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "oauth: token endpoint of provider %q failed", e.Provider)
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, " with HTTP %d", e.StatusCode)
	}
	if e.Code != "" {
		b.WriteString(": " + e.Code)
		if e.Description != "" {
			b.WriteString(" (" + e.Description + ")")
		}
	} else if e.StatusCode == 0 && e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *TokenError) Unwrap() error { return e.Err }

// Is reports whether target is ErrTokenEndpoint.
func (e *TokenError) Is(target error) bool { return target == ErrTokenEndpoint }

// redact removes each non-empty secret from s.
func redact(s string, secrets ...string) string {
	for _, sec := range secrets {
		if len(sec) >= 4 {
			s = strings.ReplaceAll(s, sec, "[redacted]")
		}
	}
	return s
}
