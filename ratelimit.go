package gatehouse

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
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

// limits is a RateLimit in force: counts per identifier and per client
// address, each key scoped to a provider and hashed, in rl.Store (a
// process-local memory store by default). A nil *limits (the limit is
// disabled) allows everything.
type limits struct {
	rl    RateLimit
	store adapter.RateLimitStore
	scope string // "cred" or "email": keeps the two uses apart in one shared store
	now   func() time.Time
	// names bounds concurrent credentials checks: one at a time per
	// identifier in this process.
	names keyedMutex
}

// newLimits returns the limits of rl, or nil when rl is disabled. A
// configured store's calls are bounded by timeout (Config.StoreTimeout)
// and report to watch; the in-memory default needs neither.
func newLimits(rl RateLimit, scope string, now func() time.Time, timeout time.Duration, watch *storeWatch) *limits {
	if rl.Disabled {
		return nil
	}
	store := newBoundedLimitStore(rl.Store, timeout, watch)
	if store == nil {
		store = ratelimit.NewMemory(2*rl.MaxKeys, now)
	}
	return &limits{rl: rl, store: store, scope: scope, now: now}
}

// limitKeys are the store keys of one attempt: its identifier's and its
// client address's, both scoped to the provider.
type limitKeys struct{ id, ip string }

func (l *limits) keys(provider, identifier, clientIP string) limitKeys {
	if l == nil {
		return limitKeys{}
	}
	return limitKeys{l.key("id", provider, identifier), l.key("ip", provider, clientIP)}
}

// key is scope:kind:base64url(SHA-256(provider NUL value)): bounded
// length (an identifier may be 4 KB), no user names or addresses in a
// shared store, and no separator a value could forge.
func (l *limits) key(kind, provider, value string) string {
	sum := sha256.Sum256([]byte(provider + "\x00" + value))
	return l.scope + ":" + kind + ":" + base64.RawURLEncoding.EncodeToString(sum[:])
}

// limitError says which limit refused an attempt and how long until it
// may be retried.
type limitError struct {
	byIP bool
	full bool // the store could not take a new key: refused, failing closed
	wait time.Duration
	rl   RateLimit
}

func (e *limitError) Error() string {
	switch {
	case e.full:
		return "the rate limit store is full and cannot count this attempt, so it is refused; raise RateLimit.MaxKeys or use a shared RateLimit.Store"
	case e.byIP:
		return fmt.Sprintf("more than %d attempts from this client address within %v", e.rl.IP, e.rl.IPWindow)
	}
	return fmt.Sprintf("more than %d attempts for this identifier within %v", e.rl.Identifier, e.rl.IdentifierWindow)
}

// errWrongCredentials is the outcome of Authorize rejecting credentials,
// for MetricSignIns.
var errWrongCredentials = errors.New("wrong credentials")

// limitStoreError is a failure of the rate limit store itself: the
// attempt could not be checked and is refused (failing closed).
type limitStoreError struct{ err error }

func (e *limitStoreError) Error() string {
	return "checking the rate limit failed: " + e.err.Error()
}
func (e *limitStoreError) Unwrap() error { return e.err }

// over reads key's count and reports a *limitError when it has reached
// limit; a full store is a *limitError too, other store failures a
// *limitStoreError.
func (l *limits) over(ctx context.Context, key string, limit int, window time.Duration, byIP bool) error {
	c, err := l.store.AddCount(ctx, key, 0, window)
	return l.judge(c, err, limit, byIP, 1)
}

// judge turns a count read or added into nil or the refusal it means: a
// count plus slack above limit is over (slack 1 for a read before the
// event, 0 for a count that includes it).
func (l *limits) judge(c adapter.RateCount, err error, limit int, byIP bool, slack int) error {
	if errors.Is(err, adapter.ErrRateLimitStoreFull) {
		return &limitError{full: true, byIP: byIP, rl: l.rl, wait: time.Second}
	}
	if err != nil {
		return &limitStoreError{err}
	}
	if c.Count+slack > limit {
		return &limitError{byIP: byIP, rl: l.rl, wait: c.Reset.Sub(l.now())}
	}
	return nil
}

// checkFailures is the credentials check before Authorize: the client
// address's failures first (a refused address takes no slot and stores
// nothing for the identifier), then one check at a time per identifier in
// this process, then the identifier's failures. Only failures count, so a
// correct password is never refused because of attempts in flight; the
// per-identifier lock keeps parallel guesses from all passing the check
// before their failures are counted. It returns the function that
// releases the identifier's slot.
func (l *limits) checkFailures(ctx context.Context, k limitKeys) (release func(), err error) {
	if l == nil {
		return func() {}, nil
	}
	if err := l.over(ctx, k.ip, l.rl.IP, l.rl.IPWindow, true); err != nil {
		return nil, err
	}
	release, err = l.names.lock(ctx, k.id)
	if err != nil {
		return nil, err
	}
	if err := l.over(ctx, k.id, l.rl.Identifier, l.rl.IdentifierWindow, false); err != nil {
		release()
		return nil, err
	}
	return release, nil
}

// failed counts a failure against both keys.
func (l *limits) failed(ctx context.Context, k limitKeys) error {
	if l == nil {
		return nil
	}
	ctx = context.WithoutCancel(ctx) // a client hanging up must not uncount its guess
	_, err1 := l.store.AddCount(ctx, k.id, 1, l.rl.IdentifierWindow)
	_, err2 := l.store.AddCount(ctx, k.ip, 1, l.rl.IPWindow)
	return errors.Join(err1, err2)
}

// take counts one event (an email link) against both limits, or against
// neither when either refuses it: the client address first, so that a
// refused address stores nothing for the identifier. Each count is one
// atomic add, so events sent in parallel, to any instance sharing the
// store, cannot all pass.
func (l *limits) take(ctx context.Context, k limitKeys) error {
	if l == nil {
		return nil
	}
	c, err := l.store.AddCount(ctx, k.ip, 1, l.rl.IPWindow)
	if err := l.judge(c, err, l.rl.IP, true, 0); err != nil {
		if c.Count > 0 {
			l.add(ctx, k.ip, -1, l.rl.IPWindow)
		}
		return err
	}
	c, err = l.store.AddCount(ctx, k.id, 1, l.rl.IdentifierWindow)
	if err := l.judge(c, err, l.rl.Identifier, false, 0); err != nil {
		if c.Count > 0 {
			l.add(ctx, k.id, -1, l.rl.IdentifierWindow)
		}
		l.add(ctx, k.ip, -1, l.rl.IPWindow)
		return err
	}
	return nil
}

// refund takes back an event that turned out not to count.
func (l *limits) refund(ctx context.Context, k limitKeys) {
	if l != nil {
		l.add(ctx, k.id, -1, l.rl.IdentifierWindow)
		l.add(ctx, k.ip, -1, l.rl.IPWindow)
	}
}

// add adds n to key, ignoring failures (refunds are best effort: a lost
// one only makes a limit stricter).
func (l *limits) add(ctx context.Context, key string, n int, window time.Duration) {
	_, _ = l.store.AddCount(context.WithoutCancel(ctx), key, n, window)
}

// reset forgets the identifier's failures.
func (l *limits) reset(ctx context.Context, k limitKeys) error {
	if l == nil {
		return nil
	}
	return l.store.ResetCount(context.WithoutCancel(ctx), k.id)
}

// keyedMutex is a mutex per key; entries live only while held or waited
// for, so its memory is bounded by the requests in flight.
type keyedMutex struct {
	mu sync.Mutex
	m  map[string]*keyedEntry
}

type keyedEntry struct {
	ch   chan struct{} // holds one token while the key is locked
	refs int
}

// lock waits until key is free or ctx ends, and returns the unlock
// function.
func (km *keyedMutex) lock(ctx context.Context, key string) (func(), error) {
	km.mu.Lock()
	if km.m == nil {
		km.m = map[string]*keyedEntry{}
	}
	e := km.m[key]
	if e == nil {
		e = &keyedEntry{ch: make(chan struct{}, 1)}
		km.m[key] = e
	}
	e.refs++
	km.mu.Unlock()
	done := func() {
		km.mu.Lock()
		if e.refs--; e.refs == 0 {
			delete(km.m, key)
		}
		km.mu.Unlock()
	}
	select {
	case e.ch <- struct{}{}:
		return func() { <-e.ch; done() }, nil
	case <-ctx.Done():
		done()
		return nil, fmt.Errorf("waiting for another sign-in attempt for the same identifier: %w", context.Cause(ctx))
	}
}

// limitRefusal is the error for a refused or unchecked attempt: code with
// what (or the limit's own message) for a limit reached or a full store;
// for a store that could not be reached or did not answer in time, its
// ErrStoreUnavailable (503, as for the adapter); for a client that went
// away while waiting for its turn, the context's error (nothing is
// answered or counted); and for any other failure of the store, a
// configuration error: a store that answers with an error (a missing
// table, a Redis key of another type) will not mend itself in a few
// seconds, so it is not reported as a passing outage.
func (a *Auth) limitRefusal(ctx context.Context, limit string, code ErrorCode, err error, what string) error {
	var le *limitError
	gone := !errors.As(err, &le) && ctx.Err() != nil &&
		(errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded))
	if !gone && metricsOn(a.cfg.Metrics) {
		by := "store_error"
		switch {
		case le != nil && le.full:
			by = "full"
		case le != nil && le.byIP:
			by = "ip"
		case le != nil:
			by = "identifier"
		}
		a.cfg.Metrics.Add(ctx, MetricRateLimited, 1, Attr{"limit", limit}, Attr{"by", by})
	}
	if le != nil {
		if what == "" || le.full {
			return newError(code, "%w", err)
		}
		return newError(code, "%s: %w; refused until the window ends", what, err)
	}
	if gone || errors.Is(err, ErrStoreUnavailable) {
		return err
	}
	return &Error{Code: CodeConfiguration, Err: fmt.Errorf("rate limit store (RateLimit.Store) failed: %w", err)}
}
