package gatehouse

import (
	"net/http"
	"net/url"

	"github.com/gatehouse-go/gatehouse/providers"
)

// kind is what the handler does for one kind of provider: how a sign-in
// starts (POST /signin/{id}), how it finishes (/callback/{id}), what the
// configuration must offer it, and the error code when creating a user
// through it fails. kindOf is the one place a provider is mapped to its
// kind; adding a kind means adding a case there and a type implementing
// this interface.
type kind interface {
	// check returns "" when the configuration supports the provider, or
	// a sentence saying what to change.
	check(a *Auth, p providers.Provider) string
	// signIn answers POST /signin/{id}.
	signIn(a *Auth, rq *request, p providers.Provider)
	// callback answers GET|POST /callback/{id}.
	callback(a *Auth, rq *request, p providers.Provider)
	// callbackCSRF reports whether a POST to the callback carries the
	// double-submit CSRF token (OAuth's form_post callbacks are protected
	// by the state check instead).
	callbackCSRF() bool
	// createUserCode is the error code shown when creating a new user
	// through this kind fails.
	createUserCode() ErrorCode
}

// kindOf returns the kind of p, or nil for a provider gatehouse cannot use.
func kindOf(p providers.Provider) kind {
	switch p.(type) {
	case providers.OAuthProvider:
		return oauthKind{}
	case providers.EmailProvider:
		return emailKind{}
	case providers.CredentialsProvider:
		return credentialsKind{}
	}
	return nil
}

// oauthKind is OAuth 2.0 and OpenID Connect (signin_oauth.go).
type oauthKind struct{}

func (oauthKind) check(*Auth, providers.Provider) string { return "" }
func (oauthKind) signIn(a *Auth, rq *request, p providers.Provider) {
	a.oauthSignIn(rq, p.(providers.OAuthProvider))
}
func (oauthKind) callback(a *Auth, rq *request, p providers.Provider) {
	a.oauthCallback(rq, p.(providers.OAuthProvider))
}
func (oauthKind) callbackCSRF() bool        { return false }
func (oauthKind) createUserCode() ErrorCode { return CodeOAuthCreateAccount }

// emailKind is email magic links (signin_email.go).
type emailKind struct{}

func (emailKind) check(a *Auth, _ providers.Provider) string {
	if a.cfg.Adapter == nil {
		return "email sign-in keeps its one-time tokens in the adapter: set Config.Adapter"
	}
	return ""
}
func (emailKind) signIn(a *Auth, rq *request, p providers.Provider) {
	a.emailSignIn(rq, p.(providers.EmailProvider))
}
func (emailKind) callback(a *Auth, rq *request, p providers.Provider) {
	a.emailCallback(rq, p.(providers.EmailProvider))
}
func (emailKind) callbackCSRF() bool        { return true }
func (emailKind) createUserCode() ErrorCode { return CodeEmailCreateAccount }

// credentialsKind is a form checked by the application
// (signin_credentials.go).
type credentialsKind struct{}

func (credentialsKind) check(*Auth, providers.Provider) string { return "" }

// signIn sends the browser to the sign-in page: credentials are posted to
// /callback/{id}, and Auth.js answers a POST here with that page too.
func (credentialsKind) signIn(a *Auth, rq *request, _ providers.Provider) {
	rq.redirect(rq.pageURL(a.cfg.Pages.SignIn, "/signin") + "?" + url.Values{"callbackUrl": {rq.callbackURL()}}.Encode())
}
func (credentialsKind) callback(a *Auth, rq *request, p providers.Provider) {
	if rq.r.Method != http.MethodPost {
		rq.w.Header().Set("Allow", "POST")
		writePlain(rq.w, http.StatusMethodNotAllowed, "gatehouse: credentials are signed in with POST "+a.basePath+"/callback/"+p.Info().ID)
		return
	}
	a.credentialsCallback(rq, p.(providers.CredentialsProvider))
}
func (credentialsKind) callbackCSRF() bool        { return true }
func (credentialsKind) createUserCode() ErrorCode { return CodeConfiguration }
