package gatehouse

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/google/uuid"
)

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
func (a *Auth) credentialsCallback(rq *request, p providers.CredentialsProvider) {
	ctx := rq.r.Context()
	info := p.Info()
	fields := p.Fields()
	creds := make(map[string]string, len(fields))
	for _, f := range fields {
		v := rq.form.Get(f.Name)
		if len(v) > maxCredentialField {
			rq.fail(newError(CodeCredentialsSignin, "field %q is longer than %d bytes", f.Name, maxCredentialField))
			return
		}
		creds[f.Name] = v
	}
	idField := ""
	if f, ok := p.(identifierFielder); ok {
		idField = f.IdentifierField()
	} else if len(fields) > 0 {
		idField = fields[0].Name
	}
	idKey := info.ID + "\x00" + strings.ToLower(strings.TrimSpace(creds[idField]))
	ipKey := info.ID + "\x00" + a.clientIP(rq.r)

	// Each attempt is counted before Authorize runs (check and count in
	// one step), so that guesses sent in parallel cannot all pass the
	// check before any failure is counted. Attempts that turn out not to
	// count (a success, a failing store) are refunded afterwards.
	if a.idLimit != nil {
		if ok, _ := a.idLimit.Take(idKey); !ok {
			rq.fail(newError(CodeCredentialsSignin, "too many failed attempts for this %s; refused until the rate-limit window ends", idField))
			return
		}
		if ok, _ := a.ipLimit.Take(ipKey); !ok {
			a.idLimit.Refund(idKey)
			rq.fail(newError(CodeCredentialsSignin, "too many failed attempts from client address %s; refused until the rate-limit window ends", a.clientIP(rq.r)))
			return
		}
	}
	wrongCredentials := false
	defer func() {
		if a.idLimit != nil && !wrongCredentials {
			a.idLimit.Refund(idKey)
			a.ipLimit.Refund(ipKey)
		}
	}()

	user, err := p.Authorize(ctx, creds, rq.r)
	if err != nil {
		// A failure of the check itself (its store is down), not a wrong
		// password: not counted against the user.
		rq.fail(&Error{Code: CodeConfiguration, Err: fmt.Errorf("provider %q: Authorize failed: %w", info.ID, err)})
		return
	}
	if user == nil {
		wrongCredentials = true
		rq.fail(newError(CodeCredentialsSignin, "provider %q: Authorize rejected the credentials", info.ID))
		return
	}
	if a.cfg.Adapter != nil && a.cfg.Session.Strategy == StrategyDatabase {
		// A database session points at a stored user.
		if user.ID == "" {
			rq.fail(newError(CodeConfiguration, "provider %q: Authorize returned a user without an ID; with database sessions return a user stored in the adapter", info.ID))
			return
		}
		stored, err := a.cfg.Adapter.GetUser(ctx, user.ID)
		if errors.Is(err, adapter.ErrNotFound) {
			rq.fail(newError(CodeConfiguration, "provider %q: Authorize returned user %q, which is not in the adapter; with database sessions create the user in the adapter first", info.ID, user.ID))
			return
		}
		if err != nil {
			rq.fail(&Error{Code: CodeConfiguration, Err: fmt.Errorf("reading the user: %w", err)})
			return
		}
		user = stored
	} else if user.ID == "" {
		// JWT sessions: as Auth.js does, a user without an ID gets a
		// random one, so that the token always has a "sub".
		user = user.Clone()
		user.ID = uuid.NewString()
	}
	redirect, err := a.checkSignIn(ctx, rq, SignInParams{User: user, Provider: info, Credentials: creds})
	if err != nil {
		rq.fail(err)
		return
	}
	if redirect != "" {
		rq.redirect(redirect)
		return
	}
	if a.idLimit != nil {
		a.idLimit.Reset(idKey)
	}
	a.completeSignIn(rq, &signIn{provider: info, kind: credentialsKind{}, user: user, callbackURL: rq.callbackURL()})
}

// clientIP is the client's address: the last X-Forwarded-For entry (the one
// the trusted proxy added) with TrustHost, the connection's peer otherwise.
func (a *Auth) clientIP(r *http.Request) string {
	if a.cfg.TrustHost {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			last := xff[len(xff)-1]
			if i := strings.LastIndexByte(last, ','); i >= 0 {
				last = last[i+1:]
			}
			if ip := net.ParseIP(strings.TrimSpace(last)); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
