package gatehouse

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
)

// request is one request to the handler with what gatehouse worked out about
// it: the site's origin, cookie names, the CSRF token and the parsed body.
type request struct {
	a      *Auth
	r      *http.Request
	w      http.ResponseWriter
	origin string // "https://example.com"
	secure bool
	names  *cookieNames
	// csrf is the verified token from the CSRF cookie, or a new one; read
	// it through csrfCookie. csrfRead says whether the cookie was read:
	// only POSTs and the CSRF-minting pages need it, so a session read
	// (the hot path) neither parses nor hashes it.
	csrf     string
	csrfRead bool

	form url.Values      // POST body fields (strings only)
	data json.RawMessage // POST body "data" (JSON bodies), for POST /session
}

// baseURL is the URL of the handler: origin + base path.
func (rq *request) baseURL() string { return rq.origin + rq.a.basePath }

// setCookie adds a Set-Cookie header to the response.
func (rq *request) setCookie(c *http.Cookie) { http.SetCookie(rq.w, c) }

// wantsJSON reports whether redirects are to be answered 200 {"url": ...}:
// Auth.js v5's X-Auth-Return-Redirect header, or v4's json=true field.
func (rq *request) wantsJSON() bool {
	return rq.r.Header.Get("X-Auth-Return-Redirect") == "1" || rq.form.Get("json") == "true"
}

// newRequest works out the origin and the cookie names. The CSRF cookie is
// read on first use (request.csrfCookie).
func (a *Auth) newRequest(w http.ResponseWriter, r *http.Request) (*request, error) {
	origin, err := a.originOf(r)
	if err != nil {
		return nil, err
	}
	rq := &request{a: a, r: r, w: w, origin: origin, secure: strings.HasPrefix(origin, "https://")}
	rq.names = a.names(rq.secure)
	return rq, nil
}

// originOf returns the site's origin for r: Config.URL's, or with TrustHost
// the one the proxy reports.
func (a *Auth) originOf(r *http.Request) (string, error) {
	if a.fixedOrigin != "" {
		return a.fixedOrigin, nil
	}
	proto := "http"
	if r.TLS != nil {
		proto = "https"
	}
	if p := firstHeaderValue(r.Header.Get("X-Forwarded-Proto")); p != "" {
		p = strings.ToLower(p)
		if p != "http" && p != "https" {
			return "", newError(CodeConfiguration, "X-Forwarded-Proto %q is neither http nor https", p)
		}
		proto = p
	}
	host := r.Host
	if h := firstHeaderValue(r.Header.Get("X-Forwarded-Host")); h != "" {
		host = h
	}
	if !validHost(host) {
		return "", newError(CodeConfiguration, "request host %q is not a valid host name; set Config.URL", host)
	}
	return proto + "://" + strings.ToLower(host), nil
}

func firstHeaderValue(v string) string {
	v, _, _ = strings.Cut(v, ",")
	return strings.TrimSpace(v)
}

// route is one action of the REST API.
type route struct {
	methods string // "GET", "POST" or "GET POST"
	handle  func(rq *request, arg string)
}

// routeKey identifies a route: the action and whether it takes a provider
// ID (signin and signin/{provider} are different routes).
type routeKey struct {
	action string
	hasArg bool
}

// newRoutes returns the REST API of nextauth-spec §8.1. It is built once, in
// New, so that serving a request allocates no handler closures.
func (a *Auth) newRoutes() map[routeKey]route {
	return map[routeKey]route{
		{"signin", false}:         {"GET", a.handleSignInPage},
		{"signin", true}:          {"POST", a.handleSignInProvider},
		{"callback", true}:        {"GET POST", a.handleCallback},
		{"signout", false}:        {"GET POST", a.handleSignOut},
		{"session", false}:        {"GET POST", a.handleSession},
		{"csrf", false}:           {"GET", a.handleCSRF},
		{"providers", false}:      {"GET", a.handleProviders},
		{"verify-request", false}: {"GET", a.handleVerifyRequest},
		{"error", false}:          {"GET", a.handleErrorPage},
	}
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

// ServeHTTP serves the REST API under the base path. Unknown actions get
// 404, known actions with the wrong method 405 with an Allow header.
func (a *Auth) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if a == nil || a.strategy == nil {
		writePlain(w, http.StatusInternalServerError, "gatehouse: "+errNotCreated.Error())
		return
	}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			a.log.ErrorContext(r.Context(), "gatehouse: panic while serving", "path", r.URL.Path, "panic", fmt.Sprint(v))
			http.Error(w, "gatehouse: internal error (Configuration); see the server log", http.StatusInternalServerError)
		}
	}()

	rest, ok := strings.CutPrefix(r.URL.Path, a.basePath)
	if !ok || (rest != "" && rest[0] != '/') {
		notFound(w, "the path is outside the handler's base path "+a.basePath)
		return
	}
	rest = strings.TrimPrefix(rest, "/")
	rest = strings.TrimSuffix(rest, "/")
	action, arg, hasArg := strings.Cut(rest, "/")
	if hasArg && (arg == "" || strings.Contains(arg, "/")) {
		notFound(w, fmt.Sprintf("unknown action %q", rest))
		return
	}
	rt, ok := a.routes[routeKey{action, hasArg}]
	if !ok {
		notFound(w, fmt.Sprintf("unknown action %q; the actions are signin, signin/{provider}, callback/{provider}, signout, session, csrf, providers, verify-request and error", rest))
		return
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
		writePlain(w, http.StatusMethodNotAllowed, fmt.Sprintf("gatehouse: %s is not allowed on %s; use %s", r.Method, r.URL.Path, allow))
		return
	}

	rq, err := a.newRequest(w, r)
	if err != nil {
		a.logError(r, "cannot work out the site's origin", err)
		writePlain(w, http.StatusBadRequest, "gatehouse: bad request host (Configuration); see the server log")
		return
	}
	if method == http.MethodPost {
		// Cross-origin browser POSTs are refused before anything is read.
		// OAuth callbacks (response_mode=form_post) come from the
		// provider's origin and are protected by state instead.
		// A request whose Origin is the site's own (as worked out above,
		// which behind a trusted proxy may differ from Host) is same-origin.
		if !(action == "callback" && !a.callbackCSRF(arg)) && r.Header.Get("Origin") != rq.origin {
			if err := a.cop.Check(r); err != nil {
				a.logError(r, "cross-origin POST refused", err)
				writePlain(w, http.StatusForbidden, "gatehouse: cross-origin request refused; POST from the site's own pages, or add the origin to Config.TrustedOrigins")
				return
			}
		}
		if err := rq.parseBody(); err != nil {
			a.logError(r, "cannot read the request body", err)
			writePlain(w, http.StatusBadRequest, "gatehouse: "+err.Error())
			return
		}
		// The double-submit CSRF check, on every POST but OAuth callbacks.
		if !(action == "callback" && !a.callbackCSRF(arg)) && !rq.csrfValid(rq.form.Get("csrfToken")) {
			err := newError(CodeMissingCSRF, "the csrfToken field does not match the CSRF cookie (missing cookie: %t, missing field: %t)",
				rq.csrfCookie() == "", rq.form.Get("csrfToken") == "")
			if action == "session" {
				a.logError(r, "request refused", err, "code", string(CodeMissingCSRF))
				writeJSON(w, http.StatusForbidden, map[string]string{"error": string(CodeMissingCSRF)})
				return
			}
			rq.fail(err)
			return
		}
	}
	rt.handle(rq, arg)
}

// callbackCSRF reports whether a POST to /callback/{id} must pass the
// same-origin and CSRF token checks: true for every provider but OAuth
// (whose form_post callbacks come from the provider's origin and are
// protected by the state check), and for unknown ids.
func (a *Auth) callbackCSRF(id string) bool {
	k, ok := a.kinds[id]
	return !ok || k.callbackCSRF()
}

func notFound(w http.ResponseWriter, why string) {
	writePlain(w, http.StatusNotFound, "gatehouse: "+why)
}

// writePlain writes a plain-text response.
func writePlain(w http.ResponseWriter, status int, msg string) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(msg + "\n"))
}

// writeJSON writes v as JSON with Auth.js's no-cache headers.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	writeJSONBytes(w, status, b, err)
}

// writeJSONBytes is writeJSON for a value already marshalled to b (with
// marshalling error err), so that a json.Marshaler's output is written as
// it is instead of being checked and compacted again by json.Marshal. It
// appends the newline to b (give b spare capacity to avoid a copy) and
// writes the body with one Write.
func writeJSONBytes(w http.ResponseWriter, status int, b []byte, err error) {
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"Configuration"}`)
	}
	// Auth.js's no-cache headers. The values share one array (one
	// allocation instead of four); each slice's capacity is its length, so
	// a later Add to one of them copies instead of writing into the next.
	v := &[4]string{"application/json", "private, no-cache, no-store", "0", "no-cache"}
	h := w.Header()
	h["Content-Type"] = v[0:1:1]
	h["Cache-Control"] = v[1:2:2]
	h["Expires"] = v[2:3:3]
	h["Pragma"] = v[3:4:4]
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// redirect sends the user to target: a 302, or 200 {"url": target} when the
// client asked for JSON redirects.
func (rq *request) redirect(target string) {
	if rq.wantsJSON() {
		writeJSON(rq.w, http.StatusOK, map[string]string{"url": target})
		return
	}
	h := rq.w.Header()
	h.Set("Location", target)
	h.Set("Cache-Control", "no-store")
	rq.w.WriteHeader(http.StatusFound)
}

// fail logs err with its cause and sends the user to the sign-in page (for
// errors the user can retry) or the error page, with ?error=<code>.
func (rq *request) fail(err error) {
	code := codeOf(err)
	rq.a.logError(rq.r, "request failed", err, "code", string(code))
	rq.redirect(rq.errorURL(code))
}

// errorURL is where a user is sent for code.
func (rq *request) errorURL(code ErrorCode) string {
	q := url.Values{"error": {string(code)}}
	if code == CodeCredentialsSignin {
		q.Set("code", "credentials")
	}
	if code.signInKind() {
		return rq.pageURL(rq.a.cfg.Pages.SignIn, "/signin") + "?" + q.Encode()
	}
	return rq.pageURL(rq.a.cfg.Pages.Error, "/error") + "?" + q.Encode()
}

// pageURL returns the custom page's URL if set, else the built-in action's.
func (rq *request) pageURL(custom, action string) string {
	switch {
	case custom == "":
		return rq.baseURL() + action
	case strings.HasPrefix(custom, "/"):
		return rq.origin + custom
	}
	return custom
}

// logError logs a failure with its cause. Nothing here is shown to users.
func (a *Auth) logError(r *http.Request, msg string, err error, args ...any) {
	log := a.log
	if log == nil {
		log = slog.Default()
	}
	args = append([]any{"method", r.Method, "path", r.URL.Path, "err", err}, args...)
	var e *Error
	if errors.As(err, &e) && (e.Code == CodeCredentialsSignin || e.Code == CodeAccessDenied || e.Code == CodeMissingCSRF ||
		e.Code == CodeVerification || e.Code == CodeEmailRateLimited) {
		// Expected outcomes of user input: Warn, not Error.
		log.WarnContext(r.Context(), "gatehouse: "+msg, args...)
		return
	}
	log.ErrorContext(r.Context(), "gatehouse: "+msg, args...)
}
