package gatehouse

import (
	"net/http"
	"time"
)

// cookieNames are the names of gatehouse's cookies for one security level.
type cookieNames struct {
	SessionToken     string
	CallbackURL      string
	CSRFToken        string
	PKCECodeVerifier string
	State            string
	Nonce            string
	Challenge        string
}

// newCookieNames returns Auth.js v5 (or NextAuth.js v4) cookie names, with the
// __Secure- and __Host- prefixes when secure.
func newCookieNames(v4, secure bool) cookieNames {
	base := "authjs"
	if v4 {
		base = "next-auth"
	}
	pre, host := "", ""
	if secure {
		pre, host = "__Secure-", "__Host-"
	}
	return cookieNames{
		SessionToken:     pre + base + ".session-token",
		CallbackURL:      pre + base + ".callback-url",
		CSRFToken:        host + base + ".csrf-token",
		PKCECodeVerifier: pre + base + ".pkce.code_verifier",
		State:            pre + base + ".state",
		Nonce:            pre + base + ".nonce",
		Challenge:        pre + base + ".challenge",
	}
}

// names returns the cookie names for a request whose origin is secure or not.
func (a *Auth) names(secure bool) *cookieNames {
	if secure {
		return &a.namesSecure
	}
	return &a.namesPlain
}

// cookie returns a cookie with gatehouse's attributes: HttpOnly, Path=/,
// SameSite from the config, Secure on https and the configured Domain. A zero
// expires makes a browser-session cookie.
func (a *Auth) cookie(secure bool, name, value string, expires time.Time) *http.Cookie {
	c := &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     "/",
		Domain:   a.cfg.Cookies.Domain,
		HttpOnly: true,
		Secure:   secure,
		SameSite: a.cfg.Cookies.SameSite,
	}
	if !expires.IsZero() {
		c.Expires = expires.UTC()
		c.MaxAge = int(expires.Sub(a.now()).Round(time.Second) / time.Second)
		if c.MaxAge <= 0 {
			c.MaxAge = -1
		}
	}
	return c
}

// clearCookie returns a cookie that deletes name (Max-Age=0 on the wire).
func (a *Auth) clearCookie(secure bool, name string) *http.Cookie {
	c := a.cookie(secure, name, "", time.Time{})
	c.MaxAge = -1
	return c
}

// maxCookieValue is the longest cookie value gatehouse reads; longer values
// are ignored as garbage (browsers cap a cookie at 4096 bytes).
const maxCookieValue = 4096

// readCookie returns the value of the named cookie, or "" when it is absent
// or implausibly long.
func readCookie(r *http.Request, name string) string {
	c, err := r.Cookie(name)
	if err != nil || len(c.Value) > maxCookieValue {
		return ""
	}
	return c.Value
}
