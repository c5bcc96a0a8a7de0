package gatehouse

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/internal/web"
	"github.com/gatehouse-go/gatehouse/jwt"
)

// maxJWTChunks bounds the session cookie chunks written and read: 16 chunks
// are about 62 KB of token, far more than a session needs and about as much
// as browsers and proxies carry in one Cookie header.
const maxJWTChunks = 16

// jwtStrategy keeps the whole session in the session cookie as an encrypted
// token, exactly as Auth.js writes it (@auth/core's jwt module): a JWE
// ("dir" + "A256CBC-HS512") whose key is derived from the first secret with
// the session cookie name as salt, or with Cookies.V4Names NextAuth.js v4's
// ("dir" + "A256GCM", empty salt). A token longer than one cookie holds is
// split into "<name>.0", "<name>.1", …; every write deletes the chunks it
// does not overwrite.
//
// Unlike Auth.js, which re-encrypts and re-sets the cookie on every session
// read, the cookie is re-issued (with a new "exp") only when it is older
// than Session.UpdateAge, when the JWT callback changed the token, on POST
// /session, or when it was encrypted with a secret other than the first.
// Other reads cost one decryption and set no cookie. For the same reason the
// session's "expires" is the token's "exp" (Auth.js reports now+MaxAge,
// which is what its re-issued cookie says).
//
// Reads of a token decrypted recently cost less still: see [tokenCache].
type jwtStrategy struct {
	a      *Auth
	chunk  int // chunk size of the token version
	plain  jwtCodecs
	secure jwtCodecs
}

// jwtCodecs are the codecs for one session cookie name (the salt).
type jwtCodecs struct {
	// all holds every secret: it encrypts with the first and decrypts with
	// any.
	all *jwt.Codec
	// primary holds the first secret only; nil when there is one secret.
	// A token it cannot decrypt but all can was made with an older secret
	// and is re-issued under the first.
	primary *jwt.Codec
	// cache holds recently decoded tokens of this cookie name; nil
	// disables caching.
	cache *tokenCache
	// metrics counts the cache's hits and misses (MetricCacheLookups);
	// nil when no Metrics hook records anything.
	metrics Metrics
}

// newJWTStrategy builds the codecs (deriving every key once) for both
// session cookie names.
func (a *Auth) newJWTStrategy() (strategy, error) {
	secrets := a.cfg.Secrets
	version := jwt.V5
	if a.cfg.Cookies.V4Names {
		version = jwt.V4
	}
	j := &jwtStrategy{a: a, chunk: jwt.ChunkSize(version)}
	now := func() time.Time { return a.now() }
	build := func(secure bool) (jwtCodecs, error) {
		salt := "" // v4 session tokens use an empty salt
		if version == jwt.V5 {
			salt = jwt.SessionCookieName(version, secure)
		}
		opts := jwt.Options{Secrets: secrets, Salt: salt, Version: version, MaxAge: a.cfg.Session.MaxAge, Now: now}
		var cs jwtCodecs
		if a.cfg.Session.JWTCacheSize >= 0 {
			cs.cache = newTokenCache(a.cfg.Session.JWTCacheSize)
			if metricsOn(a.cfg.Metrics) {
				cs.metrics = a.cfg.Metrics
			}
		}
		var err error
		if cs.all, err = jwt.New(opts); err != nil {
			return cs, err
		}
		if len(secrets) > 1 {
			opts.Secrets = secrets[:1]
			if cs.primary, err = jwt.New(opts); err != nil {
				return cs, err
			}
		}
		return cs, nil
	}
	var err error
	if j.plain, err = build(false); err == nil {
		if version == jwt.V4 {
			j.secure = j.plain // same key whatever the cookie name
		} else {
			j.secure, err = build(true)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("gatehouse: JWT sessions cannot use the secrets: %w", err)
	}
	return j, nil
}

func (j *jwtStrategy) codecs(secure bool) *jwtCodecs {
	if secure {
		return &j.secure
	}
	return &j.plain
}

// decode decrypts a session token. rotated reports that it was encrypted
// with a secret other than the first.
func (cs *jwtCodecs) decode(raw string) (claims jwt.Claims, rotated bool, err error) {
	if cs.primary == nil {
		claims, err = cs.all.Decode(raw)
		return claims, false, err
	}
	claims, err = cs.primary.Decode(raw)
	if !errors.Is(err, jwt.ErrDecryption) {
		return claims, false, err
	}
	claims, err = cs.all.Decode(raw)
	return claims, err == nil, err
}

// readToken returns the reassembled session token of the request, or ""
// when there is none. ok is false when the cookies are too large to be one
// of gatehouse's tokens.
func (j *jwtStrategy) readToken(rq *web.Request) (raw string, ok bool) {
	raw = jwt.ReadChunked(rq.R, rq.Names.SessionToken)
	return raw, len(raw) <= maxJWTChunks*j.chunk
}

// clear returns the deletions of every session cookie chunk the request
// carries.
func (j *jwtStrategy) clear(rq *web.Request) []*http.Cookie {
	return jwt.ClearChunked(rq.R, rq.Cookie(rq.Names.SessionToken, "", time.Time{}))
}

// rejected logs why a session cookie was not accepted. Expired tokens are
// routine and only logged with Config.Debug; anything else (a wrong or
// removed secret, a cookie altered or cut short) is a warning. Neither the
// token nor its contents are logged.
func (j *jwtStrategy) rejected(ctx context.Context, rq *web.Request, err error) {
	a := j.a
	if errors.Is(err, jwt.ErrExpired) {
		if a.cfg.Debug {
			a.log.InfoContext(ctx, "gatehouse: session token expired", "path", rq.R.URL.Path)
		}
		return
	}
	a.log.WarnContext(ctx, "gatehouse: session cookie rejected and cleared", "path", rq.R.URL.Path, "err", err)
}

func (j *jwtStrategy) load(ctx context.Context, rq *web.Request, mode loadMode, upd *sessionUpdate) (*Session, []*http.Cookie, error) {
	a := j.a
	raw, ok := j.readToken(rq)
	if raw == "" {
		return nil, nil, nil
	}
	if !ok {
		j.rejected(ctx, rq, fmt.Errorf("the session cookies hold %d bytes, more than %d chunks", len(raw), maxJWTChunks))
		return nil, j.clear(rq), nil
	}
	cs := j.codecs(rq.Secure)
	claims, rotated, err := cs.decodeCached(ctx, raw, a.now())
	if err != nil {
		j.rejected(ctx, rq, err)
		return nil, j.clear(rq), nil
	}
	expires := claims.ExpiresAt()
	// claims may be shared with the cache: callbacks get copies.
	token := map[string]any(claims)
	changed := false
	if cb := a.cfg.Callbacks.JWT; cb != nil {
		p := JWTParams{Token: cloneJSON(token).(map[string]any)}
		if upd != nil {
			p.Trigger, p.Session = TriggerUpdate, upd.data
		}
		next, err := cb(ctx, p)
		if err != nil {
			return nil, nil, &Error{Code: CodeConfiguration, Err: fmt.Errorf("JWT callback: %w", err)}
		}
		if next == nil {
			// The callback ended the session.
			return nil, j.clear(rq), nil
		}
		changed = !reflect.DeepEqual(next, token)
		token = next
	}

	var cookies []*http.Cookie
	if mode == refresh && (upd != nil || changed || rotated || j.due(claims)) {
		c, exp, err := j.issue(rq, token)
		if err != nil {
			return nil, nil, err
		}
		cookies, expires = c, exp
		if a.cfg.Debug {
			a.log.InfoContext(ctx, "gatehouse: session token re-issued", "expires", expires)
		}
	}

	p := SessionParams{Session: sessionFromToken(token, expires), Token: token}
	if a.cfg.Callbacks.Session != nil && a.cfg.Callbacks.JWT == nil {
		p.Token = cloneJSON(token).(map[string]any)
	}
	s, err := a.applySessionCallback(ctx, p, upd)
	if err != nil {
		return nil, nil, err
	}
	return s, cookies, nil
}

// due reports whether the token is older than Session.UpdateAge. Its age
// comes from "iat", or without one from "exp" minus Session.MaxAge.
func (j *jwtStrategy) due(claims jwt.Claims) bool {
	cs := j.a.cfg.Session
	issued := claims.IssuedAt()
	if issued.IsZero() {
		issued = claims.ExpiresAt().Add(-cs.MaxAge)
	}
	return !issued.Add(cs.UpdateAge).After(j.a.now())
}

// issue encrypts token (with new "iat", "exp" and "jti") and returns the
// cookies that store it in place of the request's, and its expiry.
func (j *jwtStrategy) issue(rq *web.Request, token map[string]any) ([]*http.Cookie, time.Time, error) {
	a := j.a
	cs := j.codecs(rq.Secure)
	// Encode writes exp = now (whole seconds) + MaxAge.
	expires := time.Unix(a.now().Unix(), 0).Add(cs.all.MaxAge())
	v, err := cs.all.Encode(jwt.Claims(token))
	if err != nil {
		return nil, time.Time{}, &Error{Code: CodeConfiguration, Err: fmt.Errorf("encoding the session token (do the JWT callback's values encode as JSON?): %w", err)}
	}
	if len(v) > maxJWTChunks*j.chunk {
		return nil, time.Time{}, newError(CodeConfiguration,
			"the encrypted session token is %d bytes, more than %d cookies of %d bytes hold: keep large data out of the token the JWT callback returns (store it elsewhere and keep a key in the token)",
			len(v), maxJWTChunks, j.chunk)
	}
	c := rq.Cookie(rq.Names.SessionToken, v, expires)
	return jwt.ReplaceChunked(rq.R, c, j.chunk), expires, nil
}

func (j *jwtStrategy) start(ctx context.Context, rq *web.Request, _ adapter.Adapter, si *signIn, user *adapter.User) ([]*http.Cookie, error) {
	a := j.a
	// Auth.js's default token: {name, email, picture, sub}, with null for
	// a user's empty name, email or picture, as Auth.js writes them.
	token := make(map[string]any, 4)
	for _, c := range [...]struct{ claim, value string }{
		{"name", user.Name}, {"email", user.Email}, {"picture", user.Image},
	} {
		if c.value != "" {
			token[c.claim] = c.value
		} else {
			token[c.claim] = nil
		}
	}
	if user.ID != "" {
		token["sub"] = user.ID
	}
	if cb := a.cfg.Callbacks.JWT; cb != nil {
		p := JWTParams{Token: token, User: user, Account: si.account, Profile: si.profile, Trigger: TriggerSignIn, IsNewUser: si.newUser}
		if si.newUser {
			p.Trigger = TriggerSignUp
		}
		next, err := cb(ctx, p)
		if err != nil {
			return nil, &Error{Code: CodeConfiguration, Err: fmt.Errorf("JWT callback at sign-in: %w", err)}
		}
		if next == nil {
			// As in Auth.js, the sign-in completes without a session.
			return j.clear(rq), nil
		}
		token = next
	}
	cookies, _, err := j.issue(rq, token)
	return cookies, err
}

func (j *jwtStrategy) end(ctx context.Context, rq *web.Request) ([]*http.Cookie, error) {
	cookies := j.clear(rq)
	if ev := j.a.cfg.Events.SignOut; ev != nil {
		if raw, ok := j.readToken(rq); raw != "" && ok {
			if claims, _, err := j.codecs(rq.Secure).decode(raw); err == nil {
				ev(ctx, SignOutEvent{Token: claims})
			}
		}
	}
	return cookies, nil
}

// sessionFromToken is the default session for a token: Auth.js's
// {user: {name, email, image: picture}, expires}, plus the user's ID from
// "sub".
func sessionFromToken(token map[string]any, expires time.Time) *Session {
	str := func(k string) string { s, _ := token[k].(string); return s }
	u := SessionUser{ID: str("sub"), Name: str("name"), Email: str("email"), Image: str("picture")}
	for _, c := range [...]struct {
		claim string
		bit   uint8
	}{{"name", absentName}, {"email", absentEmail}, {"picture", absentImage}} {
		if _, ok := token[c.claim]; !ok {
			u.absent |= c.bit
		}
	}
	return &Session{User: u, Expires: expires}
}

// cloneJSON deep-copies the maps and slices of a decoded JSON value, so a
// callback that changes a token in place cannot change the original.
func cloneJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = cloneJSON(e)
		}
		return m
	case jwt.Claims:
		return cloneJSON(map[string]any(x))
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = cloneJSON(e)
		}
		return s
	}
	return v
}
