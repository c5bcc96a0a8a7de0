package gatehouse

import (
	"net/http"
	"net/url"

	"github.com/gatehouse-go/gatehouse/internal/pages"
	"github.com/gatehouse-go/gatehouse/internal/web"
	"github.com/gatehouse-go/gatehouse/providers"
)

// route is one action of the REST API.
type route struct {
	methods string // "GET", "POST" or "GET POST"
	handle  func(rq *web.Request, arg string)
}

// routeKey identifies a route: the action and whether it takes a provider
// ID (signin and signin/{provider} are different routes).
type routeKey struct {
	action string
	hasArg bool
}

// newRoutes returns the REST API (see Auth.js's REST API reference,
// https://next-auth.js.org/getting-started/rest-api). It is built once, in
// New, so that serving a request allocates no handler closures.
func (a *Auth) newRoutes() map[routeKey]route {
	return map[routeKey]route{
		{"signin", false}:         {"GET", a.handleSignInPage},
		{"signin", true}:          {"GET POST", a.handleSignInProvider},
		{"callback", true}:        {"GET POST", a.handleCallback},
		{"signout", false}:        {"GET POST", a.handleSignOut},
		{"session", false}:        {"GET POST", a.handleSession},
		{"csrf", false}:           {"GET", a.handleCSRF},
		{"providers", false}:      {"GET", a.handleProviders},
		{"verify-request", false}: {"GET", a.handleVerifyRequest},
		{"error", false}:          {"GET", a.handleErrorPage},
		{clientLogAction, false}:  {"POST", a.handleClientLog},

		// Passkeys (signin_webauthn.go).
		{"webauthn-options", true}: {"GET", a.handleWebAuthnOptions},
	}
}

// GET /signin: the sign-in page, or a redirect to Pages.SignIn.
func (a *Auth) handleSignInPage(rq *web.Request, _ string) {
	callback := a.callbackURL(rq)
	rq.RememberCallbackURL(callback)
	code := errorParam(rq.R.URL.Query().Get("error"))
	if custom := a.cfg.Pages.SignIn; custom != "" {
		q := url.Values{"callbackUrl": {callback}}
		if code != "" {
			q.Set("error", code)
		}
		rq.Redirect(rq.PageURL(custom, "") + "?" + q.Encode())
		return
	}
	page := pages.SignIn{
		Theme:       pageTheme(a.cfg.Theme),
		CSRFToken:   rq.CSRFToken(),
		CallbackURL: callback,
		Error:       code,
		Email:       rq.R.URL.Query().Get("email"),
	}
	redirects := a.formRedirectsAll(rq.R)
	for i, p := range a.order {
		info := p.Info()
		b := pages.ProviderButton{
			ID: info.ID, Name: info.Name, Type: providers.TypeOf(p), Style: info.Style,
			SigninURL:   rq.ActionURL("signin", info.ID),
			CallbackURL: rq.ActionURL("callback", info.ID),
		}
		if b.Type == providers.TypeWebAuthn {
			b.SigninURL = rq.ActionURL("webauthn-options", info.ID)
		}
		if cp, ok := p.(providers.CredentialsProvider); ok {
			b.Fields = cp.Fields()
		}
		b.FormRedirects = redirects[i]
		page.Providers = append(page.Providers, b)
	}
	a.render(rq, http.StatusOK, page)
}

// errorParam keeps an ?error= value only if it looks like an error code, so
// the page never echoes arbitrary text.
func errorParam(v string) string {
	if v == "" || len(v) > 40 {
		return ""
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			return ""
		}
	}
	return v
}

// POST /signin/{provider}: start a sign-in with the provider. GET is
// answered as Auth.js v5 answers it (see getSignInProvider).
func (a *Auth) handleSignInProvider(rq *web.Request, id string) {
	if rq.R.Method != http.MethodPost {
		a.getSignInProvider(rq, id)
		return
	}
	p, ok := a.providers[id]
	if !ok {
		web.WritePlain(rq.W, http.StatusNotFound, "gatehouse: unknown provider "+url.PathEscape(id))
		return
	}
	rq.RememberCallbackURL(a.callbackURL(rq))
	a.kinds[id].signIn(a, rq, p)
}

// GET|POST /callback/{provider}: finish a sign-in.
func (a *Auth) handleCallback(rq *web.Request, id string) {
	p, ok := a.providers[id]
	if !ok {
		web.WritePlain(rq.W, http.StatusNotFound, "gatehouse: unknown provider "+url.PathEscape(id))
		return
	}
	a.kinds[id].callback(a, rq, p)
}

// GET /signout: the confirmation page. POST /signout: end the session.
func (a *Auth) handleSignOut(rq *web.Request, _ string) {
	if rq.R.Method != http.MethodPost {
		if custom := a.cfg.Pages.SignOut; custom != "" {
			rq.Redirect(rq.PageURL(custom, ""))
			return
		}
		a.render(rq, http.StatusOK, pages.SignOut{
			Theme:       pageTheme(a.cfg.Theme),
			CSRFToken:   rq.CSRFToken(),
			CallbackURL: a.callbackURL(rq),
			SignOutURL:  rq.BaseURL() + "/signout",
		})
		return
	}
	cookies, err := a.strategy.end(rq.R.Context(), rq)
	if err != nil {
		a.fail(rq, err)
		return
	}
	rq.SetCookies(cookies)
	if a.cfg.Debug && len(cookies) > 0 {
		a.log.InfoContext(rq.R.Context(), "gatehouse: signed out")
	}
	rq.Redirect(a.callbackURL(rq))
}

// GET /session: the session as JSON, or null. POST /session: the same after
// passing the body's data to the callbacks (the client's update()).
func (a *Auth) handleSession(rq *web.Request, _ string) {
	ctx := rq.R.Context()
	var upd *sessionUpdate
	if rq.R.Method == http.MethodPost {
		upd = &sessionUpdate{data: rq.Data}
	}
	s, cookies, err := a.strategy.load(ctx, rq, refresh, upd)
	a.countSessionRead(ctx, s != nil, err)
	if err != nil {
		if a.clientGone(rq.R, err) || a.answerUnavailable(rq.W, rq.R, true, err) {
			return
		}
		code := codeOf(err)
		a.logError(rq.R, "reading the session failed", err, "code", string(code))
		web.WriteJSON(rq.W, http.StatusInternalServerError, map[string]string{"error": string(code)})
		return
	}
	rq.SetCookies(cookies)
	if s == nil {
		if a.cfg.Cookies.V4Names {
			web.WriteJSON(rq.W, http.StatusOK, struct{}{}) // NextAuth.js v4's empty session
			return
		}
		web.WriteJSON(rq.W, http.StatusOK, nil)
		return
	}
	if ev := a.cfg.Events.Session; ev != nil {
		e := SessionEvent{Session: s}
		if upd != nil {
			e.Trigger = TriggerUpdate
		}
		ev(ctx, e)
	}
	// The hot path of every page view: the session's JSON is written
	// directly (json.Marshal(s) would re-scan and copy it), into a buffer
	// with room for writeJSONBytes's newline.
	b, err := s.appendJSON(make([]byte, 0, sessionJSONSize(s)))
	web.WriteJSONBytes(rq.W, http.StatusOK, b, err)
}

// GET /csrf: {"csrfToken": "..."}.
func (a *Auth) handleCSRF(rq *web.Request, _ string) {
	web.WriteJSON(rq.W, http.StatusOK, map[string]string{"csrfToken": rq.CSRFToken()})
}

// providerJSON is one entry of GET /providers.
type providerJSON struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Type        string `json:"type"`
	SigninURL   string `json:"signinUrl"`
	CallbackURL string `json:"callbackUrl"`
}

// GET /providers: {id: {id, name, type, signinUrl, callbackUrl}}.
func (a *Auth) handleProviders(rq *web.Request, _ string) {
	out := make(map[string]providerJSON, len(a.order))
	for _, p := range a.order {
		info := p.Info()
		out[info.ID] = providerJSON{
			ID: info.ID, Name: info.Name, Type: string(providers.TypeOf(p)),
			SigninURL:   rq.ActionURL("signin", info.ID),
			CallbackURL: rq.ActionURL("callback", info.ID),
		}
	}
	web.WriteJSON(rq.W, http.StatusOK, out)
}

// GET /verify-request: "check your email".
func (a *Auth) handleVerifyRequest(rq *web.Request, _ string) {
	if custom := a.cfg.Pages.VerifyRequest; custom != "" {
		q := rq.R.URL.Query()
		v := url.Values{}
		for _, k := range []string{"provider", "type"} {
			if s := q.Get(k); s != "" {
				v.Set(k, s)
			}
		}
		target := rq.PageURL(custom, "")
		if len(v) > 0 {
			target += "?" + v.Encode()
		}
		rq.Redirect(target)
		return
	}
	u, _ := url.Parse(rq.Origin)
	page := pages.VerifyRequest{Theme: pageTheme(a.cfg.Theme), Host: u.Host, SiteURL: rq.Origin}
	page.DevMode, page.DevLinksURL = a.devMode(rq.R.URL.Query().Get("provider"))
	a.render(rq, http.StatusOK, page)
}

// GET /error: the error page for ?error=<code>.
func (a *Auth) handleErrorPage(rq *web.Request, _ string) {
	code := errorParam(rq.R.URL.Query().Get("error"))
	if code == "" {
		code = string(CodeDefault)
	}
	if custom := a.cfg.Pages.Error; custom != "" {
		rq.Redirect(rq.PageURL(custom, "") + "?" + url.Values{"error": {code}}.Encode())
		return
	}
	status := http.StatusOK
	switch ErrorCode(code) {
	case CodeConfiguration:
		status = http.StatusInternalServerError
	case CodeAccessDenied, CodeVerification:
		status = http.StatusForbidden
	}
	a.render(rq, status, pages.Error{
		Theme:     pageTheme(a.cfg.Theme),
		Code:      code,
		SignInURL: a.signInPageURL(rq),
		SiteURL:   rq.Origin,
	})
}

// render writes a page; a template failure is logged and answered 500.
func (a *Auth) render(rq *web.Request, status int, page any) {
	pageHeaders(rq)
	if err := a.pages.Render(rq.W, status, page); err != nil {
		a.logError(rq.R, "rendering a page failed", err)
		web.WritePlain(rq.W, http.StatusInternalServerError, "gatehouse: the page could not be rendered (Configuration); see the server log")
	}
}
