package gatehouse

import (
	"reflect"
	"strings"

	"github.com/gatehouse-go/gatehouse/internal/web"
	"github.com/gatehouse-go/gatehouse/providers"
)

// kind is what the handler does for one kind of provider: which providers
// are of it, how a sign-in starts (POST /signin/{id}), how it finishes
// (/callback/{id}), what the configuration must offer it, and the error
// code when creating a user through it fails; a kind that keeps state in
// the Auth also implements kindSetup. Each kind lives in its own file
// (signin_oauth.go, signin_email.go, signin_credentials.go); kinds below is
// the one place that lists them, so adding a kind means adding its file
// and one entry there.
type kind interface {
	// props are the kind's facts.
	props() kindProps
	// check returns "" when the configuration (with defaults applied)
	// supports providers of this kind, or a sentence saying what to
	// change.
	check(cfg *Config) string
	// signIn answers POST /signin/{id}.
	signIn(a *Auth, rq *web.Request, p providers.Provider)
	// callback answers GET|POST /callback/{id}.
	callback(a *Auth, rq *web.Request, p providers.Provider)
}

// kindSetup is implemented by kinds that keep state in the Auth (keys,
// limiters): build calls setup once when a configured provider is of the
// kind.
type kindSetup interface {
	setup(a *Auth) error
}

// kindProps are the facts about a kind.
type kindProps struct {
	// iface is the provider interface that makes a provider of the kind.
	iface reflect.Type
	// callbackCSRF says whether a POST to the callback carries the
	// double-submit CSRF token (OAuth's form_post callbacks come from the
	// provider's site and are protected by the state check instead).
	callbackCSRF bool
	// createUserCode is the error code shown when creating a new user
	// through the kind fails.
	createUserCode ErrorCode
}

// kinds returns every kind, in the order a provider is matched against
// them.
func kinds() []kind {
	return []kind{oauthKind{}, emailKind{}, credentialsKind{}, webauthnKind{}}
}

// kindOf returns the kind of p, or nil for a provider gatehouse cannot use.
func kindOf(p providers.Provider) kind {
	t := reflect.TypeOf(p)
	for _, k := range kinds() {
		if t.Implements(k.props().iface) {
			return k
		}
	}
	return nil
}

// kindInterfaces lists the provider interfaces of every kind, for the
// error about a provider of none.
func kindInterfaces() string {
	var names []string
	for _, k := range kinds() {
		names = append(names, k.props().iface.String())
	}
	return strings.Join(names, ", ")
}

// hasKind reports whether a configured provider is of the kind k.
func (a *Auth) hasKind(k kind) bool {
	for _, pk := range a.kinds {
		if pk == k {
			return true
		}
	}
	return false
}
