package gatehouse

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/gatehouse-go/gatehouse/internal/web"
	"github.com/gatehouse-go/gatehouse/jwt"
)

// checkMaxAge is how long the state, PKCE and nonce cookies of one OAuth
// sign-in live, as in Auth.js: 15 minutes to finish at the provider.
const checkMaxAge = 15 * time.Minute

// maxCheckValue bounds the value a check cookie may carry. gatehouse's own
// are 43 characters.
const maxCheckValue = 256

// checkKind is one of the OAuth protections kept in a cookie.
type checkKind int

const (
	checkState checkKind = iota
	checkPKCE
	checkNonce
	numChecks
)

func (k checkKind) String() string {
	switch k {
	case checkState:
		return "state"
	case checkPKCE:
		return "PKCE code verifier"
	case checkNonce:
		return "nonce"
	}
	return "unknown check"
}

// cookieName returns the cookie that holds the check.
func (k checkKind) cookieName(n *web.CookieNames) string {
	switch k {
	case checkState:
		return n.State
	case checkPKCE:
		return n.PKCECodeVerifier
	}
	return n.Nonce
}

// errCheck is wrapped by every failed check; the user sees OAuthCallback.
var errCheck = errors.New("OAuth check failed")

// oauthState is what an Auth keeps for OAuth sign-ins: the codecs of the
// check cookies (keys derived once, in New) and the single-flight group of
// token refreshes.
type oauthState struct {
	// codecs[secure][kind] encrypts a check cookie with salt = its name.
	codecs  [2][numChecks]*jwt.Codec
	refresh singleflight.Group
}

// initOAuth derives the check-cookie keys. It is called by build when a
// provider is OAuth or OIDC.
func (a *Auth) initOAuth() error {
	version := jwt.V5
	if a.cfg.Cookies.V4Names {
		version = jwt.V4
	}
	for i, names := range []*web.CookieNames{a.site.Names(false), a.site.Names(true)} {
		for k := checkKind(0); k < numChecks; k++ {
			c, err := jwt.New(jwt.Options{
				Secrets: a.cfg.Secrets,
				Salt:    k.cookieName(names),
				Version: version,
				MaxAge:  checkMaxAge,
				Now:     a.now,
			})
			if err != nil {
				return fmt.Errorf("gatehouse: the %s cookie codec: %w", k, err)
			}
			a.oauth.codecs[i][k] = c
		}
	}
	return nil
}

func (a *Auth) checkCodec(secure bool, k checkKind) *jwt.Codec {
	i := 0
	if secure {
		i = 1
	}
	return a.oauth.codecs[i][k]
}

// checkCookie returns the cookie that keeps value for provider, as Auth.js
// does: a JWE of {"value": value, "provider": provider} with salt = the
// cookie name, expiring in 15 minutes. It is a cross-site cookie, so that a
// response_mode=form_post callback (a cross-site POST from the provider)
// carries it on https; it is useless without the matching callback. On
// plain http (development) browsers refuse SameSite=None, so the cookie
// takes Config.Cookies.SameSite and form_post callbacks need https.
func (a *Auth) checkCookie(rq *web.Request, k checkKind, provider, value string) (*http.Cookie, error) {
	token, err := a.checkCodec(rq.Secure, k).Encode(jwt.Claims{"value": value, "provider": provider})
	if err != nil {
		return nil, fmt.Errorf("encrypting the %s cookie: %w", k, err)
	}
	return rq.CrossSiteCookie(k.cookieName(rq.Names), token, a.now().Add(checkMaxAge)), nil
}

// clearCheckCookies returns the cookies that delete every check cookie the
// request carries.
func clearCheckCookies(rq *web.Request) []*http.Cookie {
	var out []*http.Cookie
	for k := checkKind(0); k < numChecks; k++ {
		name := k.cookieName(rq.Names)
		if _, err := rq.R.Cookie(name); err == nil {
			c := rq.CrossSiteCookie(name, "", time.Time{})
			c.MaxAge = -1
			out = append(out, c)
		}
	}
	return out
}

// useCheck returns the value kept in the check cookie k for provider. It
// fails, wrapping errCheck, when the cookie is missing, does not decrypt,
// expired, or belongs to another provider.
func (a *Auth) useCheck(rq *web.Request, k checkKind, provider string) (string, error) {
	raw := web.ReadCookie(rq.R, k.cookieName(rq.Names))
	return a.parseCheck(rq.Secure, k, provider, raw)
}

// parseCheck decodes a check cookie's value; see useCheck.
func (a *Auth) parseCheck(secure bool, k checkKind, provider, raw string) (string, error) {
	if raw == "" {
		return "", fmt.Errorf("%w: the %s cookie is missing (cookies blocked, the sign-in took over %v, or it was started in another browser)", errCheck, k, checkMaxAge)
	}
	claims, err := a.checkCodec(secure, k).Decode(raw)
	if err != nil {
		return "", fmt.Errorf("%w: the %s cookie is invalid: %w", errCheck, k, err)
	}
	value, _ := claims["value"].(string)
	owner, _ := claims["provider"].(string)
	if value == "" || len(value) > maxCheckValue {
		return "", fmt.Errorf("%w: the %s cookie holds no usable value", errCheck, k)
	}
	if owner != provider {
		return "", fmt.Errorf("%w: the %s cookie was made for provider %q, not %q", errCheck, k, owner, provider)
	}
	return value, nil
}

// verifyState checks the callback's state parameter against the state
// cookie, in constant time.
func (a *Auth) verifyState(rq *web.Request, provider, got string) error {
	want, err := a.useCheck(rq, checkState, provider)
	if err != nil {
		return err
	}
	if got == "" {
		return fmt.Errorf("%w: the callback has no state parameter", errCheck)
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return fmt.Errorf("%w: the callback's state does not match this browser's sign-in", errCheck)
	}
	return nil
}
