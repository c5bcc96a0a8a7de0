package gatehouse

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// DefaultStoreTimeout is the default of Config.StoreTimeout.
const DefaultStoreTimeout = 5 * time.Second

// ErrStoreUnavailable is wrapped by the error of an adapter call that
// failed because the store could not be reached (connection refused or
// lost) or did not answer within Config.StoreTimeout. gatehouse answers
// such requests with 503 Service Unavailable and Retry-After instead of a
// configuration error: the site is not broken, it is waiting for its
// database.
var ErrStoreUnavailable = errors.New("the store is unavailable (unreachable or too slow)")

// storeUnavailableError is an adapter call's failure classified as
// ErrStoreUnavailable; it keeps the cause.
type storeUnavailableError struct {
	method string
	err    error
	watch  *storeWatch // of the store that failed; nil: the adapter's
}

func (e *storeUnavailableError) Error() string {
	return fmt.Sprintf("%s: %v: %v", e.method, ErrStoreUnavailable, e.err)
}

func (e *storeUnavailableError) Unwrap() []error { return []error{ErrStoreUnavailable, e.err} }

// boundedAdapter gives every call of the adapter contract its own
// deadline (Config.StoreTimeout), so that a frozen database cannot hold
// requests for as long as it is frozen, and classifies failures to reach
// the store as ErrStoreUnavailable. The optional capabilities the handler
// uses are bounded the same way (see As); others are found through
// Unwrap, on the wrapped adapter.
type boundedAdapter struct {
	inner   adapter.Adapter
	timeout time.Duration
	watch   *storeWatch // told of each success, to log when the store is back
	metrics Metrics
	tracer  Tracer // nil: no spans
}

// newBoundedAdapter wraps a unless it is nil; a timeout that is not
// positive turns the deadlines off (errors are still classified, calls
// still timed and traced).
func newBoundedAdapter(a adapter.Adapter, timeout time.Duration, watch *storeWatch, m Metrics, t Tracer) adapter.Adapter {
	if a == nil {
		return nil
	}
	return &boundedAdapter{inner: a, timeout: timeout, watch: watch, metrics: m, tracer: t}
}

// Unwrap returns the wrapped adapter, for adapter.As.
func (b *boundedAdapter) Unwrap() adapter.Adapter { return b.inner }

// call is one adapter call under way: when it began (for
// MetricStoreCalls) and its span (nil without a Tracer).
type call struct {
	method string
	start  time.Time
	span   Span
}

// ctx starts the call of method: its span, whose context the call gets,
// and the deadline.
func (b *boundedAdapter) ctx(ctx context.Context, method string) (context.Context, context.CancelFunc, call) {
	ctx, span := b.storeSpan(ctx, method)
	ctx, cancel := withStoreDeadline(ctx, b.timeout)
	return ctx, cancel, call{method: method, start: time.Now(), span: span}
}

// withStoreDeadline gives ctx the deadline of one store call, timeout
// (Config.StoreTimeout), with errStoreDeadline as its cause; none when
// timeout is not positive.
func withStoreDeadline(ctx context.Context, timeout time.Duration) (context.Context, context.CancelFunc) {
	if timeout <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeoutCause(ctx, timeout, errStoreDeadline)
}

var errStoreDeadline = errors.New("no answer within Config.StoreTimeout")

// check classifies err of method: a timeout of our deadline or a failure
// to reach the store becomes a *storeUnavailableError. A request whose
// client went away keeps its error (that is not the store's fault).
func (b *boundedAdapter) check(ctx context.Context, c call, err error) error {
	err = b.classify(ctx, c.method, err)
	if metricsOn(b.metrics) {
		b.metrics.Record(ctx, MetricStoreCalls, time.Since(c.start), Attr{"method", c.method}, Attr{"result", storeResult(err)})
	}
	if c.span != nil {
		endStoreSpan(c.span, err)
	}
	return err
}

// endStoreSpan ends a store call's span; ErrNotFound is an answer, not a
// failure of the call.
func endStoreSpan(span Span, err error) {
	result := storeResult(err)
	if errors.Is(err, adapter.ErrNotFound) {
		result, err = "not_found", nil
	}
	span.End(err, Attr{"result", result})
}

func (b *boundedAdapter) classify(ctx context.Context, method string, err error) error {
	return classifyStore(ctx, b.watch, method, err)
}

// classifyStore classifies err of a store call made under ctx: nil and
// the errors that are answers (not found, conflict, a full rate limit
// store) tell watch that the store answered; a timeout of our deadline or
// a failure to reach the store becomes a *storeUnavailableError.
func classifyStore(ctx context.Context, watch *storeWatch, method string, err error) error {
	if err == nil || errors.Is(err, adapter.ErrNotFound) || errors.Is(err, adapter.ErrConflict) ||
		errors.Is(err, adapter.ErrRateLimitStoreFull) {
		watch.ok() // the store answered
		return err
	}
	if errors.Is(err, ErrStoreUnavailable) {
		return err
	}
	if context.Cause(ctx) == errStoreDeadline || isUnreachable(err) {
		return &storeUnavailableError{method: method, err: err, watch: watch}
	}
	return err
}

// isUnreachable reports whether err says the store could not be reached
// or the connection to it broke.
func isUnreachable(err error) bool {
	var ne net.Error
	var oe *net.OpError
	return errors.As(err, &oe) || (errors.As(err, &ne) && ne.Timeout()) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) // a network client's read of a connection the server (or the path to it) closed
}

// CreateUser calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) CreateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	ctx, cancel, c := b.ctx(ctx, "CreateUser")
	defer cancel()
	v, err := b.inner.CreateUser(ctx, u)
	return v, b.check(ctx, c, err)
}

// GetUser calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) GetUser(ctx context.Context, id string) (*adapter.User, error) {
	ctx, cancel, c := b.ctx(ctx, "GetUser")
	defer cancel()
	v, err := b.inner.GetUser(ctx, id)
	return v, b.check(ctx, c, err)
}

// GetUserByEmail calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) GetUserByEmail(ctx context.Context, email string) (*adapter.User, error) {
	ctx, cancel, c := b.ctx(ctx, "GetUserByEmail")
	defer cancel()
	v, err := b.inner.GetUserByEmail(ctx, email)
	return v, b.check(ctx, c, err)
}

// GetUserByAccount calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) GetUserByAccount(ctx context.Context, provider, providerAccountID string) (*adapter.User, error) {
	ctx, cancel, c := b.ctx(ctx, "GetUserByAccount")
	defer cancel()
	v, err := b.inner.GetUserByAccount(ctx, provider, providerAccountID)
	return v, b.check(ctx, c, err)
}

// UpdateUser calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) UpdateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	ctx, cancel, c := b.ctx(ctx, "UpdateUser")
	defer cancel()
	v, err := b.inner.UpdateUser(ctx, u)
	return v, b.check(ctx, c, err)
}

// DeleteUser calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) DeleteUser(ctx context.Context, id string) error {
	ctx, cancel, c := b.ctx(ctx, "DeleteUser")
	defer cancel()
	return b.check(ctx, c, b.inner.DeleteUser(ctx, id))
}

// LinkAccount calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) LinkAccount(ctx context.Context, acc *adapter.Account) error {
	ctx, cancel, c := b.ctx(ctx, "LinkAccount")
	defer cancel()
	return b.check(ctx, c, b.inner.LinkAccount(ctx, acc))
}

// UpdateAccount calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) UpdateAccount(ctx context.Context, acc *adapter.Account) error {
	ctx, cancel, c := b.ctx(ctx, "UpdateAccount")
	defer cancel()
	return b.check(ctx, c, b.inner.UpdateAccount(ctx, acc))
}

// GetAccount calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) GetAccount(ctx context.Context, provider, providerAccountID string) (*adapter.Account, error) {
	ctx, cancel, c := b.ctx(ctx, "GetAccount")
	defer cancel()
	v, err := b.inner.GetAccount(ctx, provider, providerAccountID)
	return v, b.check(ctx, c, err)
}

// ListAccounts calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) ListAccounts(ctx context.Context, userID string) ([]*adapter.Account, error) {
	ctx, cancel, c := b.ctx(ctx, "ListAccounts")
	defer cancel()
	v, err := b.inner.ListAccounts(ctx, userID)
	return v, b.check(ctx, c, err)
}

// UnlinkAccount calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) UnlinkAccount(ctx context.Context, provider, providerAccountID string) error {
	ctx, cancel, c := b.ctx(ctx, "UnlinkAccount")
	defer cancel()
	return b.check(ctx, c, b.inner.UnlinkAccount(ctx, provider, providerAccountID))
}

// CreateSession calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) CreateSession(ctx context.Context, s *adapter.Session) error {
	ctx, cancel, c := b.ctx(ctx, "CreateSession")
	defer cancel()
	return b.check(ctx, c, b.inner.CreateSession(ctx, s))
}

// GetSessionAndUser calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) GetSessionAndUser(ctx context.Context, sessionToken string) (*adapter.Session, *adapter.User, error) {
	ctx, cancel, c := b.ctx(ctx, "GetSessionAndUser")
	defer cancel()
	v, w, err := b.inner.GetSessionAndUser(ctx, sessionToken)
	return v, w, b.check(ctx, c, err)
}

// UpdateSession calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) UpdateSession(ctx context.Context, s *adapter.Session) error {
	ctx, cancel, c := b.ctx(ctx, "UpdateSession")
	defer cancel()
	return b.check(ctx, c, b.inner.UpdateSession(ctx, s))
}

// DeleteSession calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) DeleteSession(ctx context.Context, sessionToken string) error {
	ctx, cancel, c := b.ctx(ctx, "DeleteSession")
	defer cancel()
	return b.check(ctx, c, b.inner.DeleteSession(ctx, sessionToken))
}

// CreateVerificationToken calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) CreateVerificationToken(ctx context.Context, t *adapter.VerificationToken) error {
	ctx, cancel, c := b.ctx(ctx, "CreateVerificationToken")
	defer cancel()
	return b.check(ctx, c, b.inner.CreateVerificationToken(ctx, t))
}

// UseVerificationToken calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) UseVerificationToken(ctx context.Context, identifier, token string) (*adapter.VerificationToken, error) {
	ctx, cancel, c := b.ctx(ctx, "UseVerificationToken")
	defer cancel()
	v, err := b.inner.UseVerificationToken(ctx, identifier, token)
	return v, b.check(ctx, c, err)
}

// As intercepts the capabilities the handler uses when the wrapped
// adapter has them, so that they are bounded too: adapter.Transactor
// (StoreTimeout for the whole transaction, its failures classified like
// single calls), adapter.AuthenticatorStore, adapter.AuthenticatorDeleter
// and adapter.SessionLister (StoreTimeout per call). Any other capability
// is found through Unwrap, unbounded except by the caller's context.
func (b *boundedAdapter) As(target any) bool {
	switch target.(type) {
	case *adapter.Transactor:
		return bound(b, target, func(tx adapter.Transactor) adapter.Transactor { return boundedTx{b: b, tx: tx} })
	case *adapter.AuthenticatorStore:
		return bound(b, target, func(s adapter.AuthenticatorStore) adapter.AuthenticatorStore {
			return boundedAuthenticators{b: b, inner: s}
		})
	case *adapter.AuthenticatorDeleter:
		return bound(b, target, func(d adapter.AuthenticatorDeleter) adapter.AuthenticatorDeleter {
			return boundedAuthenticatorDeleter{b: b, inner: d}
		})
	case *adapter.SessionLister:
		return bound(b, target, func(l adapter.SessionLister) adapter.SessionLister {
			return boundedSessionLister{b: b, inner: l}
		})
	}
	return false
}

// boundedTx is the adapter.Transactor of a boundedAdapter.
type boundedTx struct {
	b  *boundedAdapter
	tx adapter.Transactor
}

// InTx runs fn in a transaction of the wrapped adapter within the
// deadline.
func (t boundedTx) InTx(ctx context.Context, fn func(tx adapter.Adapter) error) error {
	ctx, cancel, c := t.b.ctx(ctx, "InTx")
	defer cancel()
	err := t.tx.InTx(ctx, func(tx adapter.Adapter) error {
		return fn(&boundedAdapter{inner: tx, timeout: -1, watch: t.b.watch, metrics: t.b.metrics, tracer: t.b.tracer})
	})
	return t.b.check(ctx, c, err)
}

// boundedLimitStore gives every call of a configured RateLimit.Store the
// adapter's deadline (Config.StoreTimeout) and classifies its failures
// like the adapter's: a rate limit store on the network (Redis, SQL) can
// freeze like the database, and a sign-in must not wait longer for its
// count than for its session.
type boundedLimitStore struct {
	inner   adapter.RateLimitStore
	timeout time.Duration
	watch   *storeWatch
}

// newBoundedLimitStore wraps s unless it is nil; a negative timeout turns
// the deadline off (errors are still classified).
func newBoundedLimitStore(s adapter.RateLimitStore, timeout time.Duration, watch *storeWatch) adapter.RateLimitStore {
	if s == nil {
		return nil
	}
	return &boundedLimitStore{inner: s, timeout: timeout, watch: watch}
}

// AddCount calls the wrapped store's within the deadline.
func (b *boundedLimitStore) AddCount(ctx context.Context, key string, n int, window time.Duration) (adapter.RateCount, error) {
	ctx, cancel := withStoreDeadline(ctx, b.timeout)
	defer cancel()
	c, err := b.inner.AddCount(ctx, key, n, window)
	return c, classifyStore(ctx, b.watch, "RateLimitStore.AddCount", err)
}

// ResetCount calls the wrapped store's within the deadline.
func (b *boundedLimitStore) ResetCount(ctx context.Context, key string) error {
	ctx, cancel := withStoreDeadline(ctx, b.timeout)
	defer cancel()
	return classifyStore(ctx, b.watch, "RateLimitStore.ResetCount", b.inner.ResetCount(ctx, key))
}
