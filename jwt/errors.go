package jwt

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors returned (wrapped) by [Codec.Decode] and [Getter.GetToken].
// Check them with errors.Is.
var (
	// ErrMalformed means the token is not a well-formed JWE compact
	// serialization carrying a JSON object with numeric time claims.
	ErrMalformed = errors.New("jwt: malformed token")

	// ErrDecryption means no configured secret decrypts the token: the
	// secret or salt (cookie name) differs from the one that encrypted it,
	// or the token was altered.
	ErrDecryption = errors.New("jwt: token does not decrypt with any configured secret (wrong secret or salt, or altered token)")

	// ErrDisallowedAlgorithm means the token header names an "alg", "enc"
	// or "zip" value, or a "crit" extension, that this codec does not accept.
	ErrDisallowedAlgorithm = errors.New("jwt: disallowed algorithm")

	// ErrExpired means the token's "exp" claim lies in the past by more
	// than the clock tolerance.
	ErrExpired = errors.New("jwt: token expired")

	// ErrNotYetValid means the token's "nbf" or "iat" claim lies in the
	// future by more than the clock tolerance.
	ErrNotYetValid = errors.New("jwt: token not yet valid")

	// ErrNoToken means a request carries neither a session cookie nor a
	// Bearer token.
	ErrNoToken = errors.New("jwt: no session token in request")
)

// AlgorithmError reports a header parameter value the codec refuses.
// It matches [ErrDisallowedAlgorithm] with errors.Is.
type AlgorithmError struct {
	// Param is the header parameter: "alg", "enc", "zip" or "crit".
	Param string
	// Value is the value found in the token (empty when absent).
	Value string
	// Allowed lists the accepted values (empty for "zip" and "crit").
	Allowed []string
}

// Error implements error.
func (e *AlgorithmError) Error() string {
	if len(e.Allowed) == 0 {
		return fmt.Sprintf("jwt: disallowed algorithm: header %q is not supported (found %q)", e.Param, e.Value)
	}
	return fmt.Sprintf("jwt: disallowed algorithm: header %q is %q, want one of %q", e.Param, e.Value, e.Allowed)
}

// Is reports whether target is [ErrDisallowedAlgorithm].
func (e *AlgorithmError) Is(target error) bool { return target == ErrDisallowedAlgorithm }

// ClaimError reports a time claim that fails validation. Its Err is
// [ErrExpired] or [ErrNotYetValid], so errors.Is works on it directly.
type ClaimError struct {
	// Claim is "exp", "nbf" or "iat".
	Claim string
	// At is the claim's time.
	At time.Time
	// Now is the codec's clock at validation.
	Now time.Time
	// Err is ErrExpired or ErrNotYetValid.
	Err error
}

// Error implements error.
func (e *ClaimError) Error() string {
	return fmt.Sprintf("%v: %q claim is %s, now is %s (tolerance applied)",
		e.Err, e.Claim, e.At.UTC().Format(time.RFC3339), e.Now.UTC().Format(time.RFC3339))
}

// Unwrap returns Err.
func (e *ClaimError) Unwrap() error { return e.Err }

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrMalformed}, args...)...)
}
