package gatehouse

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/web"
	"github.com/gatehouse-go/gatehouse/providers"
)

// hstsValue is the Strict-Transport-Security of the built-in pages on an
// https site (RFC 6797): one year, for this host only (the handler cannot
// know whether every subdomain serves https).
const hstsValue = "max-age=31536000"

// pageHeaders sets the headers of a built-in page that depend on the
// request: Strict-Transport-Security on https. The rest (the
// Content-Security-Policy computed from the page, Referrer-Policy,
// framing, caching) is set by internal/pages.
func pageHeaders(rq *web.Request) {
	if rq.Secure {
		rq.W.Header().Set("Strict-Transport-Security", hstsValue)
	}
}

// authorizationTimeout bounds finding an OAuth provider's authorization
// endpoint for the sign-in page (an OIDC discovery, done once and then
// cached by the provider), so that a provider whose discovery hangs delays
// the page by at most this much.
const authorizationTimeout = 2 * time.Second

// formRedirects returns where the POST of p's sign-in form may redirect
// the browser, for the sign-in page's Content-Security-Policy form-action:
// an OAuth provider's authorization endpoint; when the provider cannot name
// it, its issuer's origin and any https target ("https:"); nothing for
// other kinds, whose forms end on the site or at the callback URL.
func (a *Auth) formRedirects(r *http.Request, p providers.Provider) []string {
	op, ok := p.(providers.OAuthProvider)
	if !ok {
		return nil
	}
	if e, ok := p.(providers.AuthorizationEndpointer); ok {
		ctx, cancel := context.WithTimeout(r.Context(), authorizationTimeout)
		defer cancel()
		u, err := e.AuthorizationEndpoint(ctx)
		if err == nil && u != "" {
			return []string{u}
		}
		if err != nil {
			a.logError(r, "finding a provider's authorization endpoint for the sign-in page failed; its form may post to its issuer or any https URL", err, "provider", p.Info().ID)
		}
	}
	return []string{op.Issuer(), "https:"}
}

// formRedirectsAll returns formRedirects of every provider, in a.order.
// Providers that look up their authorization endpoint do so at the same
// time, so that several unreachable providers delay the page by
// authorizationTimeout once, not once each.
func (a *Auth) formRedirectsAll(r *http.Request) [][]string {
	out := make([][]string, len(a.order))
	lookups := 0
	for _, p := range a.order {
		if _, ok := p.(providers.AuthorizationEndpointer); ok {
			lookups++
		}
	}
	var wg sync.WaitGroup
	for i, p := range a.order {
		if _, ok := p.(providers.AuthorizationEndpointer); ok && lookups > 1 {
			wg.Go(func() { out[i] = a.formRedirects(r, p) })
			continue
		}
		out[i] = a.formRedirects(r, p)
	}
	wg.Wait()
	return out
}
