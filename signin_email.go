package gatehouse

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/internal/pages"
	"github.com/gatehouse-go/gatehouse/internal/web"
	"github.com/gatehouse-go/gatehouse/providers"
)

// emailKind is email magic links.
type emailKind struct{}

func (emailKind) props() kindProps {
	return kindProps{iface: reflect.TypeFor[providers.EmailProvider](), callbackCSRF: true, createUserCode: CodeEmailCreateAccount}
}
func (emailKind) check(cfg *Config) string {
	if !cfg.hasAdapter() {
		return "email sign-in keeps its one-time tokens in the adapter: set Config.Adapter"
	}
	return ""
}

// setup makes the limiters of the links sent.
func (emailKind) setup(a *Auth) error {
	a.emailLimits = newLimits(a.cfg.Email.RateLimit, "email", a.now, a.cfg.StoreTimeout, a.limitWatch)
	return nil
}
func (emailKind) signIn(a *Auth, rq *web.Request, p providers.Provider) {
	a.emailSignIn(rq, p.(providers.EmailProvider))
}
func (emailKind) callback(a *Auth, rq *web.Request, p providers.Provider) {
	a.emailCallback(rq, p.(providers.EmailProvider))
}

// defaultEmailMaxAge is a link's lifetime when a provider reports none.
const defaultEmailMaxAge = 24 * time.Hour

// Bounds on what a request may submit to the email flow.
const (
	// maxEmailInput bounds the typed address (RFC 5321 allows 254 in a
	// path; leave room for spaces and Unicode before normalisation).
	maxEmailInput = 1024
	// maxEmailToken bounds a link's token. gatehouse's and Auth.js's
	// default tokens are 64 hex characters; custom generators may differ.
	maxEmailToken = 512
)

// emailTokenHash is the stored form of a new link's token:
// sha256hex(token + secret), with the secret Auth.js would use (see
// EmailConfig.JoinSecrets).
func (a *Auth) emailTokenHash(token string) string {
	if a.cfg.Email.JoinSecrets {
		return web.SHA256Hex(token + strings.Join(a.cfg.Secrets, ","))
	}
	return web.SHA256Hex(token + a.cfg.Secrets[0])
}

// emailTokenHashes are the stored forms a link's token is accepted under:
// the one new tokens use first, then the token hashed with each secret and
// with the joined secrets.
func (a *Auth) emailTokenHashes(token string) []string {
	out := []string{a.emailTokenHash(token)}
	add := func(h string) {
		for _, o := range out {
			if o == h {
				return
			}
		}
		out = append(out, h)
	}
	for _, s := range a.cfg.Secrets {
		add(web.SHA256Hex(token + s))
	}
	add(web.SHA256Hex(token + strings.Join(a.cfg.Secrets, ",")))
	return out
}

// normalizeEmail returns the normalised form of an address submitted as
// what, or an error with code.
func normalizeEmail(p providers.EmailProvider, raw string, code ErrorCode, what string) (string, error) {
	if len(raw) > maxEmailInput {
		return "", newError(code, "provider %q: %s is %d bytes long; at most %d are accepted", p.Info().ID, what, len(raw), maxEmailInput)
	}
	identifier, err := p.NormalizeIdentifier(raw)
	if err != nil {
		return "", &Error{Code: code, Err: fmt.Errorf("provider %q: %s is not a usable address: %w", p.Info().ID, what, err)}
	}
	return identifier, nil
}

// emailMaxAge is how long p's links stay valid.
func emailMaxAge(p providers.EmailProvider) time.Duration {
	if d := p.MaxAge(); d > 0 {
		return d
	}
	return defaultEmailMaxAge
}

// emailAccount is the account Auth.js shows the SignIn callback for an
// email sign-in: the address is the provider account ID.
func emailAccount(info providers.Info, identifier, userID string) *adapter.Account {
	return &adapter.Account{Provider: info.ID, Type: string(providers.TypeEmail), ProviderAccountID: identifier, UserID: userID}
}

// userByEmail returns the stored user with this address, or (nil, nil).
func (a *Auth) userByEmail(ctx context.Context, identifier string) (*adapter.User, error) {
	u, err := a.cfg.Adapter.GetUserByEmail(ctx, identifier)
	switch {
	case errors.Is(err, adapter.ErrNotFound):
		return nil, nil
	case err != nil:
		return nil, &Error{Code: CodeConfiguration, Err: fmt.Errorf("looking up the user by email: %w", err)}
	}
	return u, nil
}

// emailSignIn sends a sign-in link: POST /signin/{id} with an "email" field
// (CSRF already checked). It normalises the address, asks the SignIn
// callback, applies the rate limit, stores the token's hash and sends the
// link; then it redirects to the verify-request page. When sending fails
// the stored token is deleted again.
func (a *Auth) emailSignIn(rq *web.Request, p providers.EmailProvider) {
	ctx := rq.R.Context()
	info := p.Info()
	identifier, err := normalizeEmail(p, rq.Form.Get("email"), CodeEmailSignin, "the email field")
	if err != nil {
		a.fail(rq, err)
		return
	}
	callback := a.callbackURL(rq)
	user, err := a.userByEmail(ctx, identifier)
	if err != nil {
		a.fail(rq, err)
		return
	}
	if user == nil {
		user = &adapter.User{Email: identifier}
	}
	if a.signInCallbackAnswered(rq, SignInParams{
		User: user, Account: emailAccount(info, identifier, user.ID), Provider: info, VerificationRequest: true,
	}) {
		return
	}
	keys := a.emailLimits.keys(info.ID, identifier, rq.ClientIP())
	if err := a.emailLimits.take(ctx, keys); err != nil {
		var le *limitError
		refusal := a.limitRefusal(ctx, "email", CodeEmailSignin, err, "")
		if !errors.As(err, &le) {
			a.fail(rq, refusal)
			return
		}
		secs := max(int(le.wait.Round(time.Second)/time.Second), 1)
		rq.W.Header().Set("Retry-After", strconv.Itoa(secs))
		a.fail(rq, newError(CodeEmailRateLimited, "provider %q: %w (Config.Email.RateLimit); the next may be sent in %ds", info.ID, err, secs))
		return
	}
	if err := a.sendEmailLink(rq, p, identifier, callback); err != nil {
		a.emailLimits.refund(ctx, keys) // a send that did not happen: the user may try again at once
		a.fail(rq, err)
		return
	}
	rq.Redirect(rq.PageURL(a.cfg.Pages.VerifyRequest, "/verify-request") + "?" +
		url.Values{"provider": {info.ID}, "type": {string(providers.TypeEmail)}}.Encode())
}

// sendEmailLink stores the hash of a new token for identifier and mails
// the link. When sending fails the token is deleted again.
func (a *Auth) sendEmailLink(rq *web.Request, p providers.EmailProvider, identifier, callback string) error {
	ctx := rq.R.Context()
	info := p.Info()
	token := web.RandomHex(32)
	hashed := a.emailTokenHash(token)
	expires := a.now().Add(emailMaxAge(p))
	vt := &adapter.VerificationToken{Identifier: identifier, Token: hashed, Expires: expires}
	if err := a.cfg.Adapter.CreateVerificationToken(ctx, vt); err != nil {
		return &Error{Code: CodeEmailSignin, Err: fmt.Errorf("provider %q: storing the verification token: %w", info.ID, err)}
	}
	link := rq.ActionURL("callback", info.ID) + "?" + url.Values{
		"callbackUrl": {callback}, "token": {token}, "email": {identifier},
	}.Encode()
	err := p.SendVerificationRequest(ctx, providers.VerificationRequest{
		Identifier: identifier, URL: link, Token: token, Expires: expires,
		SiteName: a.cfg.Theme.SiteName, SiteURL: rq.Origin,
	})
	result := "sent"
	if err != nil {
		result = "failed"
	}
	a.cfg.Metrics.Add(ctx, MetricEmails, 1, Attr{"provider", info.ID}, Attr{"result", result})
	if err != nil {
		// The message may have been half delivered: make sure its link
		// cannot work, even when the client has gone away.
		dctx := context.WithoutCancel(ctx)
		if _, derr := a.cfg.Adapter.UseVerificationToken(dctx, identifier, hashed); derr != nil && !errors.Is(derr, adapter.ErrNotFound) {
			a.logError(rq.R, "deleting the token of an unsent sign-in link failed; it stays in the store until it expires", derr, "provider", info.ID)
		}
		return &Error{Code: CodeEmailSignin, Err: fmt.Errorf("provider %q: sending the sign-in link: %w", info.ID, err)}
	}
	if a.cfg.Debug {
		a.log.InfoContext(ctx, "gatehouse: sign-in link sent", "provider", info.ID, "expires", expires)
	}
	return nil
}

// emailCallback handles the link: GET /callback/{id}?token&email&callbackUrl
// shows the confirmation page (or, with EmailConfig.ConsumeOnGet, signs in);
// POST /callback/{id} with token, email and csrfToken (checked already)
// uses the token and signs the user in.
func (a *Auth) emailCallback(rq *web.Request, p providers.EmailProvider) {
	info := p.Info()
	src := rq.Params()
	token, rawEmail := src.Get("token"), src.Get("email")
	if token == "" || len(token) > maxEmailToken || !web.PlainURLChars(token) {
		a.fail(rq, newError(CodeVerification, "provider %q: the link has no usable token (missing, or longer than %d bytes, or with spaces)", info.ID, maxEmailToken))
		return
	}
	identifier, err := normalizeEmail(p, rawEmail, CodeVerification, "the link's email")
	if err != nil {
		a.fail(rq, err)
		return
	}
	callback := a.callbackURL(rq)

	if rq.R.Method != http.MethodPost && !a.cfg.Email.ConsumeOnGet {
		a.render(rq, http.StatusOK, pages.EmailConfirm{
			Theme:       pageTheme(a.cfg.Theme),
			CSRFToken:   rq.CSRFToken(),
			Action:      rq.ActionURL("callback", info.ID),
			Email:       identifier,
			Token:       token,
			CallbackURL: callback,
		})
		return
	}
	a.useEmailLink(rq, info, identifier, token, callback)
}

// useEmailLink consumes the link's token and signs its owner in.
func (a *Auth) useEmailLink(rq *web.Request, info providers.Info, identifier, token, callback string) {
	ctx := rq.R.Context()
	if err := a.useEmailToken(ctx, info.ID, identifier, token); err != nil {
		a.fail(rq, err)
		return
	}
	user, err := a.userByEmail(ctx, identifier)
	if err != nil {
		a.fail(rq, err)
		return
	}
	now := a.now()
	si := &signIn{provider: info, kind: emailKind{}, user: user, callbackURL: callback}
	if user == nil {
		si.user = &adapter.User{Email: identifier, EmailVerified: &now}
		si.newUser = true
	} else if user.EmailVerified == nil {
		// Only the verification time is written; the other fields are
		// given as read and Extra is left alone.
		si.update = &adapter.User{ID: user.ID, Name: user.Name, Email: user.Email, Image: user.Image, EmailVerified: &now}
	}
	if a.signInCallbackAnswered(rq, SignInParams{
		User: si.user, Account: emailAccount(info, identifier, si.user.ID), Provider: info,
	}) {
		return
	}
	// Someone else signed in on this browser is signed out first, as in
	// Auth.js. The new session cookie replaces the old one.
	cur, _, err := a.strategy.load(ctx, rq, readOnly, nil)
	if err != nil {
		a.fail(rq, err)
		return
	}
	if cur != nil && (si.newUser || cur.User.ID == "" || cur.User.ID != si.user.ID) {
		if _, err := a.strategy.end(ctx, rq); err != nil {
			a.fail(rq, err)
			return
		}
	}
	a.completeSignIn(rq, si)
}

// useEmailToken uses up the stored token that token hashes to for
// identifier, and checks that it is unexpired.
func (a *Auth) useEmailToken(ctx context.Context, provider, identifier, token string) error {
	var vt *adapter.VerificationToken
	for _, h := range a.emailTokenHashes(token) {
		got, err := a.cfg.Adapter.UseVerificationToken(ctx, identifier, h)
		if errors.Is(err, adapter.ErrNotFound) {
			continue
		}
		if err != nil {
			return &Error{Code: CodeConfiguration, Err: fmt.Errorf("provider %q: using the verification token: %w", provider, err)}
		}
		vt = got
		break
	}
	switch {
	case vt == nil:
		return newError(CodeVerification, "provider %q: no unused token matches the link (used already, never issued, or issued for another address)", provider)
	case !vt.Expires.After(a.now()):
		return newError(CodeVerification, "provider %q: the link expired at %s", provider, vt.Expires.UTC().Format(time.RFC3339))
	case vt.Identifier != identifier:
		return newError(CodeVerification, "provider %q: the token was issued for another address", provider)
	}
	return nil
}
