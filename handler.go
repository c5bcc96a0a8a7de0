package gatehouse

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gatehouse-go/gatehouse/internal/web"
)

// ServeHTTP serves the REST API under the base path. Unknown actions get
// 404, known actions with the wrong method 405 with an Allow header.
func (a *Auth) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if a == nil || a.strategy == nil {
		web.WritePlain(w, http.StatusInternalServerError, "gatehouse: "+errNotCreated.Error())
		return
	}
	var tr *tracedRequest
	if a.cfg.Tracer != nil {
		tr = a.traceRequest(w, r)
		defer tr.end()
		w, r = tr, tr.r
	}
	defer a.recoverPanic(w, r)
	rt, action, arg, ok := a.findRoute(w, r)
	if tr != nil {
		tr.route(action, arg)
	}
	if !ok {
		return
	}
	rq, ok := a.request(w, r)
	if !ok {
		return
	}
	if r.Method == http.MethodPost && !a.checkPOST(rq, action, arg) {
		return
	}
	rt.handle(rq, arg)
}

// recoverPanic answers 500 after a panic in a handler, logging it, so that
// one bad callback does not take the server down. http.ErrAbortHandler
// passes through.
func (a *Auth) recoverPanic(w http.ResponseWriter, r *http.Request) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	a.log.ErrorContext(r.Context(), "gatehouse: panic while serving", "path", r.URL.Path, "panic", fmt.Sprint(v))
	http.Error(w, "gatehouse: internal error (Configuration); see the server log", http.StatusInternalServerError)
}

// findRoute finds the route of r's path and checks its method. When there
// is none it answers 404 or 405 and returns false.
func (a *Auth) findRoute(w http.ResponseWriter, r *http.Request) (rt route, action, arg string, ok bool) {
	rest, ok := strings.CutPrefix(r.URL.Path, a.basePath)
	if !ok || (rest != "" && rest[0] != '/') {
		notFound(w, "the path is outside the handler's base path "+a.basePath)
		return route{}, "", "", false
	}
	rest = strings.TrimPrefix(rest, "/")
	rest = strings.TrimSuffix(rest, "/")
	action, arg, hasArg := strings.Cut(rest, "/")
	if hasArg && (arg == "" || strings.Contains(arg, "/")) {
		notFound(w, fmt.Sprintf("unknown action %q", rest))
		return route{}, "", "", false
	}
	rt, ok = a.routes[routeKey{action, hasArg}]
	if !ok {
		notFound(w, fmt.Sprintf("unknown action %q; the actions are signin, signin/{provider}, callback/{provider}, signout, session, csrf, providers, verify-request, error and webauthn-options/{provider}", rest))
		return route{}, "", "", false
	}
	method := r.Method
	if method == http.MethodHead {
		method = http.MethodGet
	}
	if !allows(rt.methods, method) {
		allow := strings.ReplaceAll(rt.methods, " ", ", ")
		if strings.Contains(allow, "GET") {
			allow += ", HEAD"
		}
		w.Header().Set("Allow", allow)
		web.WritePlain(w, http.StatusMethodNotAllowed, fmt.Sprintf("gatehouse: %s is not allowed on %s; use %s", r.Method, r.URL.Path, allow))
		return route{}, "", "", false
	}
	return rt, action, arg, true
}

// allows reports whether the space-separated methods include m.
func allows(methods, m string) bool {
	for f := range strings.FieldsSeq(methods) {
		if f == m {
			return true
		}
	}
	return false
}

// checkPOST refuses cross-origin browser POSTs before anything is read,
// reads the body, and checks the double-submit CSRF token. OAuth callbacks
// (response_mode=form_post) come from the provider's origin and are
// protected by the state check instead, so they skip both checks. It
// answers a refused request itself and returns false.
func (a *Auth) checkPOST(rq *web.Request, action, arg string) bool {
	r := rq.R
	checked := action != "callback" || a.callbackCSRF(arg)
	// A request whose Origin is the site's own (as worked out from the
	// request, which behind a trusted proxy may differ from Host) is
	// same-origin.
	if checked && r.Header.Get("Origin") != rq.Origin {
		if err := a.cop.Check(r); err != nil {
			a.crossOriginRefused(rq, err)
			return false
		}
	}
	if err := rq.ParseBody(); err != nil {
		a.logError(r, "cannot read the request body", err)
		web.WritePlain(rq.W, http.StatusBadRequest, "gatehouse: "+err.Error())
		return false
	}
	// next-auth v4's client reports its errors to POST /_log with
	// navigator.sendBeacon, which cannot carry the token.
	if !checked || action == clientLogAction || rq.CSRFValid(rq.Form.Get("csrfToken")) {
		return true
	}
	err := newError(CodeMissingCSRF, "the csrfToken field does not match the CSRF cookie (missing cookie: %t, missing field: %t)",
		rq.CSRFCookie() == "", rq.Form.Get("csrfToken") == "")
	if action == "session" {
		a.logError(r, "request refused", err, "code", string(CodeMissingCSRF))
		web.WriteJSON(rq.W, http.StatusForbidden, map[string]string{"error": string(CodeMissingCSRF)})
		return false
	}
	a.fail(rq, err)
	return false
}

// callbackCSRF reports whether a POST to /callback/{id} must pass the
// same-origin and CSRF token checks: true for every kind of provider but
// those whose callbacks come from the provider's site, and for unknown
// ids.
func (a *Auth) callbackCSRF(id string) bool {
	k, ok := a.kinds[id]
	return !ok || k.props().callbackCSRF
}

// newRequest wraps the request; a request whose origin cannot be worked
// out is a Configuration error.
func (a *Auth) newRequest(w http.ResponseWriter, r *http.Request) (*web.Request, error) {
	rq, err := a.site.NewRequest(w, r)
	if err != nil {
		return nil, &Error{Code: CodeConfiguration, Err: err}
	}
	return rq, nil
}

// request is newRequest for a handler: a request whose origin cannot be
// worked out is answered 400 and logged, and request returns false.
func (a *Auth) request(w http.ResponseWriter, r *http.Request) (*web.Request, bool) {
	rq, err := a.newRequest(w, r)
	if err != nil {
		a.logError(r, "cannot work out the site's origin", err)
		web.WritePlain(w, http.StatusBadRequest, "gatehouse: bad request host (Configuration); see the server log")
		return nil, false
	}
	return rq, true
}

func notFound(w http.ResponseWriter, why string) {
	web.WritePlain(w, http.StatusNotFound, "gatehouse: "+why)
}

// fail logs err with its cause and sends the user to the sign-in page (for
// errors the user can retry) or the error page, with ?error=<code>.
func (a *Auth) fail(rq *web.Request, err error) {
	noteFailure(rq.W, err)
	if a.clientGone(rq.R, err) || a.answerUnavailable(rq.W, rq.R, rq.WantsJSON(), err) {
		return
	}
	code := codeOf(err)
	a.logError(rq.R, "request failed", err, "code", string(code))
	target := a.errorURL(rq, code)
	// NextAuth.js v4 answers its own signIn callback's refusal 200, as
	// any other redirect.
	if rq.FailStatus != 0 && code != CodeAccessDenied && rq.V4JSON() {
		web.WriteJSON(rq.W, rq.FailStatus, map[string]string{"url": target})
		return
	}
	rq.Redirect(target)
}

// errorURL is where a user is sent for code.
func (a *Auth) errorURL(rq *web.Request, code ErrorCode) string {
	q := url.Values{"error": {string(code)}}
	if code == CodeCredentialsSignin {
		q.Set("code", "credentials")
	}
	if code.signInKind() {
		return a.signInPageURL(rq) + "?" + q.Encode()
	}
	return rq.PageURL(a.cfg.Pages.Error, "/error") + "?" + q.Encode()
}

// signInPageURL is the sign-in page: Pages.SignIn or the built-in one.
func (a *Auth) signInPageURL(rq *web.Request) string {
	return rq.PageURL(a.cfg.Pages.SignIn, "/signin")
}

// logError logs a failure with its cause. Nothing here is shown to users.
func (a *Auth) logError(r *http.Request, msg string, err error, args ...any) {
	log := a.logger()
	args = append([]any{"method", r.Method, "path", r.URL.Path, "err", err}, args...)
	if id := r.Header.Get(RequestIDHeader); id != "" {
		args = append(args, "request_id", id)
	}
	var e *Error
	if errors.As(err, &e) && (e.Code == CodeCredentialsSignin || e.Code == CodeAccessDenied || e.Code == CodeMissingCSRF ||
		e.Code == CodeVerification || e.Code == CodeEmailRateLimited || e.Code == CodeWebAuthnVerification) {
		// Expected outcomes of user input: Warn, not Error.
		log.WarnContext(r.Context(), "gatehouse: "+msg, args...)
		return
	}
	log.ErrorContext(r.Context(), "gatehouse: "+msg, args...)
}
