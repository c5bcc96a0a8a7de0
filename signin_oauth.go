package gatehouse

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"

	"golang.org/x/oauth2"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/internal/jsstring"
	"github.com/gatehouse-go/gatehouse/internal/web"
	"github.com/gatehouse-go/gatehouse/providers"
)

// oauthKind is OAuth 2.0 and OpenID Connect.
type oauthKind struct{}

func (oauthKind) props() kindProps {
	return kindProps{iface: reflect.TypeFor[providers.OAuthProvider](), createUserCode: CodeOAuthCreateAccount}
}
func (oauthKind) check(*Config) string { return "" }

// setup derives the check cookies' keys.
func (oauthKind) setup(a *Auth) error { return a.initOAuth() }
func (oauthKind) signIn(a *Auth, rq *web.Request, p providers.Provider) {
	a.oauthSignIn(rq, p.(providers.OAuthProvider))
}
func (oauthKind) callback(a *Auth, rq *web.Request, p providers.Provider) {
	a.oauthCallback(rq, p.(providers.OAuthProvider))
}

// signInParamsSkipped are the sign-in request's query parameters that are
// gatehouse's own and never become authorization parameters.
var signInParamsSkipped = map[string]bool{"callbackUrl": true, "csrfToken": true, "json": true}

// maxAuthParams bounds the extra authorization parameters taken from a
// sign-in request.
const maxAuthParams = 20

// oauthSignIn starts an OAuth or OIDC sign-in (POST /signin/{id}, CSRF
// already checked): it makes state (always), a PKCE verifier and a nonce as
// the provider's Checks ask, keeps each in its encrypted cookie bound to the
// provider, and sends the user to the provider's authorization URL. The
// sign-in request's query parameters (login_hint, prompt, ...) are passed
// on as authorization parameters, as Auth.js passes those of signIn().
func (a *Auth) oauthSignIn(rq *web.Request, p providers.OAuthProvider) {
	info := p.Info()
	req, cookies, err := a.newAuthRequest(rq, p)
	if err != nil {
		a.fail(rq, &Error{Code: CodeOAuthSignin, Err: err})
		return
	}
	target, err := p.AuthCodeURL(rq.R.Context(), req)
	if err != nil {
		a.fail(rq, &Error{Code: CodeOAuthSignin, Err: fmt.Errorf("provider %q: making the authorization URL: %w", info.ID, err)})
		return
	}
	rq.SetCookies(cookies)
	if a.cfg.Debug {
		checks := p.Checks()
		a.log.InfoContext(rq.R.Context(), "gatehouse: OAuth sign-in started", "provider", info.ID, "pkce", checks.PKCE, "nonce", checks.Nonce)
	}
	rq.Redirect(target)
}

// newAuthRequest makes the authorization request for p and the check
// cookies that keep its secrets.
func (a *Auth) newAuthRequest(rq *web.Request, p providers.OAuthProvider) (providers.AuthRequest, []*http.Cookie, error) {
	id := p.Info().ID
	req := providers.AuthRequest{RedirectURL: rq.ActionURL("callback", id), State: web.RandomToken()}
	values := [numChecks]string{checkState: req.State}
	checks := p.Checks()
	if checks.PKCE {
		values[checkPKCE] = web.RandomToken()
		req.CodeChallenge = oauth2.S256ChallengeFromVerifier(values[checkPKCE])
	}
	if checks.Nonce {
		values[checkNonce] = web.RandomToken()
		req.Nonce = values[checkNonce]
	}
	cookies := make([]*http.Cookie, 0, numChecks)
	for k, v := range values {
		if v == "" {
			continue
		}
		c, err := a.checkCookie(rq, checkKind(k), id, v)
		if err != nil {
			return req, nil, err
		}
		cookies = append(cookies, c)
	}
	q := rq.R.URL.Query()
	if len(q) > maxAuthParams {
		return req, nil, fmt.Errorf("the sign-in request has %d query parameters; at most %d are passed to the provider", len(q), maxAuthParams)
	}
	for k := range q {
		if !signInParamsSkipped[k] {
			if req.Params == nil {
				req.Params = url.Values{}
			}
			req.Params[k] = q[k]
		}
	}
	return req, cookies, nil
}

// oauthCallback finishes an OAuth or OIDC sign-in (GET or POST
// /callback/{id}). It verifies state and recovers the PKCE verifier and the
// nonce from their cookies (deleting the cookies whatever happens), lets
// the provider exchange the code and verify the ID token, then decides as
// Auth.js v5 does whether to sign in an existing user, link the account to
// the signed-in user or to a user with the same verified email, or create a
// user. Any failure before the decision writes nothing to the database.
func (a *Auth) oauthCallback(rq *web.Request, p providers.OAuthProvider) {
	ctx := rq.R.Context()
	info := p.Info()
	rq.SetCookies(clearCheckCookies(rq))
	cb, err := a.oauthCallbackChecks(rq, p)
	if err != nil {
		a.fail(rq, &Error{Code: CodeOAuthCallback, Err: fmt.Errorf("provider %q: %w", info.ID, err)})
		return
	}
	profile, tokens, err := p.Exchange(ctx, cb)
	if err != nil {
		a.fail(rq, exchangeError(info.ID, err))
		return
	}
	if profile == nil || profile.ID == "" || tokens == nil {
		a.fail(rq, newError(CodeOAuthCallback, "provider %q returned no profile id or no tokens", info.ID))
		return
	}
	// As Auth.js: JavaScript's toLowerCase of the provider's address, so
	// both store the same email for it.
	profile.Email = jsstring.ToLower(profile.Email)
	account := accountFromTokens(p, profile.ID, tokens)
	si, redirect, err := a.decideOAuth(ctx, rq, p, profile, account)
	if err != nil {
		a.fail(rq, err)
		return
	}
	if redirect != "" {
		rq.Redirect(redirect)
		return
	}
	si.callbackURL = a.callbackURL(rq)
	a.completeSignIn(rq, si)
}

// oauthCallbackChecks verifies the callback's state and returns the
// callback for Exchange with the PKCE verifier and the nonce from their
// cookies. The callback's parameters are the query of a GET, the form of
// a POST (response_mode=form_post).
func (a *Auth) oauthCallbackChecks(rq *web.Request, p providers.OAuthProvider) (providers.Callback, error) {
	id := p.Info().ID
	params := rq.Params()
	cb := providers.Callback{RedirectURL: rq.ActionURL("callback", id), Params: params}
	if err := a.verifyState(rq, id, params.Get("state")); err != nil {
		return cb, err
	}
	if params.Get("error") != "" {
		return cb, nil // the provider refused: Exchange reports it
	}
	var err error
	checks := p.Checks()
	if checks.PKCE {
		if cb.CodeVerifier, err = a.useCheck(rq, checkPKCE, id); err != nil {
			return cb, err
		}
	}
	if checks.Nonce {
		cb.Nonce, err = a.useCheck(rq, checkNonce, id)
	}
	return cb, err
}

// exchangeError maps a provider's Exchange error to the code a user sees:
// a refusal with access_denied is AccessDenied, any other refusal and every
// other failure (token endpoint, ID token, userinfo) is OAuthCallback.
func exchangeError(provider string, err error) error {
	var ae *providers.AuthError
	if errors.As(err, &ae) && ae.Code == "access_denied" {
		return &Error{Code: CodeAccessDenied, Err: fmt.Errorf("provider %q: the user or the provider refused: %w", provider, err)}
	}
	return &Error{Code: CodeOAuthCallback, Err: fmt.Errorf("provider %q: %w", provider, err)}
}

// accountFromTokens is the Account for a provider sign-in, with the token
// endpoint's answer (non-standard fields in Extra).
func accountFromTokens(p providers.OAuthProvider, providerAccountID string, t *providers.Tokens) *adapter.Account {
	acc := &adapter.Account{
		Type:              string(providers.TypeOf(p)),
		Provider:          p.Info().ID,
		ProviderAccountID: providerAccountID,
	}
	setTokens(acc, t)
	return acc
}

// setTokens copies t into acc's token fields.
func setTokens(acc *adapter.Account, t *providers.Tokens) {
	acc.AccessToken = t.AccessToken
	acc.RefreshToken = t.RefreshToken
	acc.ExpiresAt = t.ExpiresAt
	acc.TokenType = t.TokenType
	acc.Scope = t.Scope
	acc.IDToken = t.IDToken
	acc.SessionState = t.SessionState
	acc.Extra = nil
	if len(t.Extra) > 0 {
		acc.Extra = make(map[string]any, len(t.Extra))
		for k, v := range t.Extra {
			acc.Extra[k] = v
		}
	}
}

// decideOAuth works out what an OAuth sign-in does, reading but never
// writing the store: the signIn to complete, or a redirect from the SignIn
// callback, or the error to show.
func (a *Auth) decideOAuth(ctx context.Context, rq *web.Request, p providers.OAuthProvider, profile *providers.Profile, account *adapter.Account) (*signIn, string, error) {
	info := p.Info()
	store := a.cfg.Adapter
	fromProfile := &adapter.User{Name: profile.Name, Email: signUpEmail(store != nil, profile), Image: profile.Image}
	if store == nil {
		// No storage (JWT sessions): the session describes the profile.
		// The user's id is stable per provider account and distinct
		// across providers (StatelessUserID).
		u := fromProfile.Clone()
		u.ID = StatelessUserID(info.ID, profile.ID)
		redirect, err := a.checkSignIn(rq, SignInParams{User: u, Account: account, Provider: info, Profile: profile})
		if err != nil || redirect != "" {
			return nil, redirect, err
		}
		return &signIn{provider: info, kind: oauthKind{}, user: u, account: account, profile: profile}, "", nil
	}

	byAccount, err := store.GetUserByAccount(ctx, account.Provider, account.ProviderAccountID)
	switch {
	case errors.Is(err, adapter.ErrNotFound):
		byAccount = nil
	case err != nil:
		return nil, "", &Error{Code: CodeOAuthCallback, Err: fmt.Errorf("looking up the %s account: %w", info.ID, err)}
	}
	cbUser := byAccount
	if cbUser == nil {
		cbUser = fromProfile
	}
	redirect, err := a.checkSignIn(rq, SignInParams{User: cbUser, Account: account, Provider: info, Profile: profile})
	if err != nil || redirect != "" {
		return nil, redirect, err
	}

	current, err := a.currentUserID(ctx, rq)
	if err != nil {
		return nil, "", err
	}
	si := &signIn{provider: info, kind: oauthKind{}, account: account, profile: profile}
	switch {
	case byAccount != nil && current != "" && current != byAccount.ID:
		return nil, "", newError(CodeOAuthAccountNotLinked, "the %s account is already linked to another user than the signed-in one", info.ID)
	case byAccount != nil:
		// A returning account: sign in (or stay signed in) and store the
		// new tokens.
		si.user, si.updateAccount = byAccount, true
		si.keepSession = current != ""
		return si, "", nil
	case current != "":
		// A signed-in user adds a provider.
		u, err := store.GetUser(ctx, current)
		if err != nil {
			return nil, "", &Error{Code: CodeOAuthCallback, Err: fmt.Errorf("reading the signed-in user: %w", err)}
		}
		si.user, si.linkAccount, si.keepSession = u, true, true
		return si, "", nil
	}
	if profile.Email != "" {
		byEmail, err := store.GetUserByEmail(ctx, profile.Email)
		switch {
		case err == nil:
			if why := refuseEmailLink(p, profile, byEmail); why != "" {
				return nil, "", newError(CodeOAuthAccountNotLinked, "another user has the email of this %s account and %s", info.ID, why)
			}
			si.user, si.linkAccount = byEmail, true
			return si, "", nil
		case !errors.Is(err, adapter.ErrNotFound):
			return nil, "", &Error{Code: CodeOAuthCallback, Err: fmt.Errorf("looking up the user by email: %w", err)}
		}
	}
	si.user, si.newUser, si.linkAccount = fromProfile, true, true
	return si, "", nil
}

// signUpEmail returns the email of a user made from an OAuth profile
// (stored when withStore is set). This is the rule for the email of a user
// created by an OAuth sign-up (a departure from Auth.js, which stores whatever the
// provider sends). With an adapter, the provider's email becomes the new
// user's Email only when the provider asserts it is verified
// (providers.Profile.EmailVerified); otherwise the user is created
// without an email. Storing an unverified address would let anyone claim
// an address they do not own at a provider that does not verify emails
// (Entra ID multi-tenant, Facebook, Spotify, an OIDC service without
// email_verified): a later magic-link sign-in by the address's real owner
// would land in that user, mark it verified and leave the claimer's
// account linked to it (pre-account takeover). Without the email, the
// owner's magic link creates a user of their own. The profile, email
// included, still reaches the SignIn callback and events, and JWT
// sessions without an adapter still carry it (nothing can be merged
// there). A provider whose addresses are verified although it does not
// say so can set EmailVerified in its Profile mapping.
func signUpEmail(withStore bool, profile *providers.Profile) string {
	if withStore && !profile.EmailVerified {
		return ""
	}
	return profile.Email
}

// refuseEmailLink returns why an OAuth account may not be linked to the
// existing user with its email, or "" when it may.
func refuseEmailLink(p providers.Provider, profile *providers.Profile, existing *adapter.User) string {
	l, ok := p.(providers.EmailLinker)
	switch {
	case !ok || !l.AllowDangerousEmailAccountLinking():
		return "the provider does not allow linking by email (AllowDangerousEmailAccountLinking); sign in with the provider used before, then link this one"
	case !profile.EmailVerified:
		return "the provider does not assert that the email is verified"
	case existing.EmailVerified == nil:
		return "that user's email was never verified"
	}
	return ""
}

// currentUserID returns the ID of the user signed in on this request, or
// "" when nobody is.
func (a *Auth) currentUserID(ctx context.Context, rq *web.Request) (string, error) {
	id, _, err := a.currentUser(ctx, rq)
	return id, err
}

// currentUser returns the ID of the user signed in on this request ("" when
// nobody is) and, with database sessions, the user as the session read
// returned it (nil otherwise: a JWT holds only part of the user), so that
// a caller that needs the user does not read it a second time.
func (a *Auth) currentUser(ctx context.Context, rq *web.Request) (string, *adapter.User, error) {
	if d, ok := a.strategy.(*databaseStrategy); ok {
		token, _, ok := d.cookieToken(rq)
		if !ok {
			return "", nil, nil
		}
		s, u, err := a.cfg.Adapter.GetSessionAndUser(ctx, d.storedToken(token))
		switch {
		case errors.Is(err, adapter.ErrNotFound):
			return "", nil, nil
		case err != nil:
			return "", nil, &Error{Code: CodeOAuthCallback, Err: fmt.Errorf("reading the current session: %w", err)}
		case s.Expires.Before(a.now()):
			return "", nil, nil
		}
		return s.UserID, u, nil
	}
	s, _, err := a.strategy.load(ctx, rq, readOnly, nil)
	if err != nil {
		return "", nil, &Error{Code: CodeOAuthCallback, Err: fmt.Errorf("reading the current session: %w", err)}
	}
	if s == nil {
		return "", nil, nil
	}
	return s.User.ID, nil, nil
}
