package web

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"time"
)

// Options configures a Site.
type Options struct {
	// Origin is the site's origin ("https://example.com"), or "" to take
	// it from each request: from X-Forwarded-Proto and X-Forwarded-Host
	// (or the request's TLS state and Host when they are absent).
	Origin string
	// BasePath is the path the handler is mounted at, without a trailing
	// slash ("/api/auth").
	BasePath string
	// TrustedProxies are the addresses of the proxies whose
	// X-Forwarded-For is believed: when the connection's peer is in one of
	// them, the client address is the right-most X-Forwarded-For entry that
	// is not itself a trusted proxy. Default none: the peer is the client.
	TrustedProxies []netip.Prefix
	// Secrets sign CSRF cookies: the first signs, any verifies.
	Secrets []string
	// V4Names selects NextAuth.js v4's cookie names instead of Auth.js
	// v5's.
	V4Names bool
	// CookieDomain is the Domain attribute of every cookie but the CSRF
	// cookie; "" for host-only cookies.
	CookieDomain string
	// SameSite is every cookie's SameSite attribute.
	SameSite http.SameSite
	// Now is the clock for cookie expiry. Default time.Now.
	Now func() time.Time
}

// Site is what the plumbing knows of the site: fixed for its lifetime and
// shared by every request. Create it with NewSite.
type Site struct {
	opts  Options
	names [2]CookieNames // plain, secure
}

// NewSite returns a Site. It keeps its own copy of o.Secrets.
func NewSite(o Options) *Site {
	o.Secrets = append([]string(nil), o.Secrets...)
	o.TrustedProxies = append([]netip.Prefix(nil), o.TrustedProxies...)
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Site{opts: o, names: [2]CookieNames{NewCookieNames(o.V4Names, false), NewCookieNames(o.V4Names, true)}}
}

// BasePath returns the handler's path, such as "/api/auth".
func (s *Site) BasePath() string { return s.opts.BasePath }

// Names returns the cookie names for an origin that is secure (https) or
// not.
func (s *Site) Names(secure bool) *CookieNames {
	if secure {
		return &s.names[1]
	}
	return &s.names[0]
}

// NewRequest wraps r and w, working out the site's origin for r. The CSRF
// cookie is read on first use and the body only by ParseBody. It fails
// when the origin cannot be worked out from a proxied request's headers.
func (s *Site) NewRequest(w http.ResponseWriter, r *http.Request) (*Request, error) {
	origin, err := s.OriginOf(r)
	if err != nil {
		return nil, err
	}
	secure := strings.HasPrefix(origin, "https://")
	return &Request{W: w, R: r, Origin: origin, Secure: secure, Names: s.Names(secure), site: s}, nil
}

// OriginOf returns the site's origin for r: Options.Origin, or without one
// the origin a trusted proxy reports.
func (s *Site) OriginOf(r *http.Request) (string, error) {
	if s.opts.Origin != "" {
		return s.opts.Origin, nil
	}
	proto := "http"
	if r.TLS != nil {
		proto = "https"
	}
	if p := firstHeaderValue(r.Header.Get("X-Forwarded-Proto")); p != "" {
		p = strings.ToLower(p)
		if p != "http" && p != "https" {
			return "", fmt.Errorf("X-Forwarded-Proto %q is neither http nor https", p)
		}
		proto = p
	}
	host := r.Host
	if h := firstHeaderValue(r.Header.Get("X-Forwarded-Host")); h != "" {
		host = h
	}
	if !ValidHost(host) {
		return "", fmt.Errorf("request host %q is not a valid host name; set Config.URL", host)
	}
	return proto + "://" + strings.ToLower(host), nil
}

func firstHeaderValue(v string) string {
	v, _, _ = strings.Cut(v, ",")
	return strings.TrimSpace(v)
}

// ValidHost reports whether h is a plausible host[:port]: letters, digits,
// '.', '-', '_', ':' and brackets for IPv6, nothing else.
func ValidHost(h string) bool {
	if h == "" || len(h) > 255 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '.', c == '-', c == '_', c == ':', c == '[', c == ']':
		default:
			return false
		}
	}
	return true
}
