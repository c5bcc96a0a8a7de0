package email

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/gatehouse-go/gatehouse/internal/jsstring"
)

// ErrInvalidAddress is wrapped by every error NormalizeAddress returns, so
// callers can tell a user's typing mistake from other failures with
// errors.Is.
var ErrInvalidAddress = errors.New("invalid email address")

// Length limits, in bytes of the normalised UTF-8 address (RFC 5321 §4.5.3.1).
const (
	// MaxAddressLength is the longest address accepted: RFC 5321 allows a
	// 256-octet path including the angle brackets.
	MaxAddressLength = 254
	// MaxLocalLength is the longest part before the '@'.
	MaxLocalLength = 64
	// maxInputLength bounds the work done on what the user typed, before
	// trimming and normalisation.
	maxInputLength = 4 * MaxAddressLength
)

// addressError is what NormalizeAddress returns: a sentence a user can act
// on, matching ErrInvalidAddress.
type addressError struct{ msg string }

func (e *addressError) Error() string        { return e.msg }
func (e *addressError) Is(target error) bool { return target == ErrInvalidAddress }

func invalid(format string, args ...any) error {
	return &addressError{msg: fmt.Sprintf(format, args...)}
}

// NormalizeAddress returns the canonical form of an email address a user
// typed, the form used as the verification token's identifier and to look
// the user up. It is the default Options.Normalize.
//
// It computes what Auth.js's default normalizer computes (@auth/core
// 0.41: email.normalize("NFKC").toLowerCase().trim()): Unicode NFKC (so a
// full-width "ＡＮＮ＠ＥＸＡＭＰＬＥ.ＣＯＭ" becomes "ann@example.com"), then
// JavaScript's lowercasing, which is not Go's strings.ToLower ("İnci"
// becomes "i̇nci", U+0069 U+0307, and a final "Σ" becomes "ς"), then
// JavaScript's trim. So a gatehouse app and an Auth.js app sharing a
// database store the same identifier, and find the same user, for every
// address both accept; TestAuthJSNormalizerCorpus checks this against the
// real Auth.js on a corpus of Turkish, Greek, German, ligature,
// full-width, combining-mark and mixed-script addresses. Then it checks
// the result:
//
//   - exactly one '@', with a non-empty part on each side;
//   - no white space, control or invisible formatting characters inside;
//   - none of the characters that are special in an address header
//     ( " , ; : < > ( ) [ ] \ ), so the address cannot smuggle a second
//     recipient, a display name or a quoted local part;
//   - a domain without empty labels (no leading, trailing or double dot);
//   - at most MaxLocalLength bytes before the '@' and MaxAddressLength in all;
//   - normalising the result again gives the result (a few characters
//     whose NFKC form lowercases to something NFKC changes again are
//     refused);
//   - only characters of Unicode 15.0, the version of Go's tables: the
//     case mapping of newer ones (which Node.js may know) could differ.
//
// These checks refuse some addresses Auth.js accepts; gatehouse never
// stores a different form of one. In particular Auth.js cuts the domain at
// the first ',' ("a@example.com,b" becomes "a@example.com"); gatehouse
// rejects the comma instead, because silently sending to a different
// address than the one typed hides the mistake.
//
// Errors wrap ErrInvalidAddress and say what is wrong, e.g. "email address
// must contain exactly one @".
func NormalizeAddress(address string) (string, error) {
	if len(address) > maxInputLength {
		return "", invalid("email address is too long (at most %d characters)", MaxAddressLength)
	}
	if !utf8.ValidString(address) {
		return "", invalid("email address is not valid UTF-8 text")
	}
	for _, r := range address {
		if !assigned(r) {
			return "", invalid("email address contains a character this server does not know (U+%04X, newer than Unicode %s)", r, unicode.Version)
		}
	}
	s := authjsNormal(address)
	if authjsNormal(s) != s {
		return "", invalid("email address contains characters without a stable normal form")
	}
	if s == "" {
		return "", invalid("email address is empty")
	}
	if n := strings.Count(s, "@"); n != 1 {
		return "", invalid("email address must contain exactly one @ (found %d)", n)
	}
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			return "", invalid("email address must not contain spaces")
		case unicode.IsControl(r):
			return "", invalid("email address must not contain control characters")
		case unicode.Is(unicode.Cf, r), r == utf8.RuneError:
			return "", invalid("email address must not contain invisible characters (U+%04X)", r)
		case r == '"':
			return "", invalid("email address must not contain quotes")
		case r == ',':
			return "", invalid("email address must not contain a comma; enter a single address")
		case strings.ContainsRune(";:<>()[]\\", r):
			return "", invalid("email address must not contain %q", r)
		}
	}
	local, domain, _ := strings.Cut(s, "@")
	if local == "" {
		return "", invalid("email address needs a name before the @")
	}
	if domain == "" {
		return "", invalid("email address needs a domain after the @")
	}
	for _, label := range strings.Split(domain, ".") {
		if label == "" {
			return "", invalid("email address domain %q has an empty part (check the dots)", domain)
		}
	}
	if len(local) > MaxLocalLength {
		return "", invalid("email address part before the @ is too long (at most %d characters)", MaxLocalLength)
	}
	if len(s) > MaxAddressLength {
		return "", invalid("email address is too long (at most %d characters)", MaxAddressLength)
	}
	return s, nil
}

// authjsNormal is Auth.js's normalisation without its checks:
// email.normalize("NFKC").toLowerCase().trim() in JavaScript.
func authjsNormal(s string) string {
	return jsstring.TrimSpace(jsstring.ToLower(norm.NFKC.String(s)))
}

// assigned reports whether r has a general category in Go's Unicode tables
// (unassigned code points have none).
func assigned(r rune) bool {
	return unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z,
		unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs)
}
