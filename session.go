package gatehouse

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/internal/web"
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
// includes the user's ID, which applications almost always need. Its JSON
// is Auth.js's: "name", "email" and "image" are always there, null when
// empty (as Auth.js sends a user's NULL columns or null token claims);
// "id", gatehouse's addition, is left out when empty. A session made from a
// JSON Web Token that has no "name", "email" or "picture" claim at all
// leaves that field out, as Auth.js does, unless a callback fills it.
type SessionUser struct {
	ID    string `json:"id,omitempty"`
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	Image string `json:"image,omitempty"`

	// absent marks the fields whose claims a token did not have (absentName,
	// absentEmail, absentImage): left out of the JSON while empty.
	absent uint8
}

// Bits of SessionUser.absent.
const (
	absentName uint8 = 1 << iota
	absentEmail
	absentImage
)

// MarshalJSON writes u as Auth.js does: {"id": ..., "name": ... | null,
// "email": ... | null, "image": ... | null}.
func (u SessionUser) MarshalJSON() ([]byte, error) {
	return appendSessionUserJSON(make([]byte, 0, 64+len(u.ID)+len(u.Name)+len(u.Email)+len(u.Image)), &u), nil
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
	load(ctx context.Context, rq *web.Request, mode loadMode, upd *sessionUpdate) (*Session, []*http.Cookie, error)
	// start begins a session for user after a successful sign-in. store is
	// the adapter, or a transaction of it; it is nil without an adapter.
	start(ctx context.Context, rq *web.Request, store adapter.Adapter, si *signIn, user *adapter.User) ([]*http.Cookie, error)
	// end ends the request's session (sign-out) and returns the cookies
	// that delete it. Ending no session is not an error.
	end(ctx context.Context, rq *web.Request) ([]*http.Cookie, error)
}

// sessionUpdate is the data of POST /session.
type sessionUpdate struct {
	data json.RawMessage
}

// newStrategy returns the strategy of the configuration (checked by
// validate).
func (a *Auth) newStrategy() (strategy, error) {
	if a.cfg.Session.Strategy == StrategyDatabase {
		return &databaseStrategy{a: a}, nil
	}
	return a.newJWTStrategy()
}

// applySessionCallback runs the Session callback, if any, on p (with
// upd's data for POST /session).
func (a *Auth) applySessionCallback(ctx context.Context, p SessionParams, upd *sessionUpdate) (*Session, error) {
	if upd != nil {
		p.Trigger, p.NewSession = TriggerUpdate, upd.data
	}
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
	s, err := a.loadSession(nil, r, readOnly)
	if err == nil && s == nil {
		err = ErrNoSession
	}
	return s, err
}

// loadSession returns the request's session, or nil without one: the one a
// middleware put in the request's context, or else the one the session
// cookie holds. With mode refresh it extends the session when due and sets
// its cookies on w; readOnly sets nothing (w may be nil).
func (a *Auth) loadSession(w http.ResponseWriter, r *http.Request, mode loadMode) (*Session, error) {
	if a == nil || a.strategy == nil {
		return nil, errNotCreated
	}
	if v := r.Context().Value(sessionContextKey{}); v != nil {
		// A middleware that found no session is believed by Auth.Session;
		// a middleware further in looks again.
		if s, _ := v.(*Session); s != nil || mode == readOnly {
			return s, nil
		}
	}
	rq, err := a.newRequest(w, r)
	if err != nil {
		return nil, err
	}
	s, cookies, err := a.strategy.load(r.Context(), rq, mode, nil)
	if err != nil {
		return nil, err
	}
	if mode == refresh {
		rq.SetCookies(cookies)
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
