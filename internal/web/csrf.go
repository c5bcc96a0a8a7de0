package web

import (
	"crypto/subtle"
	"strings"
)

// CSRF protection is Auth.js's double-submit cookie scheme: the cookie
// holds "token|sha256hex(token+secret)" and every POST must carry the same
// token in its csrfToken field. The hash stops a cookie planted by a
// sibling subdomain from being accepted; the cookie's SameSite and the
// http.CrossOriginProtection check in front are further layers.

// CSRFTokenLen is the length of a CSRF token: 32 random bytes in hex.
const CSRFTokenLen = 64

// CSRFCookieValue returns the cookie value for token, signed with the first
// secret. The separator is written as %7C, as Auth.js's encodeURIComponent
// does.
func (s *Site) CSRFCookieValue(token string) string {
	return token + "%7C" + SHA256Hex(token+s.opts.Secrets[0])
}

// ParseCSRFCookie returns the token of a cookie value whose hash verifies
// under any secret, or "" when the value is malformed or does not verify.
func (s *Site) ParseCSRFCookie(v string) string {
	token, hash, ok := SplitCSRFCookie(v)
	if !ok {
		return ""
	}
	for _, secret := range s.opts.Secrets {
		want := SHA256Hex(token + secret)
		if subtle.ConstantTimeCompare([]byte(want), []byte(hash)) == 1 {
			return token
		}
	}
	return ""
}

// SplitCSRFCookie splits "token|hash" (the bar raw or as %7C) and checks
// that both halves are 64 lowercase hex characters.
func SplitCSRFCookie(v string) (token, hash string, ok bool) {
	token, hash, ok = strings.Cut(v, "%7C")
	if !ok {
		token, hash, ok = strings.Cut(v, "%7c")
	}
	if !ok {
		token, hash, ok = strings.Cut(v, "|")
	}
	if !ok || !IsLowerHex(token, CSRFTokenLen) || !IsLowerHex(hash, 64) {
		return "", "", false
	}
	return token, hash, true
}

// IsLowerHex reports whether s is n lowercase hex characters.
func IsLowerHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// CSRFToken returns the request's CSRF token: the one in a valid cookie,
// or a new one whose cookie is set on the response.
func (rq *Request) CSRFToken() string {
	if t := rq.CSRFCookie(); t != "" {
		return t
	}
	rq.csrf = RandomHex(32)
	// A browser-session cookie, as in Auth.js; never with a Domain, which
	// __Host- cookies must not have.
	c := rq.Cookie(rq.Names.CSRFToken, rq.site.CSRFCookieValue(rq.csrf), zeroTime)
	c.Domain = ""
	rq.SetCookie(c)
	return rq.csrf
}

// CSRFCookie returns the verified token of the request's CSRF cookie (or
// the one CSRFToken minted), or "" without a valid cookie. The cookie is
// parsed and its hash checked once, on first use.
func (rq *Request) CSRFCookie() string {
	if !rq.csrfRead {
		rq.csrfRead = true
		if rq.csrf == "" {
			rq.csrf = rq.site.ParseCSRFCookie(ReadCookie(rq.R, rq.Names.CSRFToken))
		}
	}
	return rq.csrf
}

// CSRFValid reports whether the submitted token equals the cookie's,
// comparing in constant time. A missing or invalid cookie fails.
func (rq *Request) CSRFValid(submitted string) bool {
	if rq.CSRFCookie() == "" || len(submitted) != CSRFTokenLen {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(submitted), []byte(rq.csrf)) == 1
}
