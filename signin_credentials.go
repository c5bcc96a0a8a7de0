package gatehouse

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"

	"github.com/google/uuid"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/internal/web"
	"github.com/gatehouse-go/gatehouse/providers"
)

// credentialsKind is a form checked by the application.
type credentialsKind struct{}

func (credentialsKind) props() kindProps {
	return kindProps{iface: reflect.TypeFor[providers.CredentialsProvider](), callbackCSRF: true, createUserCode: CodeConfiguration}
}
func (credentialsKind) check(*Config) string { return "" }

// signIn sends the browser to the sign-in page: credentials are posted to
// /callback/{id}, and Auth.js answers a POST here with that page too.
func (credentialsKind) signIn(a *Auth, rq *web.Request, _ providers.Provider) {
	rq.Redirect(a.signInPageURL(rq) + "?" + url.Values{"callbackUrl": {a.callbackURL(rq)}}.Encode())
}

func (credentialsKind) callback(a *Auth, rq *web.Request, p providers.Provider) {
	if rq.R.Method != http.MethodPost {
		rq.W.Header().Set("Allow", "POST")
		web.WritePlain(rq.W, http.StatusMethodNotAllowed, "gatehouse: credentials are signed in with POST "+rq.ActionURL("callback", p.Info().ID))
		return
	}
	// NextAuth.js v4 answers a failed credentials sign-in 401, and its
	// client's signIn() reports ok: false only then.
	rq.FailStatus = http.StatusUnauthorized
	a.credentialsCallback(rq, p.(providers.CredentialsProvider))
}

// maxCredentialField bounds each submitted credentials field.
const maxCredentialField = 4096

// identifierFielder is implemented by credentials providers that say which
// field identifies the account (for rate limiting). Without it the first
// field does.
type identifierFielder interface {
	IdentifierField() string
}

// credentialsCallback signs a user in with a credentials provider: POST
// /callback/{id} with the provider's fields (CSRF already checked). Unlike
// Auth.js, it works with database sessions: the user Authorize returns must
// then be a stored user (its ID known to the adapter). With JWT sessions the
// user is taken as Authorize returns it, and given a random UUID as ID when
// it has none.
func (a *Auth) credentialsCallback(rq *web.Request, p providers.CredentialsProvider) {
	ctx := rq.R.Context()
	info := p.Info()
	creds, idField, err := credentialsFields(rq, p)
	if err != nil {
		a.fail(rq, err)
		return
	}
	// Only failures count (a correct password is never refused because
	// of attempts in flight), and checks for one identifier run one at a
	// time in this process, so that guesses sent in parallel cannot all
	// pass the check before their failures are counted. The client
	// address is checked first: a refused address stores nothing for the
	// identifier.
	keys := a.credentialsLimits.keys(info.ID, strings.ToLower(strings.TrimSpace(creds[idField])), rq.ClientIP())
	release, err := a.credentialsLimits.checkFailures(ctx, keys)
	if err != nil {
		a.fail(rq, a.limitRefusal(ctx, "credentials", CodeCredentialsSignin, err, fmt.Sprintf("too many failed attempts (per %s, or from client address %s)", idField, rq.ClientIP())))
		return
	}
	defer release()

	user, err := p.Authorize(ctx, creds, rq.R)
	if err != nil {
		// A failure of the check itself (its store is down), not a wrong
		// password: not counted against the user.
		if ctx.Err() == nil && (isUnreachable(err) || errors.Is(err, context.DeadlineExceeded)) {
			err = &storeUnavailableError{method: "Authorize", err: err} // the app's store is down: 503, not a broken setup
		}
		a.fail(rq, &Error{Code: CodeConfiguration, Err: fmt.Errorf("provider %q: Authorize failed: %w", info.ID, err)})
		return
	}
	if user == nil {
		a.countSignIn(ctx, info.ID, errWrongCredentials)
		if err := a.credentialsLimits.failed(ctx, keys); err != nil {
			a.logError(rq.R, "counting a failed sign-in failed; the limit may let more attempts through", err, "provider", info.ID)
		}
		a.fail(rq, newError(CodeCredentialsSignin, "provider %q: Authorize rejected the credentials", info.ID))
		return
	}
	if user, err = a.credentialsUser(ctx, info.ID, user); err != nil {
		a.fail(rq, err)
		return
	}
	if a.signInCallbackAnswered(rq, SignInParams{User: user, Provider: info, Credentials: creds}) {
		return
	}
	if err := a.credentialsLimits.reset(ctx, keys); err != nil {
		a.logError(rq.R, "clearing the failed sign-ins of an identifier failed; they expire with their window", err, "provider", info.ID)
	}
	a.completeSignIn(rq, &signIn{provider: info, kind: credentialsKind{}, user: user, callbackURL: a.callbackURL(rq)})
}

// credentialsFields returns the submitted values of p's fields and the
// name of the field that identifies the account.
func credentialsFields(rq *web.Request, p providers.CredentialsProvider) (creds map[string]string, idField string, err error) {
	fields := p.Fields()
	creds = make(map[string]string, len(fields))
	for _, f := range fields {
		v := rq.Form.Get(f.Name)
		if len(v) > maxCredentialField {
			return nil, "", newError(CodeCredentialsSignin, "field %q is longer than %d bytes", f.Name, maxCredentialField)
		}
		creds[f.Name] = v
	}
	if f, ok := p.(identifierFielder); ok {
		idField = f.IdentifierField()
	} else if len(fields) > 0 {
		idField = fields[0].Name
	}
	return creds, idField, nil
}

// credentialsUser returns the user to sign in for the one Authorize
// returned: with database sessions the stored user with its ID; with JWT
// sessions the user as returned, given a random UUID when it has no ID (as
// Auth.js does, so that the token always has a "sub").
func (a *Auth) credentialsUser(ctx context.Context, provider string, user *adapter.User) (*adapter.User, error) {
	if a.cfg.Adapter == nil || a.cfg.Session.Strategy != StrategyDatabase {
		if user.ID == "" {
			user = user.Clone()
			user.ID = uuid.NewString()
		}
		return user, nil
	}
	if user.ID == "" {
		return nil, newError(CodeConfiguration, "provider %q: Authorize returned a user without an ID; with database sessions return a user stored in the adapter", provider)
	}
	stored, err := a.cfg.Adapter.GetUser(ctx, user.ID)
	if errors.Is(err, adapter.ErrNotFound) {
		return nil, newError(CodeConfiguration, "provider %q: Authorize returned user %q, which is not in the adapter; with database sessions create the user in the adapter first", provider, user.ID)
	}
	if err != nil {
		return nil, &Error{Code: CodeConfiguration, Err: fmt.Errorf("reading the user: %w", err)}
	}
	return stored, nil
}
