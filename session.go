package gatehouse

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// Session is a signed-in user's session as the application and the
// /session endpoint see it.
type Session struct {
	// User is who is signed in.
	User SessionUser
	// Expires is when the session ends unless it is used again.
	Expires time.Time
	// Extra holds fields a Session callback adds. They appear at the top
	// level of the /session JSON, beside "user" and "expires" (which they
	// cannot replace).
	Extra map[string]any
}

// SessionUser is the user part of a Session. Unlike Auth.js's default it
// includes the user's ID, which applications almost always need.
type SessionUser struct {
	ID    string `json:"id,omitempty"`
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	Image string `json:"image,omitempty"`
}

// MarshalJSON writes the Auth.js session shape:
// {"user": {...}, "expires": "2006-01-02T15:04:05.000Z", ...Extra}.
func (s *Session) MarshalJSON() ([]byte, error) {
	return s.appendJSON(make([]byte, 0, sessionJSONSize(s)))
}

// sessionExpiresLayout is the layout of "expires": JavaScript's
// Date.toISOString, as Auth.js writes it.
const sessionExpiresLayout = "2006-01-02T15:04:05.000Z07:00"

// sessionJSONSize is a capacity that holds s's JSON without Extra, plus a
// newline, unless its strings need escaping.
func sessionJSONSize(s *Session) int {
	u := &s.User
	return len(`{"user":{"id":"","name":"","email":"","image":""},"expires":"2006-01-02T15:04:05.000Z"}`) + 1 +
		len(u.ID) + len(u.Name) + len(u.Email) + len(u.Image)
}

// appendJSON appends MarshalJSON's output to dst. Without Extra (the
// common case, and the hot path of every page view) it writes the JSON
// itself, byte for byte what json.Marshal writes for the same shape.
func (s *Session) appendJSON(dst []byte) ([]byte, error) {
	exp := s.Expires.UTC()
	if len(s.Extra) == 0 {
		dst = append(dst, `{"user":`...)
		dst = appendSessionUserJSON(dst, &s.User)
		dst = append(dst, `,"expires":"`...)
		// The layout writes only digits, '-', ':', 'T', '.' and 'Z' (in
		// UTC): nothing JSON escapes.
		dst = exp.AppendFormat(dst, sessionExpiresLayout)
		return append(dst, '"', '}'), nil
	}
	m := make(map[string]any, len(s.Extra)+2)
	for k, v := range s.Extra {
		m[k] = v
	}
	m["user"] = s.User
	m["expires"] = exp.Format(sessionExpiresLayout)
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return append(dst, b...), nil
}

// sessionFromUser is the default session for a stored user.
func sessionFromUser(u *adapter.User, expires time.Time) *Session {
	return &Session{
		User:    SessionUser{ID: u.ID, Name: u.Name, Email: u.Email, Image: u.Image},
		Expires: expires,
	}
}

// loadMode says what a session read may write.
type loadMode int

const (
	// readOnly never writes a cookie and never extends a session; it still
	// deletes an expired database session it meets.
	readOnly loadMode = iota
	// refresh extends the session when due and returns the cookies to set.
	refresh
)

// strategy keeps sessions: in the database (session_database.go) or in an
// encrypted cookie (session_jwt.go). Strategies return cookies instead of
// writing them, so that a caller that fails later never sends a half-made
// sign-in.
type strategy interface {
	// load returns the request's session, or nil when there is none (or it
	// expired, or it was deleted). Cookies are to be set on the response:
	// a refreshed session cookie, or the deletion of a dead one. A non-nil
	// error means the store failed; the session cookie is then left alone.
	load(ctx context.Context, rq *request, mode loadMode, upd *sessionUpdate) (*Session, []*http.Cookie, error)
	// start begins a session for user after a successful sign-in. store is
	// the adapter, or a transaction of it; it is nil without an adapter.
	start(ctx context.Context, rq *request, store adapter.Adapter, si *signIn, user *adapter.User) ([]*http.Cookie, error)
	// end ends the request's session (sign-out) and returns the cookies
	// that delete it. Ending no session is not an error.
	end(ctx context.Context, rq *request) ([]*http.Cookie, error)
}

// sessionUpdate is the data of POST /session.
type sessionUpdate struct {
	data json.RawMessage
}

// newStrategy returns the strategy for s, or why it cannot be used.
func (a *Auth) newStrategy(s SessionStrategy) (strategy, string) {
	switch s {
	case StrategyDatabase:
		if a.cfg.Adapter == nil {
			return nil, "database sessions need Config.Adapter: set an adapter (for example adapters/memory or adapters/sqladapter)"
		}
		return &databaseStrategy{a: a}, ""
	case StrategyJWT:
		return a.newJWTStrategy()
	}
	return nil, fmt.Sprintf("unknown strategy %q: use %q or %q", s, StrategyDatabase, StrategyJWT)
}

// applySessionCallback runs the Session callback, if any, on s.
func (a *Auth) applySessionCallback(ctx context.Context, p SessionParams) (*Session, error) {
	if a.cfg.Callbacks.Session == nil {
		return p.Session, nil
	}
	s, err := a.cfg.Callbacks.Session(ctx, p)
	if err != nil {
		return nil, &Error{Code: CodeConfiguration, Err: fmt.Errorf("Session callback: %w", err)}
	}
	if s == nil {
		return nil, newError(CodeConfiguration, "Session callback returned a nil session")
	}
	return s, nil
}

type sessionContextKey struct{}

// SessionFromContext returns the session that [Auth.Middleware] or
// [Auth.RequireSession] found for the request, or nil and false when there
// is none (or the middleware did not run).
func SessionFromContext(ctx context.Context) (*Session, bool) {
	s, ok := ctx.Value(sessionContextKey{}).(*Session)
	return s, ok && s != nil
}

// errNotCreated is returned by the methods of an Auth not made by New.
var errNotCreated = errors.New("gatehouse: this Auth was not created with gatehouse.New")

// ErrNoSession is returned by Auth.Session when the request has no valid
// session.
var ErrNoSession = errors.New("gatehouse: no session")

// Session returns the request's session, or ErrNoSession. Behind
// [Auth.Middleware] it returns the session the middleware found, with no
// further work; otherwise it reads the session cookie (for database sessions
// one adapter call, GetSessionAndUser; for JWT sessions no adapter call, one
// decryption and the JWT and Session callbacks). It does not extend the session,
// since it cannot set a cookie: use Auth.Middleware for that. Other errors
// are store failures.
func (a *Auth) Session(r *http.Request) (*Session, error) {
	if a == nil || a.strategy == nil {
		return nil, errNotCreated
	}
	if v := r.Context().Value(sessionContextKey{}); v != nil {
		if s, _ := v.(*Session); s != nil {
			return s, nil
		}
		return nil, ErrNoSession
	}
	rq, err := a.newRequest(nil, r)
	if err != nil {
		return nil, err
	}
	s, _, err := a.strategy.load(r.Context(), rq, readOnly, nil)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, ErrNoSession
	}
	return s, nil
}

// SignOutEverywhere ends every database session of the user, on every
// device, and reports how many it deleted. It needs an adapter with
// adapter.SessionLister (found with adapter.As, through wrappers);
// otherwise the error wraps adapter.ErrUnsupported.
func (a *Auth) SignOutEverywhere(ctx context.Context, userID string) (int, error) {
	if a == nil || a.strategy == nil {
		return 0, errNotCreated
	}
	if a.cfg.Adapter == nil {
		return 0, fmt.Errorf("gatehouse: SignOutEverywhere needs an adapter: %w", adapter.ErrUnsupported)
	}
	lister, ok := adapter.As[adapter.SessionLister](a.cfg.Adapter)
	if !ok {
		return 0, fmt.Errorf("gatehouse: SignOutEverywhere: the adapter %T does not implement adapter.SessionLister: %w", a.cfg.Adapter, adapter.ErrUnsupported)
	}
	sessions, err := lister.ListSessions(ctx, userID)
	if err != nil {
		return 0, fmt.Errorf("gatehouse: SignOutEverywhere: listing sessions: %w", err)
	}
	n := 0
	for _, s := range sessions {
		err := a.cfg.Adapter.DeleteSession(ctx, s.SessionToken)
		switch {
		case err == nil:
			n++
		case errors.Is(err, adapter.ErrNotFound):
			// Gone already (signed out meanwhile).
		default:
			return n, fmt.Errorf("gatehouse: SignOutEverywhere: deleting a session: %w", err)
		}
	}
	return n, nil
}
