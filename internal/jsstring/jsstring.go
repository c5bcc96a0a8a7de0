// Package jsstring does to Go strings what JavaScript's String methods do,
// for the places where gatehouse must store byte for byte what Auth.js
// stores: String.prototype.toLowerCase (full Unicode lowercase mapping with
// SpecialCasing, locale-independent) and String.prototype.trim
// (ECMAScript's WhiteSpace and LineTerminator sets).
//
// Go's strings.ToLower maps rune by rune (Unicode's simple mapping), so it
// differs from JavaScript for "İ" (U+0130), which JavaScript lowercases to
// "i̇" (U+0069 U+0307), and for a final capital sigma, which JavaScript
// lowercases to "ς" and Go to "σ". strings.TrimSpace trims U+0085 and not
// U+FEFF; JavaScript's trim does the opposite.
package jsstring

import (
	"strings"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
)

// ToLower returns s lowercased as JavaScript's s.toLowerCase() does: the
// Unicode full lowercase mapping, with the Final_Sigma rule, without
// language-specific rules (cases.Lower for the undetermined language).
func ToLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || ('A' <= c && c <= 'Z') {
			return cases.Lower(language.Und).String(s)
		}
	}
	return s
}

// TrimSpace returns s without the leading and trailing characters
// JavaScript's s.trim() removes: ECMAScript's WhiteSpace (tab, vertical
// tab, form feed, space, U+00A0, U+FEFF and the Zs category) and
// LineTerminator (LF, CR, U+2028, U+2029).
func TrimSpace(s string) string {
	return strings.TrimFunc(s, IsSpace)
}

// IsSpace reports whether JavaScript's trim removes r.
func IsSpace(r rune) bool {
	switch r {
	case '\t', '\v', '\f', ' ', '\u00a0', '\ufeff', '\n', '\r', '\u2028', '\u2029',
		'\u1680', '\u202f', '\u205f', '\u3000':
		return true
	}
	return '\u2000' <= r && r <= '\u200a'
}
