package gatehouse

import (
	"errors"
	"fmt"
	"strings"
)

// ErrorCode is an Auth.js error code: what a user is told went wrong, as
// the ?error= parameter of the error and sign-in pages.
type ErrorCode string

// The error codes. Their sentences are on the error page.
const (
	CodeConfiguration         ErrorCode = "Configuration"
	CodeAccessDenied          ErrorCode = "AccessDenied"
	CodeVerification          ErrorCode = "Verification"
	CodeOAuthSignin           ErrorCode = "OAuthSignin"
	CodeOAuthCallback         ErrorCode = "OAuthCallback"
	CodeOAuthCreateAccount    ErrorCode = "OAuthCreateAccount"
	CodeEmailCreateAccount    ErrorCode = "EmailCreateAccount"
	CodeCallback              ErrorCode = "Callback"
	CodeOAuthAccountNotLinked ErrorCode = "OAuthAccountNotLinked"
	CodeEmailSignin           ErrorCode = "EmailSignin"
	CodeCredentialsSignin     ErrorCode = "CredentialsSignin"
	CodeSessionRequired       ErrorCode = "SessionRequired"
	CodeMissingCSRF           ErrorCode = "MissingCSRF"
	CodeDefault               ErrorCode = "Default"
	// CodeEmailRateLimited is gatehouse's own: a sign-in link was sent to
	// the address moments ago (Config.Email.RateLimit). Auth.js has no
	// such limit.
	CodeEmailRateLimited ErrorCode = "EmailRateLimited"
)

// signInKind reports whether Auth.js sends this error to the sign-in page
// (where the user can try again) rather than the error page.
func (c ErrorCode) signInKind() bool {
	switch c {
	case CodeOAuthSignin, CodeOAuthCallback, CodeOAuthCreateAccount, CodeEmailCreateAccount,
		CodeCallback, CodeOAuthAccountNotLinked, CodeEmailSignin, CodeCredentialsSignin,
		CodeSessionRequired, CodeMissingCSRF, CodeEmailRateLimited, CodeWebAuthnVerification:
		return true
	}
	return false
}

// Error is a failure with the code a user is shown. Err is the cause, for
// logs only.
type Error struct {
	Code ErrorCode
	Err  error
}

// Error returns the code and the cause.
func (e *Error) Error() string {
	if e.Err == nil {
		return "gatehouse: " + string(e.Code)
	}
	return "gatehouse: " + string(e.Code) + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// newError returns an *Error with code and a formatted cause.
func newError(code ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Err: fmt.Errorf(format, args...)}
}

// codeOf returns the code of err: the code of the first *Error in its chain,
// or Configuration for any other failure.
func codeOf(err error) ErrorCode {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeConfiguration
}

// ErrInvalidConfig is wrapped by every error New returns for a bad Config.
var ErrInvalidConfig = errors.New("gatehouse: invalid configuration")

// ConfigError is one problem with a Config: which field, and what to change.
type ConfigError struct {
	// Field names the Config field ("Secrets", "Providers[1].ID").
	Field string
	// Problem says what is wrong and how to fix it.
	Problem string
}

// Error returns "gatehouse: Config.<Field>: <Problem>".
func (e *ConfigError) Error() string {
	return "gatehouse: Config." + e.Field + ": " + e.Problem
}

// Is reports whether target is ErrInvalidConfig.
func (e *ConfigError) Is(target error) bool { return target == ErrInvalidConfig }

// configErrors collects ConfigErrors.
type configErrors []error

func (c *configErrors) add(field, format string, args ...any) {
	*c = append(*c, &ConfigError{Field: field, Problem: fmt.Sprintf(format, args...)})
}

func (c configErrors) err() error {
	switch len(c) {
	case 0:
		return nil
	case 1:
		return c[0]
	}
	return &multiConfigError{errs: c}
}

// multiConfigError lists several problems, one per line.
type multiConfigError struct{ errs []error }

func (m *multiConfigError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "gatehouse: %d configuration problems:", len(m.errs))
	for _, e := range m.errs {
		b.WriteString("\n\t")
		b.WriteString(strings.TrimPrefix(e.Error(), "gatehouse: "))
	}
	return b.String()
}

func (m *multiConfigError) Unwrap() []error { return m.errs }
