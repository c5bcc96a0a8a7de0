package gatehouse

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/internal/web"
)

// databaseStrategy keeps sessions as adapter rows. The cookie holds 32
// random bytes in hex; the row holds their SHA-256 in hex, or the cookie
// value itself with Session.RawTokens.
type databaseStrategy struct{ a *Auth }

// maxSessionToken bounds the session cookie values looked up. gatehouse's
// own are 64 characters; NextAuth.js's are 36 (UUIDs) or 64.
const maxSessionToken = 512

// storedToken is the form of a cookie token kept in the database.
func (d *databaseStrategy) storedToken(cookieToken string) string {
	if d.a.cfg.Session.RawTokens {
		return cookieToken
	}
	return web.SHA256Hex(cookieToken)
}

// cookieToken returns the request's session cookie value. present is false
// without a session cookie; ok is false when the value cannot be one of
// ours (too long, or with characters no token has) and is not to be
// looked up.
func (d *databaseStrategy) cookieToken(rq *web.Request) (token string, present, ok bool) {
	token = web.ReadCookie(rq.R, rq.Names.SessionToken)
	if token == "" {
		return "", false, false
	}
	return token, true, len(token) <= maxSessionToken && web.PlainURLChars(token)
}

func (d *databaseStrategy) load(ctx context.Context, rq *web.Request, mode loadMode, upd *sessionUpdate) (*Session, []*http.Cookie, error) {
	a := d.a
	token, present, ok := d.cookieToken(rq)
	if !present {
		return nil, nil, nil
	}
	dead := func() []*http.Cookie { return []*http.Cookie{rq.ClearCookie(rq.Names.SessionToken)} }
	if !ok {
		return nil, dead(), nil
	}
	key := d.storedToken(token)
	s, u, err := a.cfg.Adapter.GetSessionAndUser(ctx, key)
	if errors.Is(err, adapter.ErrNotFound) {
		return nil, dead(), nil
	}
	if err != nil {
		return nil, nil, &Error{Code: CodeConfiguration, Err: fmt.Errorf("reading the session: %w", err)}
	}
	now := a.now()
	if s.Expires.Before(now) {
		// Expired rows are deleted when met (Auth.js v5 does the same).
		if err := a.cfg.Adapter.DeleteSession(ctx, key); err != nil && !errors.Is(err, adapter.ErrNotFound) {
			a.log.WarnContext(ctx, "gatehouse: deleting an expired session failed", "err", err)
		}
		return nil, dead(), nil
	}
	var cookies []*http.Cookie
	cs := a.cfg.Session
	if mode == refresh && !s.Expires.Add(-cs.MaxAge).Add(cs.UpdateAge).After(now) {
		// Sliding expiry, at most one write per UpdateAge: the row and the
		// cookie get the same new expiry.
		next := &adapter.Session{SessionToken: key, UserID: s.UserID, Expires: now.Add(cs.MaxAge)}
		err := a.cfg.Adapter.UpdateSession(ctx, next)
		switch {
		case errors.Is(err, adapter.ErrNotFound):
			return nil, dead(), nil // signed out meanwhile
		case err != nil:
			return nil, nil, &Error{Code: CodeConfiguration, Err: fmt.Errorf("extending the session: %w", err)}
		}
		s.Expires = next.Expires
		if a.cfg.Debug {
			a.log.InfoContext(ctx, "gatehouse: session extended", "userID", s.UserID, "expires", s.Expires)
		}
		cookies = append(cookies, rq.Cookie(rq.Names.SessionToken, token, s.Expires))
	}
	sess, err := a.applySessionCallback(ctx, SessionParams{Session: sessionFromUser(u, s.Expires), User: u}, upd)
	if err != nil {
		return nil, nil, err
	}
	return sess, cookies, nil
}

func (d *databaseStrategy) start(ctx context.Context, rq *web.Request, store adapter.Adapter, si *signIn, user *adapter.User) ([]*http.Cookie, error) {
	a := d.a
	// A sign-in never keeps the browser's previous session: it is ended
	// (with the same store, so inside the sign-in's transaction) and a new
	// token issued, so a session token planted or seen before the sign-in
	// is worthless after it.
	if old, _, ok := d.cookieToken(rq); ok {
		if err := store.DeleteSession(ctx, d.storedToken(old)); err != nil && !errors.Is(err, adapter.ErrNotFound) {
			return nil, &Error{Code: si.failCode(), Err: fmt.Errorf("ending the previous session: %w", err)}
		}
	}
	token := web.RandomHex(32)
	s := &adapter.Session{SessionToken: d.storedToken(token), UserID: user.ID, Expires: a.now().Add(a.cfg.Session.MaxAge)}
	if err := store.CreateSession(ctx, s); err != nil {
		return nil, &Error{Code: si.failCode(), Err: fmt.Errorf("creating the session: %w", err)}
	}
	return []*http.Cookie{rq.Cookie(rq.Names.SessionToken, token, s.Expires)}, nil
}

func (d *databaseStrategy) end(ctx context.Context, rq *web.Request) ([]*http.Cookie, error) {
	a := d.a
	token, present, ok := d.cookieToken(rq)
	if !present {
		return nil, nil
	}
	cookies := []*http.Cookie{rq.ClearCookie(rq.Names.SessionToken)}
	if !ok {
		return cookies, nil
	}
	key := d.storedToken(token)
	// Auth.js deletes first and reports the deleted session to the event;
	// the contract's DeleteSession returns no row, so read it (to tell the
	// event whose session ended) only when someone listens.
	var ended *adapter.Session
	if a.cfg.Events.SignOut != nil {
		s, _, err := a.cfg.Adapter.GetSessionAndUser(ctx, key)
		switch {
		case errors.Is(err, adapter.ErrNotFound):
			return cookies, nil
		case err != nil:
			return nil, &Error{Code: CodeConfiguration, Err: fmt.Errorf("reading the session to sign out: %w", err)}
		}
		ended = s
	}
	err := a.cfg.Adapter.DeleteSession(ctx, key)
	switch {
	case errors.Is(err, adapter.ErrNotFound):
		return cookies, nil
	case err != nil:
		return nil, &Error{Code: CodeConfiguration, Err: fmt.Errorf("deleting the session: %w", err)}
	}
	if ended != nil {
		a.cfg.Events.SignOut(ctx, SignOutEvent{Session: ended})
	}
	return cookies, nil
}
