package gatehouse

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/internal/web"
	"github.com/gatehouse-go/gatehouse/providers"
)

// signIn is a successful authentication, ready to become a session. Every
// provider kind ends in completeSignIn with one: credentials now, email
// links and OAuth from their own files.
type signIn struct {
	provider providers.Info
	kind     kind // the provider's kind
	// user is the user to sign in: a stored user (ID set), or with
	// newUser the user to create.
	user    *adapter.User
	newUser bool
	// update, when set, is written with UpdateUser before the session
	// starts (the email flow marks the address verified) and the stored
	// result signs in. Without an adapter.Transactor a later failure does
	// not undo it, so it must be safe to repeat.
	update *adapter.User
	// account, when linkAccount is set, is linked to the user (its UserID
	// is filled in).
	account     *adapter.Account
	linkAccount bool
	// updateAccount writes account's tokens with UpdateAccount (a
	// returning OAuth account).
	updateAccount bool
	// keepSession signs in without starting a session: the user is
	// already signed in (an OAuth account linked or used again).
	keepSession bool
	// authenticator, when set, is a new passkey stored for the user
	// (its UserID is filled in) after the account is linked.
	authenticator *adapter.Authenticator
	profile       *providers.Profile
	// callbackURL is where the user goes afterwards (already validated).
	callbackURL string
}

// failCode is the code a user sees when storing this sign-in fails.
func (si *signIn) failCode() ErrorCode {
	if si.newUser && si.kind != nil {
		return si.kind.props().createUserCode
	}
	return CodeConfiguration
}

// completeSignIn stores the sign-in (creates or updates the user and links
// the account when asked, then starts the session) as one unit, fires the
// events and redirects. With an adapter.Transactor the writes share a
// transaction; otherwise a failure after the user was created deletes that
// user again, so no half-created user is left behind. On failure the user
// is sent to the error page and nothing is set on the response but the
// error.
func (a *Auth) completeSignIn(rq *web.Request, si *signIn) {
	ctx := rq.R.Context()
	var w signInWrite
	var err error
	store := a.cfg.Adapter
	tx, isTx := adapter.As[adapter.Transactor](store)
	switch {
	case store == nil:
		err = w.run(ctx, a, rq, si, nil)
	case isTx:
		err = tx.InTx(ctx, func(tx adapter.Adapter) error { return w.run(ctx, a, rq, si, tx) })
	default:
		err = w.run(ctx, a, rq, si, store)
		if err != nil && si.newUser && w.user != nil && w.user.ID != "" && w.user != si.user {
			// Undo: DeleteUser also removes the accounts and sessions
			// written for it.
			if derr := store.DeleteUser(ctx, w.user.ID); derr != nil && !errors.Is(derr, adapter.ErrNotFound) {
				a.logError(rq.R, "could not undo a half-made sign-up completely (err says what remains: the user, or only its sessions)", derr, "userID", w.user.ID)
			}
		}
	}
	a.countSignIn(ctx, si.provider.ID, err)
	if err != nil {
		a.fail(rq, err)
		return
	}
	a.signInEvents(ctx, si, &w)
	rq.SetCookies(w.cookies)
	target := si.callbackURL
	if si.newUser && a.cfg.Pages.NewUser != "" {
		target = rq.PageURL(a.cfg.Pages.NewUser, "") + "?" + url.Values{"callbackUrl": {target}}.Encode()
	}
	if a.cfg.Debug {
		a.log.InfoContext(ctx, "gatehouse: signed in", "provider", si.provider.ID, "userID", w.user.ID, "newUser", si.newUser)
	}
	rq.Redirect(target)
}

// signInWrite is what storing a sign-in wrote: the user signed in, the
// account linked, and the cookies of the new session.
type signInWrite struct {
	user    *adapter.User
	linked  *adapter.Account
	cookies []*http.Cookie
}

// run stores si with store (the adapter, a transaction of it, or nil
// without one), recording what it wrote in w. It may run again (a
// transaction retried), so it starts afresh each time.
func (w *signInWrite) run(ctx context.Context, a *Auth, rq *web.Request, si *signIn, store adapter.Adapter) error {
	*w = signInWrite{user: si.user}
	if store == nil && (si.newUser || si.update != nil || (si.linkAccount && si.account != nil)) {
		return newError(CodeConfiguration, "creating, updating or linking a user needs Config.Adapter")
	}
	if si.newUser {
		u := si.user.Clone()
		u.ID = ""
		created, err := store.CreateUser(ctx, u)
		if err != nil {
			return &Error{Code: si.failCode(), Err: fmt.Errorf("creating the user: %w", err)}
		}
		w.user = created
	}
	if si.update != nil {
		updated, err := store.UpdateUser(ctx, si.update.Clone())
		if err != nil {
			return &Error{Code: si.failCode(), Err: fmt.Errorf("updating the user: %w", err)}
		}
		w.user = updated
	}
	if si.account != nil && (si.linkAccount || (si.updateAccount && store != nil)) {
		if err := w.storeAccount(ctx, store, si); err != nil {
			return err
		}
	}
	if si.authenticator != nil {
		if err := w.storeAuthenticator(ctx, store, si); err != nil {
			return err
		}
	}
	if si.keepSession {
		return nil
	}
	c, err := a.strategy.start(ctx, rq, store, si, w.user)
	w.cookies = c
	return err
}

// storeAccount links si's account to the user, or writes its new tokens.
func (w *signInWrite) storeAccount(ctx context.Context, store adapter.Adapter, si *signIn) error {
	acc := si.account.Clone()
	acc.UserID = w.user.ID
	if !si.linkAccount {
		if err := store.UpdateAccount(ctx, acc); err != nil {
			return &Error{Code: CodeOAuthCallback, Err: fmt.Errorf("storing the %s tokens: %w", si.provider.ID, err)}
		}
		return nil
	}
	if err := store.LinkAccount(ctx, acc); err != nil {
		code := si.failCode()
		if errors.Is(err, adapter.ErrConflict) {
			code = CodeOAuthAccountNotLinked
		}
		return &Error{Code: code, Err: fmt.Errorf("linking the %s account: %w", si.provider.ID, err)}
	}
	w.linked = acc
	return nil
}

// signInEvents fires the events of a stored sign-in.
func (a *Auth) signInEvents(ctx context.Context, si *signIn, w *signInWrite) {
	ev := a.cfg.Events
	if si.newUser && ev.CreateUser != nil {
		ev.CreateUser(ctx, w.user)
	}
	if si.update != nil && ev.UpdateUser != nil {
		ev.UpdateUser(ctx, w.user)
	}
	if w.linked != nil && ev.LinkAccount != nil {
		ev.LinkAccount(ctx, LinkAccountEvent{User: w.user, Account: w.linked, Profile: si.profile, Provider: si.provider})
	}
	if ev.SignIn != nil {
		acct := w.linked
		if acct == nil {
			acct = si.account
		}
		ev.SignIn(ctx, SignInEvent{User: w.user, Account: acct, Provider: si.provider, Profile: si.profile, IsNewUser: si.newUser})
	}
}

// checkSignIn runs the SignIn callback. It returns a redirect target (already
// validated) when the callback sends the user elsewhere, and an
// AccessDenied error when it refuses.
func (a *Auth) checkSignIn(rq *web.Request, p SignInParams) (string, error) {
	cb := a.cfg.Callbacks.SignIn
	if cb == nil {
		return "", nil
	}
	redirect, err := cb(rq.R.Context(), p)
	if err != nil {
		return "", &Error{Code: CodeAccessDenied, Err: fmt.Errorf("SignIn callback refused: %w", err)}
	}
	if redirect != "" {
		return a.redirectTarget(rq, redirect), nil
	}
	return "", nil
}

// signInCallbackAnswered runs the SignIn callback and, when it refuses or
// sends the user elsewhere, answers the request and returns true.
func (a *Auth) signInCallbackAnswered(rq *web.Request, p SignInParams) bool {
	redirect, err := a.checkSignIn(rq, p)
	switch {
	case err != nil:
		a.fail(rq, err)
	case redirect != "":
		rq.Redirect(redirect)
	default:
		return false
	}
	return true
}
