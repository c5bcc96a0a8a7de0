package gatehouse

import (
	"fmt"
	"strings"

	"github.com/gatehouse-go/gatehouse/internal/web"
)

// DefaultRedirect is the default Redirect callback: it returns target when
// it is a path on the site (a single leading "/", resolved against baseURL)
// or an absolute http(s) URL with the same origin as baseURL, and baseURL
// otherwise. It refuses protocol-relative URLs ("//evil.example"), backslash
// tricks ("/\evil.example"), scheme-only URLs ("https:evil.example"),
// non-http schemes ("javascript:"), user info, control characters and
// whitespace, and the percent-encoded forms of all of these. baseURL is the
// site's origin, such as "https://example.com".
func DefaultRedirect(target, baseURL string) string {
	if u, ok := web.SameOriginURL(target, baseURL); ok {
		return u
	}
	return baseURL
}

// callbackURL returns where the user goes after this action: the
// callbackUrl field or query parameter, else the callback-url cookie, else
// the site's origin, passed through the Redirect callback.
func (a *Auth) callbackURL(rq *web.Request) string {
	return a.redirectTarget(rq, rq.RequestedCallbackURL())
}

// redirectTarget passes raw through the Redirect callback (or
// DefaultRedirect) and checks what comes back.
func (a *Auth) redirectTarget(rq *web.Request, raw string) string {
	cb := a.cfg.Callbacks.Redirect
	if cb == nil {
		return DefaultRedirect(raw, rq.Origin)
	}
	got, err := cb(rq.R.Context(), raw, rq.Origin)
	if err != nil {
		a.logError(rq.R, "Redirect callback failed; redirecting to the site's origin", err)
		return rq.Origin
	}
	switch {
	case !web.LocalOrAbsolute(got):
		a.logError(rq.R, "Redirect callback returned an unusable URL; redirecting to the site's origin",
			fmt.Errorf("want an http(s) URL or a path starting with /, got %q", truncate(got, 100)))
		return rq.Origin
	case strings.HasPrefix(got, "/"):
		return rq.Origin + got
	}
	return got
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
