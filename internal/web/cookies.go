package web

import (
	"net/http"
	"time"
)

// CookieNames are the names of gatehouse's cookies for one security level.
type CookieNames struct {
	SessionToken     string
	CallbackURL      string
	CSRFToken        string
	PKCECodeVerifier string
	State            string
	Nonce            string
	Challenge        string
}

// NewCookieNames returns Auth.js v5 (or NextAuth.js v4) cookie names, with
// the __Secure- and __Host- prefixes when secure.
func NewCookieNames(v4, secure bool) CookieNames {
	base := "authjs"
	if v4 {
		base = "next-auth"
	}
	pre, host := "", ""
	if secure {
		pre, host = "__Secure-", "__Host-"
	}
	return CookieNames{
		SessionToken:     pre + base + ".session-token",
		CallbackURL:      pre + base + ".callback-url",
		CSRFToken:        host + base + ".csrf-token",
		PKCECodeVerifier: pre + base + ".pkce.code_verifier",
		State:            pre + base + ".state",
		Nonce:            pre + base + ".nonce",
		Challenge:        pre + base + ".challenge",
	}
}

var zeroTime time.Time

// Cookie returns a cookie with the site's attributes: HttpOnly, Path=/,
// Options.SameSite, Secure on https and Options.CookieDomain. A zero
// expires makes a browser-session cookie.
func (rq *Request) Cookie(name, value string, expires time.Time) *http.Cookie {
	o := &rq.site.opts
	c := &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     "/",
		Domain:   o.CookieDomain,
		HttpOnly: true,
		Secure:   rq.Secure,
		SameSite: o.SameSite,
	}
	if !expires.IsZero() {
		c.Expires = expires.UTC()
		c.MaxAge = int(expires.Sub(o.Now()).Round(time.Second) / time.Second)
		if c.MaxAge <= 0 {
			c.MaxAge = -1
		}
	}
	return c
}

// CrossSiteCookie is Cookie with SameSite=None on https, for a cookie that
// a cross-site POST back to the site (an OAuth response_mode=form_post
// callback) must carry. Browsers refuse SameSite=None on plain http, so
// there it keeps Options.SameSite.
func (rq *Request) CrossSiteCookie(name, value string, expires time.Time) *http.Cookie {
	c := rq.Cookie(name, value, expires)
	if rq.Secure {
		c.SameSite = http.SameSiteNoneMode
	}
	return c
}

// ClearCookie returns a cookie that deletes name (Max-Age=0 on the wire).
func (rq *Request) ClearCookie(name string) *http.Cookie {
	c := rq.Cookie(name, "", zeroTime)
	c.MaxAge = -1
	return c
}

// SetCookie adds a Set-Cookie header to the response.
func (rq *Request) SetCookie(c *http.Cookie) { http.SetCookie(rq.W, c) }

// SetCookies adds a Set-Cookie header for each cookie.
func (rq *Request) SetCookies(cookies []*http.Cookie) {
	for _, c := range cookies {
		http.SetCookie(rq.W, c)
	}
}

// MaxCookieValue is the longest cookie value ReadCookie returns; longer
// values are ignored as garbage (browsers cap a cookie at 4096 bytes).
const MaxCookieValue = 4096

// ReadCookie returns the value of the named cookie, or "" when it is absent
// or implausibly long.
func ReadCookie(r *http.Request, name string) string {
	c, err := r.Cookie(name)
	if err != nil || len(c.Value) > MaxCookieValue {
		return ""
	}
	return c.Value
}
