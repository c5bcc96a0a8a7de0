package gatehouse

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"
	"time"
)

// CSRF protection is Auth.js's double-submit scheme (nextauth-spec §8.3): the
// cookie holds "token|sha256hex(token+secret)" and every POST must carry the
// same token in its csrfToken field. The hash stops a cookie planted by a
// sibling subdomain from being accepted; the cookie's SameSite and the
// http.CrossOriginProtection check in front are further layers.

// csrfTokenLen is the length of a CSRF token: 32 random bytes in hex.
const csrfTokenLen = 64

// randomHex returns n random bytes as lowercase hex. crypto/rand.Read never
// fails on supported platforms (it panics rather than returning an error).
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// sha256Hex returns the lowercase hex SHA-256 of s.
func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	var out [2 * sha256.Size]byte
	hex.Encode(out[:], sum[:])
	return string(out[:])
}

// csrfCookieValue returns the cookie value for token, signed with the first
// secret. The separator is written as %7C, as Auth.js's encodeURIComponent
// does.
func (a *Auth) csrfCookieValue(token string) string {
	return token + "%7C" + sha256Hex(token+a.cfg.Secrets[0])
}

// parseCSRFCookie returns the token of a cookie value whose hash verifies
// under any secret, or "" when the value is malformed or does not verify.
func (a *Auth) parseCSRFCookie(v string) string {
	token, hash, ok := splitCSRFCookie(v)
	if !ok {
		return ""
	}
	for _, s := range a.cfg.Secrets {
		want := sha256Hex(token + s)
		if subtle.ConstantTimeCompare([]byte(want), []byte(hash)) == 1 {
			return token
		}
	}
	return ""
}

// splitCSRFCookie splits "token|hash" (the bar raw or as %7C) and checks
// that both halves are 64 lowercase hex characters.
func splitCSRFCookie(v string) (token, hash string, ok bool) {
	token, hash, ok = strings.Cut(v, "%7C")
	if !ok {
		token, hash, ok = strings.Cut(v, "%7c")
	}
	if !ok {
		token, hash, ok = strings.Cut(v, "|")
	}
	if !ok || !isLowerHex(token, csrfTokenLen) || !isLowerHex(hash, 64) {
		return "", "", false
	}
	return token, hash, true
}

func isLowerHex(s string, n int) bool {
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

// csrfToken returns the request's CSRF token: the one in a valid cookie, or
// a new one whose cookie is set on the response.
func (rq *request) csrfToken() string {
	if t := rq.csrfCookie(); t != "" {
		return t
	}
	rq.csrf = randomHex(32)
	// A browser-session cookie, as in Auth.js; never with a Domain, which
	// __Host- cookies must not have.
	c := rq.a.cookie(rq.secure, rq.names.CSRFToken, rq.a.csrfCookieValue(rq.csrf), time.Time{})
	c.Domain = ""
	rq.setCookie(c)
	return rq.csrf
}

// csrfCookie returns the verified token of the request's CSRF cookie (or
// the one csrfToken minted), or "" without a valid cookie. The cookie is
// parsed and its hash checked once, on first use.
func (rq *request) csrfCookie() string {
	if !rq.csrfRead {
		rq.csrfRead = true
		if rq.csrf == "" {
			rq.csrf = rq.a.parseCSRFCookie(readCookie(rq.r, rq.names.CSRFToken))
		}
	}
	return rq.csrf
}

// csrfValid reports whether the submitted token equals the cookie's,
// comparing in constant time. A missing or invalid cookie fails.
func (rq *request) csrfValid(submitted string) bool {
	if rq.csrfCookie() == "" || len(submitted) != csrfTokenLen {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(submitted), []byte(rq.csrf)) == 1
}
