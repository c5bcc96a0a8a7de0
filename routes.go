package gatehouse

import (
	"net/http"
	"net/url"

	"github.com/gatehouse-go/gatehouse/internal/pages"
	"github.com/gatehouse-go/gatehouse/providers"
)

// GET /signin: the sign-in page, or a redirect to Pages.SignIn.
func (a *Auth) handleSignInPage(rq *request, _ string) {
	callback := rq.callbackURL()
	rq.rememberCallbackURL(callback)
	code := errorParam(rq.r.URL.Query().Get("error"))
	if custom := a.cfg.Pages.SignIn; custom != "" {
		q := url.Values{"callbackUrl": {callback}}
		if code != "" {
			q.Set("error", code)
		}
		rq.redirect(rq.pageURL(custom, "") + "?" + q.Encode())
		return
	}
	page := pages.SignIn{
		Theme:       a.theme(),
		CSRFToken:   rq.csrfToken(),
		CallbackURL: callback,
		Error:       code,
		Email:       rq.r.URL.Query().Get("email"),
	}
	for _, p := range a.order {
		info := p.Info()
		b := pages.ProviderButton{
			ID: info.ID, Name: info.Name, Type: providers.TypeOf(p), Style: info.Style,
			SigninURL:   rq.baseURL() + "/signin/" + info.ID,
			CallbackURL: rq.baseURL() + "/callback/" + info.ID,
		}
		if cp, ok := p.(providers.CredentialsProvider); ok {
			b.Fields = cp.Fields()
		}
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

// POST /signin/{provider}: start a sign-in with the provider.
func (a *Auth) handleSignInProvider(rq *request, id string) {
	p, ok := a.providers[id]
	if !ok {
		writePlain(rq.w, http.StatusNotFound, "gatehouse: unknown provider "+url.PathEscape(id))
		return
	}
	rq.rememberCallbackURL(rq.callbackURL())
	a.kinds[id].signIn(a, rq, p)
}

// GET|POST /callback/{provider}: finish a sign-in.
func (a *Auth) handleCallback(rq *request, id string) {
	p, ok := a.providers[id]
	if !ok {
		writePlain(rq.w, http.StatusNotFound, "gatehouse: unknown provider "+url.PathEscape(id))
		return
	}
	a.kinds[id].callback(a, rq, p)
}

// GET /signout: the confirmation page. POST /signout: end the session.
func (a *Auth) handleSignOut(rq *request, _ string) {
	if rq.r.Method != http.MethodPost {
		if custom := a.cfg.Pages.SignOut; custom != "" {
			rq.redirect(rq.pageURL(custom, ""))
			return
		}
		a.render(rq, http.StatusOK, pages.SignOut{
			Theme:       a.theme(),
			CSRFToken:   rq.csrfToken(),
			CallbackURL: rq.callbackURL(),
			SignOutURL:  rq.baseURL() + "/signout",
		})
		return
	}
	cookies, err := a.strategy.end(rq.r.Context(), rq)
	if err != nil {
		rq.fail(err)
		return
	}
	for _, c := range cookies {
		rq.setCookie(c)
	}
	if a.cfg.Debug && len(cookies) > 0 {
		a.log.InfoContext(rq.r.Context(), "gatehouse: signed out")
	}
	rq.redirect(rq.callbackURL())
}

// GET /session: the session as JSON, or null. POST /session: the same after
// passing the body's data to the callbacks (the client's update()).
func (a *Auth) handleSession(rq *request, _ string) {
	ctx := rq.r.Context()
	var upd *sessionUpdate
	if rq.r.Method == http.MethodPost {
		upd = &sessionUpdate{data: rq.data}
	}
	s, cookies, err := a.strategy.load(ctx, rq, refresh, upd)
	if err != nil {
		code := codeOf(err)
		a.logError(rq.r, "reading the session failed", err, "code", string(code))
		writeJSON(rq.w, http.StatusInternalServerError, map[string]string{"error": string(code)})
		return
	}
	for _, c := range cookies {
		rq.setCookie(c)
	}
	if s == nil {
		if a.cfg.Cookies.V4Names {
			writeJSON(rq.w, http.StatusOK, struct{}{}) // NextAuth.js v4's empty session
			return
		}
		writeJSON(rq.w, http.StatusOK, nil)
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
	writeJSONBytes(rq.w, http.StatusOK, b, err)
}

// GET /csrf: {"csrfToken": "..."}.
func (a *Auth) handleCSRF(rq *request, _ string) {
	writeJSON(rq.w, http.StatusOK, map[string]string{"csrfToken": rq.csrfToken()})
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
func (a *Auth) handleProviders(rq *request, _ string) {
	out := make(map[string]providerJSON, len(a.order))
	for _, p := range a.order {
		info := p.Info()
		out[info.ID] = providerJSON{
			ID: info.ID, Name: info.Name, Type: string(providers.TypeOf(p)),
			SigninURL:   rq.baseURL() + "/signin/" + info.ID,
			CallbackURL: rq.baseURL() + "/callback/" + info.ID,
		}
	}
	writeJSON(rq.w, http.StatusOK, out)
}

// GET /verify-request: "check your email".
func (a *Auth) handleVerifyRequest(rq *request, _ string) {
	if custom := a.cfg.Pages.VerifyRequest; custom != "" {
		q := rq.r.URL.Query()
		v := url.Values{}
		for _, k := range []string{"provider", "type"} {
			if s := q.Get(k); s != "" {
				v.Set(k, s)
			}
		}
		target := rq.pageURL(custom, "")
		if len(v) > 0 {
			target += "?" + v.Encode()
		}
		rq.redirect(target)
		return
	}
	u, _ := url.Parse(rq.origin)
	a.render(rq, http.StatusOK, pages.VerifyRequest{Theme: a.theme(), Host: u.Host, SiteURL: rq.origin})
}

// GET /error: the error page for ?error=<code>.
func (a *Auth) handleErrorPage(rq *request, _ string) {
	code := errorParam(rq.r.URL.Query().Get("error"))
	if code == "" {
		code = string(CodeDefault)
	}
	if custom := a.cfg.Pages.Error; custom != "" {
		rq.redirect(rq.pageURL(custom, "") + "?" + url.Values{"error": {code}}.Encode())
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
		Theme:     a.theme(),
		Code:      code,
		SignInURL: rq.pageURL(a.cfg.Pages.SignIn, "/signin"),
		SiteURL:   rq.origin,
	})
}

// theme is the page theme from the config.
func (a *Auth) theme() pages.Theme {
	t := a.cfg.Theme
	return pages.Theme{SiteName: t.SiteName, BrandColor: t.BrandColor, LogoURL: t.LogoURL, ButtonText: t.ButtonText}
}

// render writes a page; a template failure is logged and answered 500.
func (a *Auth) render(rq *request, status int, page any) {
	if err := a.pages.Render(rq.w, status, page); err != nil {
		a.logError(rq.r, "rendering a page failed", err)
		writePlain(rq.w, http.StatusInternalServerError, "gatehouse: the page could not be rendered (Configuration); see the server log")
	}
}
