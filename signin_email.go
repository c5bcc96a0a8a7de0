package gatehouse

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/internal/pages"
	"github.com/gatehouse-go/gatehouse/internal/ratelimit"
	"github.com/gatehouse-go/gatehouse/providers"
)

// Defaults of EmailConfig fields.
const (
	// DefaultEmailRateLimit is how many sign-in links one address is sent
	// per DefaultEmailRateWindow.
	DefaultEmailRateLimit = 1
	// DefaultEmailRateWindow is the window of the per-address limit.
	DefaultEmailRateWindow = 30 * time.Second
	// DefaultEmailIPRateLimit is how many sign-in links one client address
	// may request per DefaultEmailIPRateWindow, to any addresses.
	DefaultEmailIPRateLimit = 30
	// DefaultEmailIPRateWindow is the window of the per-client limit.
	DefaultEmailIPRateWindow = 15 * time.Minute
	// defaultEmailMaxAge is a link's lifetime when a provider reports none.
	defaultEmailMaxAge = 24 * time.Hour
)

// Bounds on what a request may submit to the email flow.
const (
	// maxEmailInput bounds the typed address (RFC 5321 allows 254 in a
	// path; leave room for spaces and Unicode before normalisation).
	maxEmailInput = 1024
	// maxEmailToken bounds a link's token. gatehouse's and Auth.js's
	// default tokens are 64 hex characters; custom generators may differ.
	maxEmailToken = 512
)

// EmailConfig configures email (magic-link) sign-in, for every email
// provider in Config.Providers. Email providers need Config.Adapter, which
// stores the one-time tokens.
type EmailConfig struct {
	// RateLimit is how many sign-in links one address (per provider) may be
	// sent within RateWindow. A request over the limit sends nothing and
	// sends the user back to the sign-in page with
	// ?error=EmailRateLimited, which says to check their inbox or wait.
	// A send that fails does not count. Default 1.
	RateLimit int

	// RateWindow is the window of RateLimit. Default 30 seconds.
	RateWindow time.Duration

	// IPRateLimit is how many sign-in links one client address may
	// request within IPRateWindow, whatever addresses they go to, so that
	// nobody can have the site mail a long list of strangers. The client
	// address is found as for Config.RateLimit (set Config.TrustHost
	// behind a proxy). A request over the limit is answered like one over
	// RateLimit. A send that fails does not count. Default 30.
	IPRateLimit int

	// IPRateWindow is the window of IPRateLimit. Default 15 minutes.
	IPRateWindow time.Duration

	// RateLimitMaxKeys bounds the memory of the limits: at most this many
	// addresses (and as many client addresses) are tracked, the oldest
	// forgotten first. Default 100000.
	RateLimitMaxKeys int

	// DisableRateLimit turns the per-address and per-client limits off
	// (for example when the mail service limits instead). Default false.
	DisableRateLimit bool

	// ConsumeOnGet signs the user in as soon as the link is opened, as
	// NextAuth.js and Auth.js do. By default opening the link (GET) shows a
	// page with one button whose POST uses the link, because mail
	// scanners (Outlook Safe Links, corporate gateways) open links before
	// the user does and would otherwise use them up. Default false.
	ConsumeOnGet bool

	// JoinSecrets stores new tokens hashed with all of Secrets joined by
	// commas, which is how Auth.js v5 hashes them when its secret is an
	// array (AUTH_SECRET_1, AUTH_SECRET_2, ...). Set it only when an
	// Auth.js app with exactly those secrets, in that order, shares the
	// verification token table. By default tokens are hashed with the first
	// secret, as NextAuth.js v4 and Auth.js with a single AUTH_SECRET do.
	// Either way a link is accepted when its token hashes to the stored
	// value with any one secret or with the joined secrets, so links keep
	// working across a secret rotation and links made by Auth.js work.
	// Default false.
	JoinSecrets bool
}

// checkEmailConfig applies EmailConfig's defaults and reports bad values.
func (a *Auth) checkEmailConfig(errs *configErrors) {
	ec := &a.cfg.Email
	if ec.RateLimit == 0 {
		ec.RateLimit = DefaultEmailRateLimit
	}
	if ec.RateWindow == 0 {
		ec.RateWindow = DefaultEmailRateWindow
	}
	if ec.IPRateLimit == 0 {
		ec.IPRateLimit = DefaultEmailIPRateLimit
	}
	if ec.IPRateWindow == 0 {
		ec.IPRateWindow = DefaultEmailIPRateWindow
	}
	if ec.RateLimitMaxKeys == 0 {
		ec.RateLimitMaxKeys = 100000
	}
	if ec.RateLimit < 0 || ec.RateWindow < 0 || ec.IPRateLimit < 0 || ec.IPRateWindow < 0 || ec.RateLimitMaxKeys < 0 {
		errs.add("Email", "RateLimit, RateWindow, IPRateLimit, IPRateWindow and RateLimitMaxKeys must not be negative; set DisableRateLimit to turn the limits off")
	}
}

// newEmailLimiters sets the per-address and per-client sending limits, or
// leaves them nil when they are off or no email provider is configured. It
// needs a.now.
func (a *Auth) newEmailLimiters() {
	ec := a.cfg.Email
	if ec.DisableRateLimit {
		return
	}
	for _, p := range a.order {
		if _, ok := p.(providers.EmailProvider); ok {
			a.emailLimit = ratelimit.New(ratelimit.Options{Limit: ec.RateLimit, Window: ec.RateWindow, MaxKeys: ec.RateLimitMaxKeys, Now: a.now})
			a.emailIPLimit = ratelimit.New(ratelimit.Options{Limit: ec.IPRateLimit, Window: ec.IPRateWindow, MaxKeys: ec.RateLimitMaxKeys, Now: a.now})
			return
		}
	}
}

// emailTokenHash is the stored form of a new link's token:
// sha256hex(token + secret), with the secret Auth.js would use (see
// EmailConfig.JoinSecrets).
func (a *Auth) emailTokenHash(token string) string {
	if a.cfg.Email.JoinSecrets {
		return sha256Hex(token + strings.Join(a.cfg.Secrets, ","))
	}
	return sha256Hex(token + a.cfg.Secrets[0])
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
		add(sha256Hex(token + s))
	}
	add(sha256Hex(token + strings.Join(a.cfg.Secrets, ",")))
	return out
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
// callback, applies the per-address limit, stores the token's hash and
// sends the link; then it redirects to the verify-request page. When
// sending fails the stored token is deleted again.
func (a *Auth) emailSignIn(rq *request, p providers.EmailProvider) {
	ctx := rq.r.Context()
	info := p.Info()
	raw := rq.form.Get("email")
	if len(raw) > maxEmailInput {
		rq.fail(newError(CodeEmailSignin, "provider %q: the email field is %d bytes long; at most %d are accepted", info.ID, len(raw), maxEmailInput))
		return
	}
	identifier, err := p.NormalizeIdentifier(raw)
	if err != nil {
		rq.fail(&Error{Code: CodeEmailSignin, Err: fmt.Errorf("provider %q: the address is not usable: %w", info.ID, err)})
		return
	}
	callback := rq.callbackURL()

	user, err := a.userByEmail(ctx, identifier)
	if err != nil {
		rq.fail(err)
		return
	}
	if user == nil {
		user = &adapter.User{Email: identifier}
	}
	redirect, err := a.checkSignIn(ctx, rq, SignInParams{
		User: user, Account: emailAccount(info, identifier, user.ID), Provider: info, VerificationRequest: true,
	})
	if err != nil {
		rq.fail(err)
		return
	}
	if redirect != "" {
		rq.redirect(redirect)
		return
	}

	limitKey := info.ID + "\x00" + identifier
	ipKey := info.ID + "\x00" + a.clientIP(rq.r)
	if a.emailLimit != nil {
		tooSoon := func(wait time.Duration, format string, args ...any) {
			secs := int(wait.Round(time.Second) / time.Second)
			if secs < 1 {
				secs = 1
			}
			rq.w.Header().Set("Retry-After", strconv.Itoa(secs))
			rq.fail(newError(CodeEmailRateLimited, format+"; the next may be sent in %ds", append(args, secs)...))
		}
		if ok, wait := a.emailLimit.Take(limitKey); !ok {
			tooSoon(wait, "provider %q: a sign-in link was sent to this address within the last %v (Config.Email.RateLimit)",
				info.ID, a.cfg.Email.RateWindow)
			return
		}
		if ok, wait := a.emailIPLimit.Take(ipKey); !ok {
			a.emailLimit.Refund(limitKey)
			tooSoon(wait, "provider %q: this client address asked for %d sign-in links within %v (Config.Email.IPRateLimit)",
				info.ID, a.cfg.Email.IPRateLimit, a.cfg.Email.IPRateWindow)
			return
		}
	}

	token := randomHex(32)
	hashed := a.emailTokenHash(token)
	expires := a.now().Add(emailMaxAge(p))
	vt := &adapter.VerificationToken{Identifier: identifier, Token: hashed, Expires: expires}
	if err := a.cfg.Adapter.CreateVerificationToken(ctx, vt); err != nil {
		a.refundEmailLimit(limitKey, ipKey)
		rq.fail(&Error{Code: CodeEmailSignin, Err: fmt.Errorf("provider %q: storing the verification token: %w", info.ID, err)})
		return
	}
	link := rq.baseURL() + "/callback/" + info.ID + "?" + url.Values{
		"callbackUrl": {callback}, "token": {token}, "email": {identifier},
	}.Encode()
	err = p.SendVerificationRequest(ctx, providers.VerificationRequest{
		Identifier: identifier, URL: link, Token: token, Expires: expires,
		SiteName: a.cfg.Theme.SiteName, SiteURL: rq.origin,
	})
	if err != nil {
		// The message may have been half delivered: make sure its link
		// cannot work, even when the client has gone away.
		dctx := context.WithoutCancel(ctx)
		if _, derr := a.cfg.Adapter.UseVerificationToken(dctx, identifier, hashed); derr != nil && !errors.Is(derr, adapter.ErrNotFound) {
			a.logError(rq.r, "deleting the token of an unsent sign-in link failed; it stays in the store until it expires", derr, "provider", info.ID)
		}
		a.refundEmailLimit(limitKey, ipKey)
		rq.fail(&Error{Code: CodeEmailSignin, Err: fmt.Errorf("provider %q: sending the sign-in link: %w", info.ID, err)})
		return
	}
	if a.cfg.Debug {
		a.log.InfoContext(ctx, "gatehouse: sign-in link sent", "provider", info.ID, "expires", expires)
	}
	rq.redirect(rq.pageURL(a.cfg.Pages.VerifyRequest, "/verify-request") + "?" +
		url.Values{"provider": {info.ID}, "type": {string(providers.TypeEmail)}}.Encode())
}

// refundEmailLimit takes back a send that did not happen, so the user can
// try again at once.
func (a *Auth) refundEmailLimit(key, ipKey string) {
	if a.emailLimit != nil {
		a.emailLimit.Refund(key)
		a.emailIPLimit.Refund(ipKey)
	}
}

// emailCallback handles the link: GET /callback/{id}?token&email&callbackUrl
// shows the confirmation page (or, with EmailConfig.ConsumeOnGet, signs in);
// POST /callback/{id} with token, email and csrfToken (checked already)
// uses the token and signs the user in.
func (a *Auth) emailCallback(rq *request, p providers.EmailProvider) {
	info := p.Info()
	src := rq.form
	if rq.r.Method != http.MethodPost {
		src = rq.r.URL.Query()
	}
	token, rawEmail := src.Get("token"), src.Get("email")
	if token == "" || len(token) > maxEmailToken || !plainURLChars(token) {
		rq.fail(newError(CodeVerification, "provider %q: the link has no usable token (missing, or longer than %d bytes, or with spaces)", info.ID, maxEmailToken))
		return
	}
	if len(rawEmail) > maxEmailInput {
		rq.fail(newError(CodeVerification, "provider %q: the link's email is longer than %d bytes", info.ID, maxEmailInput))
		return
	}
	identifier, err := p.NormalizeIdentifier(rawEmail)
	if err != nil {
		rq.fail(&Error{Code: CodeVerification, Err: fmt.Errorf("provider %q: the link's email is not usable: %w", info.ID, err)})
		return
	}
	callback := rq.callbackURL()

	if rq.r.Method != http.MethodPost && !a.cfg.Email.ConsumeOnGet {
		a.render(rq, http.StatusOK, pages.EmailConfirm{
			Theme:       a.theme(),
			CSRFToken:   rq.csrfToken(),
			Action:      rq.baseURL() + "/callback/" + info.ID,
			Email:       identifier,
			Token:       token,
			CallbackURL: callback,
		})
		return
	}
	a.useEmailLink(rq, info, identifier, token, callback)
}

// useEmailLink consumes the link's token and signs its owner in.
func (a *Auth) useEmailLink(rq *request, info providers.Info, identifier, token, callback string) {
	ctx := rq.r.Context()
	store := a.cfg.Adapter
	var vt *adapter.VerificationToken
	for _, h := range a.emailTokenHashes(token) {
		got, err := store.UseVerificationToken(ctx, identifier, h)
		if errors.Is(err, adapter.ErrNotFound) {
			continue
		}
		if err != nil {
			rq.fail(&Error{Code: CodeConfiguration, Err: fmt.Errorf("provider %q: using the verification token: %w", info.ID, err)})
			return
		}
		vt = got
		break
	}
	now := a.now()
	switch {
	case vt == nil:
		rq.fail(newError(CodeVerification, "provider %q: no unused token matches the link (used already, never issued, or issued for another address)", info.ID))
		return
	case !vt.Expires.After(now):
		rq.fail(newError(CodeVerification, "provider %q: the link expired at %s", info.ID, vt.Expires.UTC().Format(time.RFC3339)))
		return
	case vt.Identifier != identifier:
		rq.fail(newError(CodeVerification, "provider %q: the token was issued for another address", info.ID))
		return
	}

	user, err := a.userByEmail(ctx, identifier)
	if err != nil {
		rq.fail(err)
		return
	}
	si := &signIn{provider: info, kind: emailKind{}, user: user, callbackURL: callback}
	if user == nil {
		si.user = &adapter.User{Email: identifier, EmailVerified: &now}
		si.newUser = true
	} else if user.EmailVerified == nil {
		// Only the verification time is written; the other fields are
		// given as read and Extra is left alone.
		si.update = &adapter.User{ID: user.ID, Name: user.Name, Email: user.Email, Image: user.Image, EmailVerified: &now}
	}
	redirect, err := a.checkSignIn(ctx, rq, SignInParams{
		User: si.user, Account: emailAccount(info, identifier, si.user.ID), Provider: info,
	})
	if err != nil {
		rq.fail(err)
		return
	}
	if redirect != "" {
		rq.redirect(redirect)
		return
	}

	// Someone else signed in on this browser is signed out first, as in
	// Auth.js. The new session cookie replaces the old one.
	cur, _, err := a.strategy.load(ctx, rq, readOnly, nil)
	if err != nil {
		rq.fail(err)
		return
	}
	if cur != nil && (si.newUser || cur.User.ID == "" || cur.User.ID != si.user.ID) {
		if _, err := a.strategy.end(ctx, rq); err != nil {
			rq.fail(err)
			return
		}
	}
	a.completeSignIn(rq, si)
}
