package gatehouse

import (
	"encoding/json"
	"unicode/utf8"
)

// MarshalJSON writes the Auth.js session shape:
// {"user": {...}, "expires": "2006-01-02T15:04:05.000Z", ...Extra}.
func (s *Session) MarshalJSON() ([]byte, error) {
	return s.appendJSON(make([]byte, 0, sessionJSONSize(s)))
}

// sessionExpiresLayout is the layout of "expires": JavaScript's
// Date.toISOString, as Auth.js writes it.
const sessionExpiresLayout = "2006-01-02T15:04:05.000Z07:00"

// sessionJSONSize is a capacity that holds s's JSON without Extra, plus a
// newline, unless its strings need escaping.
func sessionJSONSize(s *Session) int {
	u := &s.User
	return len(`{"user":{"id":"","name":null,"email":null,"image":null},"expires":"2006-01-02T15:04:05.000Z"}`) + 1 +
		len(u.ID) + len(u.Name) + len(u.Email) + len(u.Image)
}

// appendJSON appends MarshalJSON's output to dst. Without Extra (the
// common case, and the hot path of every page view) it writes the JSON
// itself, byte for byte what json.Marshal writes for the same shape.
func (s *Session) appendJSON(dst []byte) ([]byte, error) {
	exp := s.Expires.UTC()
	if len(s.Extra) == 0 {
		dst = append(dst, `{"user":`...)
		dst = appendSessionUserJSON(dst, &s.User)
		dst = append(dst, `,"expires":"`...)
		// The layout writes only digits, '-', ':', 'T', '.' and 'Z' (in
		// UTC): nothing JSON escapes.
		dst = exp.AppendFormat(dst, sessionExpiresLayout)
		return append(dst, '"', '}'), nil
	}
	m := make(map[string]any, len(s.Extra)+2)
	for k, v := range s.Extra {
		m[k] = v
	}
	m["user"] = s.User
	m["expires"] = exp.Format(sessionExpiresLayout)
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return append(dst, b...), nil
}

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

// appendSessionUserJSON appends u's JSON (see SessionUser.MarshalJSON).
func appendSessionUserJSON(dst []byte, u *SessionUser) []byte {
	dst = append(dst, '{')
	if u.ID != "" {
		dst = append(dst, `"id":`...)
		dst = appendJSONString(dst, u.ID)
		dst = append(dst, ',')
	}
	first := true
	field := func(name, v string, absent uint8) {
		if v == "" && u.absent&absent != 0 {
			return
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(dst, name...)
		if v == "" {
			dst = append(dst, "null"...)
			return
		}
		dst = appendJSONString(dst, v)
	}
	field(`"name":`, u.Name, absentName)
	field(`"email":`, u.Email, absentEmail)
	field(`"image":`, u.Image, absentImage)
	if !first || u.ID == "" {
		return append(dst, '}')
	}
	// Only the id: drop the comma written after it.
	dst[len(dst)-1] = '}'
	return dst
}
