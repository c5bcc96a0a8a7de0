package gatehouse

import (
	"net/url"

	"github.com/gatehouse-go/gatehouse/internal/web"
)

// getSignInProvider answers GET /signin/{provider} as Auth.js v5 does
// (@auth/core's renderPage().signin throws UnknownAction "Unsupported
// action" when given a provider, and Auth() answers with its error
// handling): the browser goes to the error page with
// ?error=Configuration (a JSON client with X-Auth-Return-Redirect gets
// {"url": ...}). A sign-in starts with POST /signin/{provider} and the CSRF
// token, which a link cannot send, so the log says what to do instead.
func (a *Auth) getSignInProvider(rq *web.Request, id string) {
	page := rq.BaseURL() + "/signin"
	a.fail(rq, newError(CodeConfiguration,
		"GET %s/signin/%s is not an action (Auth.js v5 answers it with this error too): a sign-in starts with a POST to /signin/%s carrying csrfToken from GET /csrf, as the buttons of the sign-in page %s do; link to that page (or to it with ?callbackUrl=...) instead",
		rq.BaseURL(), url.PathEscape(id), url.PathEscape(id), page))
}
