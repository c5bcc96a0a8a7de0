package jwt

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Session cookie names, as Auth.js v5 and NextAuth.js v4 set them
// (https://authjs.dev/reference/core#cookies). The __Secure- names are used
// on https sites.
const (
	SessionCookieV5       = "authjs.session-token"
	SecureSessionCookieV5 = "__Secure-authjs.session-token"
	SessionCookieV4       = "next-auth.session-token"
	SecureSessionCookieV4 = "__Secure-next-auth.session-token"
)

// SessionCookieName returns the session cookie name of version v, with the
// __Secure- prefix when secure is true.
func SessionCookieName(v Version, secure bool) string {
	switch {
	case v == V4 && secure:
		return SecureSessionCookieV4
	case v == V4:
		return SessionCookieV4
	case secure:
		return SecureSessionCookieV5
	}
	return SessionCookieV5
}

// GetterOptions configures a [Getter].
type GetterOptions struct {
	// Secrets are the Next.js app's secrets (AUTH_SECRET or
	// NEXTAUTH_SECRET; several when it rotates them). Required.
	Secrets []string

	// Version is the app's Auth.js generation: V5 (Auth.js, next-auth v5,
	// the default) or V4 (next-auth v4).
	Version Version

	// CookieName is the session cookie to read. Default: both the secure
	// and the plain session cookie name of Version, the secure one first.
	// Reading both is safe: a V5 token is bound to its cookie name by the
	// key derivation, and browsers only accept __Secure- cookies over https.
	CookieName string

	// Salt overrides the HKDF salt. Default: the cookie name for V5 (as
	// getToken does), "" for V4.
	Salt string

	// ClockTolerance is the accepted clock skew. Default 15 s.
	ClockTolerance time.Duration

	// Now is the clock. Default time.Now.
	Now func() time.Time

	// DisableBearer turns off the fallback, taken when the request has no
	// session cookie, to an "Authorization: Bearer <url-encoded token>"
	// header. Default false: the fallback is on, as in getToken.
	DisableBearer bool
}

// Getter reads and decodes the session token of a Next.js app (Auth.js or
// NextAuth.js v4, JWT session strategy) from requests reaching a Go server,
// like Auth.js's getToken. Build it once with [NewGetter]; it is safe for
// concurrent use.
type Getter struct {
	names   []string
	codecs  []*Codec // one per name
	version Version
	bearer  bool
}

// NewGetter validates opts and derives every key it will need.
func NewGetter(opts GetterOptions) (*Getter, error) {
	g := &Getter{version: opts.Version, bearer: !opts.DisableBearer}
	if opts.CookieName != "" {
		g.names = []string{opts.CookieName}
	} else {
		g.names = []string{SessionCookieName(opts.Version, true), SessionCookieName(opts.Version, false)}
	}
	for _, name := range g.names {
		salt := opts.Salt
		if salt == "" && opts.Version == V5 {
			salt = name
		}
		c, err := New(Options{Secrets: opts.Secrets, Salt: salt, Version: opts.Version,
			ClockTolerance: opts.ClockTolerance, Now: opts.Now})
		if err != nil {
			return nil, err
		}
		g.codecs = append(g.codecs, c)
	}
	return g, nil
}

// RawToken returns the undecoded token of r: the reassembled session
// cookie (the first configured name present), else the Bearer token. It
// returns ErrNoToken when there is neither.
func (g *Getter) RawToken(r *http.Request) (string, error) {
	for _, name := range g.names {
		if v := ReadChunked(r, name); v != "" {
			return v, nil
		}
	}
	return g.bearerToken(r)
}

func (g *Getter) bearerToken(r *http.Request) (string, error) {
	if !g.bearer {
		return "", ErrNoToken
	}
	scheme, rest, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if scheme != "Bearer" {
		return "", ErrNoToken
	}
	tok, _, _ := strings.Cut(rest, " ")
	tok, err := url.PathUnescape(tok)
	if err != nil {
		return "", malformed("Bearer token has invalid percent-encoding")
	}
	if tok == "" {
		return "", ErrNoToken
	}
	return tok, nil
}

// GetToken returns the decoded claims of r's session token. The session
// cookie is read first (chunked or not); the Bearer header only when no
// session cookie is present. It returns ErrNoToken when there is no token,
// and the errors of [Codec.Decode] when the token is invalid.
func (g *Getter) GetToken(r *http.Request) (Claims, error) {
	var firstErr error
	for i, name := range g.names {
		v := ReadChunked(r, name)
		if v == "" {
			continue
		}
		claims, err := g.codecs[i].Decode(v)
		if err == nil {
			return claims, nil
		}
		if firstErr == nil {
			firstErr = fmt.Errorf("jwt: cookie %s: %w", name, err)
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	tok, err := g.bearerToken(r)
	if err != nil {
		return nil, err
	}
	for _, c := range g.codecs {
		claims, err := c.Decode(tok)
		if err == nil {
			return claims, nil
		}
		// A failure other than decryption means this salt was the right
		// one; no other will do better.
		if firstErr == nil || !errors.Is(err, ErrDecryption) {
			firstErr = fmt.Errorf("jwt: Bearer token: %w", err)
			if !errors.Is(err, ErrDecryption) {
				break
			}
		}
	}
	return nil, firstErr
}
