package gatehouse

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/uuid"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// SignIn signs user in from the application's own Go code (after its own
// registration form, or an admin action), the way Auth.js v5's server-side
// signIn() ends: it starts a session for the user and sets the session
// cookies on w. Call it before writing anything to w, then redirect: the
// session is visible from the next request (Auth.Session reads the
// request's cookies, which do not have it yet).
//
// With database sessions user must be stored in the adapter: its ID is
// looked up with GetUser and the stored user signs in; any previous
// session of the browser is ended. With JWT sessions the user is taken as
// given (a random UUID becomes its ID when it has none, as for
// credentials) and the JWT callback runs with TriggerSignIn, as at any
// sign-in; nothing is stored.
//
// It runs no SignIn callback (the application has decided), but fires
// Events.SignIn with an empty Provider. It does not check CSRF: the
// handler calling it must be protected itself (for example with
// http.CrossOriginProtection), as gatehouse's own POST routes are.
func (a *Auth) SignIn(w http.ResponseWriter, r *http.Request, user *adapter.User) error {
	if a == nil || a.strategy == nil {
		return errNotCreated
	}
	if user == nil {
		return errors.New("gatehouse: SignIn: the user is nil; pass the user to sign in (with database sessions a user stored in the adapter)")
	}
	ctx := r.Context()
	rq, err := a.newRequest(w, r)
	if err != nil {
		return fmt.Errorf("gatehouse: SignIn: %w", err)
	}
	user, err = a.serverSignInUser(ctx, user)
	if err != nil {
		return err
	}
	si := &signIn{user: user}
	var cookies []*http.Cookie
	start := func(store adapter.Adapter) error {
		var err error
		cookies, err = a.strategy.start(ctx, rq, store, si, user)
		return err
	}
	store := a.cfg.Adapter
	if tx, ok := adapter.As[adapter.Transactor](store); ok && a.cfg.Session.Strategy == StrategyDatabase {
		err = tx.InTx(ctx, start)
	} else {
		err = start(store)
	}
	if err != nil {
		return fmt.Errorf("gatehouse: SignIn: %w", err)
	}
	rq.SetCookies(cookies)
	if ev := a.cfg.Events.SignIn; ev != nil {
		ev(ctx, SignInEvent{User: user})
	}
	if a.cfg.Debug {
		a.log.InfoContext(ctx, "gatehouse: signed in from application code", "userID", user.ID)
	}
	return nil
}

// serverSignInUser is the user SignIn signs in: the stored user with
// database sessions, the given one (with an ID) with JWT sessions.
func (a *Auth) serverSignInUser(ctx context.Context, user *adapter.User) (*adapter.User, error) {
	if a.cfg.Session.Strategy != StrategyDatabase {
		user = user.Clone()
		if user.ID == "" {
			user.ID = uuid.NewString()
		}
		return user, nil
	}
	if user.ID == "" {
		return nil, errors.New("gatehouse: SignIn: the user has no ID; with database sessions sign in a user stored in the adapter (the one CreateUser returned)")
	}
	stored, err := a.cfg.Adapter.GetUser(ctx, user.ID)
	if errors.Is(err, adapter.ErrNotFound) {
		return nil, fmt.Errorf("gatehouse: SignIn: user %q is not in the adapter; create it first (Auth.Adapter().CreateUser): %w", user.ID, err)
	}
	if err != nil {
		return nil, fmt.Errorf("gatehouse: SignIn: reading the user: %w", err)
	}
	return stored, nil
}

// SignOut ends the request's session from the application's own Go code,
// as Auth.js v5's server-side signOut() does: the database session is
// deleted (with JWT sessions there is nothing stored) and w gets the
// cookies that clear it. Events.SignOut fires as for POST /signout. A
// request without a session is not an error. Call it before writing
// anything to w. Like SignIn, it does not check CSRF.
func (a *Auth) SignOut(w http.ResponseWriter, r *http.Request) error {
	if a == nil || a.strategy == nil {
		return errNotCreated
	}
	rq, err := a.newRequest(w, r)
	if err != nil {
		return fmt.Errorf("gatehouse: SignOut: %w", err)
	}
	cookies, err := a.strategy.end(r.Context(), rq)
	if err != nil {
		return fmt.Errorf("gatehouse: SignOut: %w", err)
	}
	rq.SetCookies(cookies)
	if a.cfg.Debug && len(cookies) > 0 {
		a.log.InfoContext(r.Context(), "gatehouse: signed out from application code")
	}
	return nil
}
