package gatehouse

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/gatehouse-go/gatehouse/internal/web"
)

// Middleware finds the request's session, extends it when due (setting the
// refreshed cookie), and makes it available to next through
// [SessionFromContext] and [Auth.Session] without further store calls. It
// never refuses a request: requests without a session reach next too. A
// store failure is logged and next runs without a session.
func (a *Auth) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, err := a.loadSession(w, r, refresh)
		if errors.Is(err, ErrStoreUnavailable) {
			a.watchOf(err).lost(r.Context(), a.logger(), err) // one line per outage
		} else if err != nil && !a.clientGone(r, err) {
			a.logError(r, "reading the session failed; continuing without one", err)
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), sessionContextKey{}, s)))
	})
}

// RequireSession is Middleware that lets only requests with a session
// through. Other requests get, when they come from a page, a redirect to the
// sign-in page that returns to the requested URL afterwards, and when they
// come from a program, 401 with {"error": "SessionRequired"}. Config.
// IsAPIRequest tells the two apart. A store failure answers 500.
func (a *Auth) RequireSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, err := a.loadSession(w, r, refresh)
		if err != nil {
			if a.clientGone(r, err) || a.answerUnavailable(w, r, a.isAPIRequest(r), err) {
				return
			}
			a.logError(r, "reading the session failed", err)
			if a.isAPIRequest(r) {
				web.WriteJSON(w, http.StatusInternalServerError, map[string]string{"error": string(CodeConfiguration)})
			} else {
				web.WritePlain(w, http.StatusInternalServerError, "gatehouse: the session could not be read (Configuration); see the server log")
			}
			return
		}
		if s == nil {
			a.denySession(w, r)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), sessionContextKey{}, s)))
	})
}

// denySession answers a request that needs a session and has none.
func (a *Auth) denySession(w http.ResponseWriter, r *http.Request) {
	if a.isAPIRequest(r) {
		w.Header().Set("WWW-Authenticate", `Cookie realm="gatehouse"`)
		web.WriteJSON(w, http.StatusUnauthorized, map[string]string{"error": string(CodeSessionRequired), "message": "sign in to use this resource"})
		return
	}
	rq, ok := a.request(w, r)
	if !ok {
		return
	}
	back, ok := web.SameOriginURL(r.URL.RequestURI(), rq.Origin)
	if !ok {
		back = rq.Origin
	}
	target := a.signInPageURL(rq) + "?" + url.Values{"callbackUrl": {back}}.Encode()
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// isAPIRequest applies Config.IsAPIRequest or the default: a page request
// accepts text/html.
func (a *Auth) isAPIRequest(r *http.Request) bool {
	if a.cfg.IsAPIRequest != nil {
		return a.cfg.IsAPIRequest(r)
	}
	return !strings.Contains(r.Header.Get("Accept"), "text/html")
}
