package web

import (
	"encoding/json"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
)

// Request is one request to the handler with what the plumbing worked out
// about it. Create it with Site.NewRequest.
type Request struct {
	W http.ResponseWriter
	R *http.Request
	// Origin is the site's origin for this request ("https://example.com").
	Origin string
	// Secure is true when Origin is https: cookies are Secure and their
	// names prefixed.
	Secure bool
	// Names are the cookie names for this request.
	Names *CookieNames
	// Form holds the POST body's fields (strings only) after ParseBody.
	Form url.Values
	// Data is the POST body's "data" field as raw JSON, for POST /session.
	Data json.RawMessage
	// FailStatus, when set, is the status of a failure answered as JSON to
	// a next-auth v4 client (see V4JSON); 0 means 200. NextAuth.js v4
	// answers a failed credentials sign-in 401.
	FailStatus int

	site *Site
	// csrf is the verified token from the CSRF cookie, or a new one; read
	// it through CSRFCookie. csrfRead says whether the cookie was read:
	// only POSTs and the CSRF-minting pages need it, so a session read
	// (the hot path) neither parses nor hashes it.
	csrf     string
	csrfRead bool
}

// BaseURL is the URL of the handler: origin + base path.
func (rq *Request) BaseURL() string { return rq.Origin + rq.site.opts.BasePath }

// ActionURL is the URL of the handler's action for a provider, such as
// BaseURL()+"/callback/github".
func (rq *Request) ActionURL(action, provider string) string {
	return rq.BaseURL() + "/" + action + "/" + provider
}

// Params returns the request's parameters: the form of a POST, the query
// otherwise.
func (rq *Request) Params() url.Values {
	if rq.R.Method == http.MethodPost {
		return rq.Form
	}
	return rq.R.URL.Query()
}

// WantsJSON reports whether redirects are to be answered 200 {"url": ...}:
// Auth.js v5's X-Auth-Return-Redirect header, or v4's json=true field.
func (rq *Request) WantsJSON() bool {
	return rq.R.Header.Get("X-Auth-Return-Redirect") == "1" || rq.Form.Get("json") == "true"
}

// V4JSON reports whether the request comes from the next-auth v4 client
// asking for JSON redirects: its json=true field without Auth.js v5's
// X-Auth-Return-Redirect header. The v5 client never sends json=true, and
// an HTML form does not either, so this cannot mistake them for v4.
func (rq *Request) V4JSON() bool {
	return rq.Form.Get("json") == "true" && rq.R.Header.Get("X-Auth-Return-Redirect") != "1"
}

// Redirect sends the user to target: a 302, or 200 {"url": target} when
// the client asked for JSON redirects.
func (rq *Request) Redirect(target string) {
	if rq.WantsJSON() {
		WriteJSON(rq.W, http.StatusOK, map[string]string{"url": target})
		return
	}
	h := rq.W.Header()
	h.Set("Location", target)
	h.Set("Cache-Control", "no-store")
	rq.W.WriteHeader(http.StatusFound)
}

// PageURL returns the URL of an application's own page, custom (a path on
// the site or an absolute URL), when it is set, and otherwise the URL of
// the handler's built-in action ("/signin").
func (rq *Request) PageURL(custom, action string) string {
	switch {
	case custom == "":
		return rq.BaseURL() + action
	case strings.HasPrefix(custom, "/"):
		return rq.Origin + custom
	}
	return custom
}

// RequestedCallbackURL returns where the user asked to go afterwards, not
// yet checked: the callbackUrl field or query parameter, else the
// callback-url cookie, else the site's origin.
func (rq *Request) RequestedCallbackURL() string {
	raw := rq.Form.Get("callbackUrl")
	if raw == "" {
		raw = rq.R.URL.Query().Get("callbackUrl")
	}
	if raw == "" {
		if v := ReadCookie(rq.R, rq.Names.CallbackURL); v != "" {
			if d, err := url.QueryUnescape(v); err == nil {
				raw = d
			}
		}
	}
	if raw == "" {
		raw = rq.Origin
	}
	return raw
}

// RememberCallbackURL stores target in the callback-url cookie (a browser
// session cookie) when it differs from what the cookie holds, so that a flow
// that leaves the site (OAuth) knows where to return. It is set only when the
// request named a callbackUrl. On https the cookie is SameSite=None, like
// the OAuth check cookies, so that a response_mode=form_post callback (a
// cross-site POST) carries it; its value is checked again whenever it is
// read, so sending it cross-site gives nothing away and decides nothing.
func (rq *Request) RememberCallbackURL(target string) {
	if rq.Form.Get("callbackUrl") == "" && rq.R.URL.Query().Get("callbackUrl") == "" {
		return
	}
	v := url.QueryEscape(target)
	if ReadCookie(rq.R, rq.Names.CallbackURL) == v {
		return
	}
	rq.SetCookie(rq.CrossSiteCookie(rq.Names.CallbackURL, v, zeroTime))
}

// ClientIP is the client's address: the connection's peer, unless the peer
// is one of Options.TrustedProxies; then X-Forwarded-For is read from the
// right (the entries the trusted proxies added) and the first entry that is
// not a trusted proxy is the client. An unparsable entry ends the walk at
// the last address known good, so a client cannot choose its address by
// sending its own X-Forwarded-For through a proxy that appends to it.
func (rq *Request) ClientIP() string {
	r := rq.R
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !rq.site.trustedProxy(peer) {
		return host
	}
	client := peer.WithZone("").Unmap()
	entries := r.Header.Values("X-Forwarded-For")
	for i := len(entries) - 1; i >= 0; i-- {
		parts := strings.Split(entries[i], ",")
		for j := len(parts) - 1; j >= 0; j-- {
			a, err := netip.ParseAddr(strings.TrimSpace(parts[j]))
			if err != nil {
				return client.String()
			}
			client = a.WithZone("").Unmap()
			if !rq.site.trustedProxy(client) {
				return client.String()
			}
		}
	}
	return client.String()
}

// trustedProxy reports whether a is one of Options.TrustedProxies.
func (s *Site) trustedProxy(a netip.Addr) bool {
	a = a.WithZone("").Unmap()
	for _, p := range s.opts.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
