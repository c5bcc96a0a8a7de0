package gatehouse

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/gatehouse-go/gatehouse/adapter"
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
	profile     *providers.Profile
	// callbackURL is where the user goes afterwards (already validated).
	callbackURL string
}

// failCode is the code a user sees when storing this sign-in fails.
func (si *signIn) failCode() ErrorCode {
	if si.newUser && si.kind != nil {
		return si.kind.createUserCode()
	}
	return CodeConfiguration
}

// completeSignIn stores the sign-in (creates or updates the user and links
// the account when asked, then starts the session) as one unit, fires the events and
// redirects. With an adapter.Transactor the writes share a transaction;
// otherwise a failure after the user was created deletes that user again,
// so no half-created user is left behind. On failure the user is sent to
// the error page and nothing is set on the response but the error.
func (a *Auth) completeSignIn(rq *request, si *signIn) {
	ctx := rq.r.Context()
	var (
		user    = si.user
		linked  *adapter.Account
		cookies []*http.Cookie
	)
	write := func(store adapter.Adapter) error {
		user, linked, cookies = si.user, nil, nil
		if si.newUser {
			if store == nil {
				return newError(CodeConfiguration, "creating a user needs Config.Adapter")
			}
			u := si.user.Clone()
			u.ID = ""
			created, err := store.CreateUser(ctx, u)
			if err != nil {
				return &Error{Code: si.failCode(), Err: fmt.Errorf("creating the user: %w", err)}
			}
			user = created
		}
		if si.update != nil {
			if store == nil {
				return newError(CodeConfiguration, "updating a user needs Config.Adapter")
			}
			updated, err := store.UpdateUser(ctx, si.update.Clone())
			if err != nil {
				return &Error{Code: si.failCode(), Err: fmt.Errorf("updating the user: %w", err)}
			}
			user = updated
		}
		if si.linkAccount && si.account != nil {
			if store == nil {
				return newError(CodeConfiguration, "linking an account needs Config.Adapter")
			}
			acc := si.account.Clone()
			acc.UserID = user.ID
			if err := store.LinkAccount(ctx, acc); err != nil {
				code := si.failCode()
				if errors.Is(err, adapter.ErrConflict) {
					code = CodeOAuthAccountNotLinked
				}
				return &Error{Code: code, Err: fmt.Errorf("linking the %s account: %w", si.provider.ID, err)}
			}
			linked = acc
		}
		if si.updateAccount && si.account != nil && store != nil {
			acc := si.account.Clone()
			acc.UserID = user.ID
			if err := store.UpdateAccount(ctx, acc); err != nil {
				return &Error{Code: CodeOAuthCallback, Err: fmt.Errorf("storing the %s tokens: %w", si.provider.ID, err)}
			}
		}
		if si.keepSession {
			return nil
		}
		c, err := a.strategy.start(ctx, rq, store, si, user)
		if err != nil {
			return err
		}
		cookies = c
		return nil
	}

	var err error
	tx, isTx := adapter.As[adapter.Transactor](a.cfg.Adapter)
	switch store := a.cfg.Adapter; {
	case store == nil:
		err = write(nil)
	case isTx:
		err = tx.InTx(ctx, write)
	default:
		err = write(store)
		if err != nil && si.newUser && user != nil && user.ID != "" && user != si.user {
			// Undo: DeleteUser also removes the accounts and sessions
			// written for it.
			if derr := store.DeleteUser(ctx, user.ID); derr != nil && !errors.Is(derr, adapter.ErrNotFound) {
				a.logError(rq.r, "could not undo a half-made sign-up; a user without an account may remain", derr, "userID", user.ID)
			}
		}
	}
	if err != nil {
		rq.fail(err)
		return
	}

	ev := a.cfg.Events
	if si.newUser && ev.CreateUser != nil {
		ev.CreateUser(ctx, user)
	}
	if si.update != nil && ev.UpdateUser != nil {
		ev.UpdateUser(ctx, user)
	}
	if linked != nil && ev.LinkAccount != nil {
		ev.LinkAccount(ctx, LinkAccountEvent{User: user, Account: linked, Profile: si.profile, Provider: si.provider})
	}
	if ev.SignIn != nil {
		acct := linked
		if acct == nil {
			acct = si.account
		}
		ev.SignIn(ctx, SignInEvent{User: user, Account: acct, Provider: si.provider, Profile: si.profile, IsNewUser: si.newUser})
	}
	for _, c := range cookies {
		rq.setCookie(c)
	}
	target := si.callbackURL
	if si.newUser && a.cfg.Pages.NewUser != "" {
		target = rq.pageURL(a.cfg.Pages.NewUser, "") + "?" + url.Values{"callbackUrl": {target}}.Encode()
	}
	if a.cfg.Debug {
		a.log.InfoContext(ctx, "gatehouse: signed in", "provider", si.provider.ID, "userID", user.ID, "newUser", si.newUser)
	}
	rq.redirect(target)
}

// checkSignIn runs the SignIn callback. It returns a redirect target (already
// validated) when the callback sends the user elsewhere, and an
// AccessDenied error when it refuses.
func (a *Auth) checkSignIn(ctx context.Context, rq *request, p SignInParams) (string, error) {
	cb := a.cfg.Callbacks.SignIn
	if cb == nil {
		return "", nil
	}
	redirect, err := cb(ctx, p)
	if err != nil {
		return "", &Error{Code: CodeAccessDenied, Err: fmt.Errorf("SignIn callback refused: %w", err)}
	}
	if redirect != "" {
		return a.redirectTarget(rq, redirect), nil
	}
	return "", nil
}
