package gatehouse

import (
	"unicode/utf8"
)

// appendJSONString appends s to dst as a JSON string, escaped exactly as
// encoding/json's Marshal escapes strings: HTML characters (<, >, &) as
// \u003c etc., control characters, invalid UTF-8 as \ufffd, and U+2028 and
// U+2029. It lets the session read write its JSON without reflection.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '"', '\\':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// appendSessionUserJSON appends u as encoding/json marshals SessionUser
// (its fields are omitempty).
func appendSessionUserJSON(dst []byte, u *SessionUser) []byte {
	dst = append(dst, '{')
	first := true
	field := func(name, v string) {
		if v == "" {
			return
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(dst, name...)
		dst = appendJSONString(dst, v)
	}
	field(`"id":`, u.ID)
	field(`"name":`, u.Name)
	field(`"email":`, u.Email)
	field(`"image":`, u.Image)
	return append(dst, '}')
}
