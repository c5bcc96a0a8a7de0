package gatehouse

import (
	"fmt"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/ratelimit"
)

// withDefaults returns rl with each zero field taken from def.
func (rl RateLimit) withDefaults(def RateLimit) RateLimit {
	setDefault(&rl.Identifier, def.Identifier)
	setDefault(&rl.IdentifierWindow, def.IdentifierWindow)
	setDefault(&rl.IP, def.IP)
	setDefault(&rl.IPWindow, def.IPWindow)
	setDefault(&rl.MaxKeys, def.MaxKeys)
	return rl
}

// setDefault sets *v to def when it is zero.
func setDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

// check reports negative values of the RateLimit at field.
func (rl RateLimit) check(errs *configErrors, field string) {
	if rl.Identifier < 0 || rl.IdentifierWindow < 0 || rl.IP < 0 || rl.IPWindow < 0 || rl.MaxKeys < 0 {
		errs.add(field, "limits, windows and MaxKeys must not be negative; set Disabled to turn the limits off")
	}
}

// limits is a RateLimit in force: a limiter per identifier and one per
// client address, each key scoped to a provider. A nil *limits (the limit
// is disabled) allows everything.
type limits struct {
	rl     RateLimit
	id, ip *ratelimit.Limiter
}

// newLimits returns the limiters of rl, or nil when rl is disabled.
func newLimits(rl RateLimit, now func() time.Time) *limits {
	if rl.Disabled {
		return nil
	}
	return &limits{
		rl: rl,
		id: ratelimit.New(ratelimit.Options{Limit: rl.Identifier, Window: rl.IdentifierWindow, MaxKeys: rl.MaxKeys, Now: now}),
		ip: ratelimit.New(ratelimit.Options{Limit: rl.IP, Window: rl.IPWindow, MaxKeys: rl.MaxKeys, Now: now}),
	}
}

// limitKeys are the keys of one attempt: its identifier's and its client
// address's, both scoped to the provider.
type limitKeys struct{ id, ip string }

func newLimitKeys(provider, identifier, clientIP string) limitKeys {
	return limitKeys{provider + "\x00" + identifier, provider + "\x00" + clientIP}
}

// limitError says which limit refused an attempt and how long until it
// may be retried.
type limitError struct {
	byIP bool
	wait time.Duration
	rl   RateLimit
}

func (e *limitError) Error() string {
	if e.byIP {
		return fmt.Sprintf("more than %d attempts from this client address within %v", e.rl.IP, e.rl.IPWindow)
	}
	return fmt.Sprintf("more than %d attempts for this identifier within %v", e.rl.Identifier, e.rl.IdentifierWindow)
}

// take counts one attempt against both limits, or against neither when
// either refuses it (check and count in one step, so that attempts sent
// in parallel cannot all pass the check before any is counted). It
// returns a *limitError when refused.
func (l *limits) take(k limitKeys) error {
	if l == nil {
		return nil
	}
	if ok, wait := l.id.Take(k.id); !ok {
		return &limitError{wait: wait, rl: l.rl}
	}
	if ok, wait := l.ip.Take(k.ip); !ok {
		l.id.Refund(k.id)
		return &limitError{byIP: true, wait: wait, rl: l.rl}
	}
	return nil
}

// refund takes back an attempt that turned out not to count.
func (l *limits) refund(k limitKeys) {
	if l != nil {
		l.id.Refund(k.id)
		l.ip.Refund(k.ip)
	}
}

// reset forgets the identifier's attempts.
func (l *limits) reset(k limitKeys) {
	if l != nil {
		l.id.Reset(k.id)
	}
}
