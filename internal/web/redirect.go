package web

import (
	"net/url"
	"strings"
)

// MaxRedirectURL bounds the length of a redirect target.
const MaxRedirectURL = 2048

// SameOriginURL returns the absolute form of target if it is safe to
// redirect to on origin: a path on the site (a single leading "/") or an
// absolute http(s) URL with the same origin. It refuses protocol-relative
// URLs ("//evil.example"), backslash tricks ("/\evil.example"),
// scheme-only URLs ("https:evil.example"), non-http schemes
// ("javascript:"), user info, control characters and whitespace, and the
// percent-encoded forms of all of these. An absolute target is rebuilt on
// origin, so the result's authority is always origin's.
func SameOriginURL(target, origin string) (string, bool) {
	if target == "" || len(target) > MaxRedirectURL || !PlainURLChars(target) {
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

// PlainURLChars reports whether s has no whitespace, control characters or
// backslashes, which browsers strip or turn into "/" before parsing.
func PlainURLChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c == 0x7f || c == '\\' {
			return false
		}
	}
	return true
}

// LocalOrAbsolute reports whether u is a path on the site (a single
// leading "/") or an absolute http(s) URL with a host, in either case
// without whitespace, control characters or backslashes.
func LocalOrAbsolute(u string) bool {
	if !PlainURLChars(u) {
		return false
	}
	if strings.HasPrefix(u, "/") {
		return !strings.HasPrefix(u, "//")
	}
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != "" && p.Opaque == ""
}
