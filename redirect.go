package gatehouse

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxCallbackURL bounds the length of a callbackUrl.
const maxCallbackURL = 2048

// DefaultRedirect is the default Redirect callback: it returns target when
// it is a path on the site (a single leading "/", resolved against baseURL)
// or an absolute http(s) URL with the same origin as baseURL, and baseURL
// otherwise. It refuses protocol-relative URLs ("//evil.example"), backslash
// tricks ("/\evil.example"), scheme-only URLs ("https:evil.example"),
// non-http schemes ("javascript:"), user info, control characters and
// whitespace, and the percent-encoded forms of all of these. baseURL is the
// site's origin, such as "https://example.com".
func DefaultRedirect(target, baseURL string) string {
	if u, ok := sameOriginURL(target, baseURL); ok {
		return u
	}
	return baseURL
}

// sameOriginURL returns the absolute form of target if it is safe to
// redirect to on origin (see DefaultRedirect). An absolute target is
// rebuilt on origin, so the result's authority is always origin's.
func sameOriginURL(target, origin string) (string, bool) {
	if target == "" || len(target) > maxCallbackURL || !plainURLChars(target) {
		return "", false
	}
	rel := target
	if !strings.HasPrefix(target, "/") {
		u, err := url.Parse(target)
		if err != nil || u.Opaque != "" || u.User != nil || u.Host == "" {
			return "", false
		}
		scheme := strings.ToLower(u.Scheme)
		if scheme != "http" && scheme != "https" {
			return "", false
		}
		// The authority must follow "scheme://" directly.
		after, ok := cutPrefixFold(target, scheme+"://")
		if !ok {
			return "", false
		}
		end := strings.IndexAny(after, "/?#")
		if end < 0 {
			end = len(after)
		}
		host := strings.ToLower(after[:end])
		switch {
		case scheme == "http" && strings.HasSuffix(host, ":80"):
			host = strings.TrimSuffix(host, ":80")
		case scheme == "https" && strings.HasSuffix(host, ":443"):
			host = strings.TrimSuffix(host, ":443")
		}
		if scheme+"://"+host != origin {
			return "", false
		}
		rel = after[end:]
		if !strings.HasPrefix(rel, "/") {
			rel = "/" + rel
		}
	}
	if dangerousPath(rel) {
		return "", false
	}
	// Decode up to three times: a browser or a proxy on the way may decode
	// once more than expected, so no decoded form may look dangerous.
	s := rel
	for i := 0; i < 3; i++ {
		d, err := url.PathUnescape(s)
		if err != nil {
			return "", false
		}
		if d == s {
			break
		}
		if dangerousPath(d) {
			return "", false
		}
		s = d
	}
	return origin + rel, true
}

// dangerousPath reports whether p, which a browser would resolve against
// the site, could leave it: "//host", "/\host", or whitespace and control
// characters (which browsers strip) at the start.
func dangerousPath(p string) bool {
	if !strings.HasPrefix(p, "/") {
		return true
	}
	if len(p) > 1 && (p[1] == '/' || p[1] == '\\' || p[1] <= ' ' || p[1] == 0x7f) {
		return true
	}
	return false
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}

// plainURLChars reports whether s has no whitespace, control characters or
// backslashes, which browsers strip or turn into "/" before parsing.
func plainURLChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c == 0x7f || c == '\\' {
			return false
		}
	}
	return true
}

// callbackURL returns where the user goes after this action: the
// callbackUrl field or query parameter, else the callback-url cookie, else
// the site's origin, passed through the Redirect callback.
func (rq *request) callbackURL() string {
	raw := rq.form.Get("callbackUrl")
	if raw == "" {
		raw = rq.r.URL.Query().Get("callbackUrl")
	}
	if raw == "" {
		if v := readCookie(rq.r, rq.names.CallbackURL); v != "" {
			if d, err := url.QueryUnescape(v); err == nil {
				raw = d
			}
		}
	}
	if raw == "" {
		raw = rq.origin
	}
	return rq.a.redirectTarget(rq, raw)
}

// rememberCallbackURL stores target in the callback-url cookie (a browser
// session cookie) when it differs from what the cookie holds, so that a flow
// that leaves the site (OAuth) knows where to return. It is set only when the
// request named a callbackUrl. On https the cookie is SameSite=None, like
// the OAuth check cookies, so that a response_mode=form_post callback (a
// cross-site POST) carries it; its value is checked again whenever it is
// read, so sending it cross-site gives nothing away and decides nothing.
func (rq *request) rememberCallbackURL(target string) {
	if rq.form.Get("callbackUrl") == "" && rq.r.URL.Query().Get("callbackUrl") == "" {
		return
	}
	v := url.QueryEscape(target)
	if readCookie(rq.r, rq.names.CallbackURL) == v {
		return
	}
	c := rq.a.cookie(rq.secure, rq.names.CallbackURL, v, time.Time{})
	if rq.secure {
		c.SameSite = http.SameSiteNoneMode
	}
	rq.setCookie(c)
}

// redirectTarget passes raw through the Redirect callback (or
// DefaultRedirect) and checks what comes back.
func (a *Auth) redirectTarget(rq *request, raw string) string {
	cb := a.cfg.Callbacks.Redirect
	if cb == nil {
		return DefaultRedirect(raw, rq.origin)
	}
	got, err := cb(rq.r.Context(), raw, rq.origin)
	if err != nil {
		a.logError(rq.r, "Redirect callback failed; redirecting to the site's origin", err)
		return rq.origin
	}
	if strings.HasPrefix(got, "/") && !strings.HasPrefix(got, "//") && plainURLChars(got) {
		return rq.origin + got
	}
	if u, err := url.Parse(got); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.Opaque == "" && plainURLChars(got) {
		return got
	}
	a.logError(rq.r, "Redirect callback returned an unusable URL; redirecting to the site's origin",
		fmt.Errorf("want an http(s) URL or a path starting with /, got %q", truncate(got, 100)))
	return rq.origin
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
