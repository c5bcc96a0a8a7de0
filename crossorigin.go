package gatehouse

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/gatehouse-go/gatehouse/internal/pages"
	"github.com/gatehouse-go/gatehouse/internal/web"
)

// crossOriginRefused answers a POST that http.CrossOriginProtection
// refused: 403 with the error page, which, like the log, names the origin
// the form came from, the site's origin and where that comes from. The
// usual cause in development is browsing the site at another address
// than the configured one (127.0.0.1 against AUTH_URL's localhost).
func (a *Auth) crossOriginRefused(rq *web.Request, cause error) {
	detail := a.crossOriginDetail(rq)
	a.logError(rq.R, "cross-origin POST refused: "+detail, cause, "origin", requestOrigin(rq.R), "siteOrigin", rq.Origin)
	if rq.WantsJSON() {
		web.WriteJSON(rq.W, http.StatusForbidden, map[string]string{"error": "CrossOrigin", "message": detail})
		return
	}
	page := pages.Error{Theme: pageTheme(a.cfg.Theme), Code: "Default", SiteURL: rq.Origin, Detail: detail}
	if err := a.pages.Render(rq.W, http.StatusForbidden, page); err != nil {
		a.logError(rq.R, "rendering a page failed", err)
		web.WritePlain(rq.W, http.StatusForbidden, "gatehouse: "+detail)
	}
}

// crossOriginDetail says why a cross-origin POST was refused and how to
// fix it.
func (a *Auth) crossOriginDetail(rq *web.Request) string {
	from, trust := requestOrigin(rq.R), ""
	if from == "" {
		from, trust = "another site (the browser did not say which)", "the form's origin"
	} else {
		trust = from
	}
	source := "the request (Config.TrustHost / AUTH_TRUST_HOST)"
	if a.cfg.URL != "" {
		source = fmt.Sprintf("Config.URL / AUTH_URL %q", a.cfg.URL)
	}
	return fmt.Sprintf("This form was sent from %s, but this site's address is %s (from %s), so the request was refused as cross-origin. "+
		"Open the site at %s, or set AUTH_URL to the address you use, or add %s to Config.TrustedOrigins.",
		from, rq.Origin, source, rq.Origin, trust)
}

// requestOrigin is the origin a browser says a request came from: its
// Origin header, else the origin of its Referer; "" when it says neither.
func requestOrigin(r *http.Request) string {
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		return o
	}
	if u, err := url.Parse(r.Referer()); err == nil && u.Scheme != "" && u.Host != "" {
		return u.Scheme + "://" + u.Host
	}
	return ""
}
