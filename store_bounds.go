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
}

func (e *storeUnavailableError) Error() string {
	return fmt.Sprintf("%s: %v: %v", e.method, ErrStoreUnavailable, e.err)
}

func (e *storeUnavailableError) Unwrap() []error { return []error{ErrStoreUnavailable, e.err} }

// boundedAdapter gives every call of the adapter contract its own
// deadline (Config.StoreTimeout), so that a frozen database cannot hold
// requests for as long as it is frozen, and classifies failures to reach
// the store as ErrStoreUnavailable. Optional capabilities are found
// through Unwrap, on the wrapped adapter, unbounded except by the
// request's own context.
type boundedAdapter struct {
	inner   adapter.Adapter
	timeout time.Duration
	watch   *storeWatch // told of each success, to log when the store is back
	metrics Metrics
}

// newBoundedAdapter wraps a unless it is nil or timeout is negative
// (deadlines turned off; errors are still classified).
func newBoundedAdapter(a adapter.Adapter, timeout time.Duration, watch *storeWatch, m Metrics) adapter.Adapter {
	if a == nil {
		return nil
	}
	return &boundedAdapter{inner: a, timeout: timeout, watch: watch, metrics: m}
}

// Unwrap returns the wrapped adapter, for adapter.As.
func (b *boundedAdapter) Unwrap() adapter.Adapter { return b.inner }

// ctx returns the call's context, with the deadline, and when the call
// began (for MetricStoreCalls).
func (b *boundedAdapter) ctx(ctx context.Context) (context.Context, context.CancelFunc, time.Time) {
	if b.timeout <= 0 {
		return ctx, func() {}, time.Now()
	}
	ctx, cancel := context.WithTimeoutCause(ctx, b.timeout, errStoreDeadline)
	return ctx, cancel, time.Now()
}

var errStoreDeadline = errors.New("no answer within Config.StoreTimeout")

// check classifies err of method: a timeout of our deadline or a failure
// to reach the store becomes a *storeUnavailableError. A request whose
// client went away keeps its error (that is not the store's fault).
func (b *boundedAdapter) check(ctx context.Context, start time.Time, method string, err error) error {
	err = b.classify(ctx, method, err)
	if metricsOn(b.metrics) {
		b.metrics.Record(ctx, MetricStoreCalls, time.Since(start), Attr{"method", method}, Attr{"result", storeResult(err)})
	}
	return err
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
		return &storeUnavailableError{method: method, err: err}
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
	ctx, cancel, start := b.ctx(ctx)
	defer cancel()
	v, err := b.inner.CreateUser(ctx, u)
	return v, b.check(ctx, start, "CreateUser", err)
}

// GetUser calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) GetUser(ctx context.Context, id string) (*adapter.User, error) {
	ctx, cancel, start := b.ctx(ctx)
	defer cancel()
	v, err := b.inner.GetUser(ctx, id)
	return v, b.check(ctx, start, "GetUser", err)
}

// GetUserByEmail calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) GetUserByEmail(ctx context.Context, email string) (*adapter.User, error) {
	ctx, cancel, start := b.ctx(ctx)
	defer cancel()
	v, err := b.inner.GetUserByEmail(ctx, email)
	return v, b.check(ctx, start, "GetUserByEmail", err)
}

// GetUserByAccount calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) GetUserByAccount(ctx context.Context, provider, providerAccountID string) (*adapter.User, error) {
	ctx, cancel, start := b.ctx(ctx)
	defer cancel()
	v, err := b.inner.GetUserByAccount(ctx, provider, providerAccountID)
	return v, b.check(ctx, start, "GetUserByAccount", err)
}

// UpdateUser calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) UpdateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	ctx, cancel, start := b.ctx(ctx)
	defer cancel()
	v, err := b.inner.UpdateUser(ctx, u)
	return v, b.check(ctx, start, "UpdateUser", err)
}

// DeleteUser calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) DeleteUser(ctx context.Context, id string) error {
	ctx, cancel, start := b.ctx(ctx)
	defer cancel()
	return b.check(ctx, start, "DeleteUser", b.inner.DeleteUser(ctx, id))
}

// LinkAccount calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) LinkAccount(ctx context.Context, acc *adapter.Account) error {
	ctx, cancel, start := b.ctx(ctx)
	defer cancel()
	return b.check(ctx, start, "LinkAccount", b.inner.LinkAccount(ctx, acc))
}

// UpdateAccount calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) UpdateAccount(ctx context.Context, acc *adapter.Account) error {
	ctx, cancel, start := b.ctx(ctx)
	defer cancel()
	return b.check(ctx, start, "UpdateAccount", b.inner.UpdateAccount(ctx, acc))
}

// GetAccount calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) GetAccount(ctx context.Context, provider, providerAccountID string) (*adapter.Account, error) {
	ctx, cancel, start := b.ctx(ctx)
	defer cancel()
	v, err := b.inner.GetAccount(ctx, provider, providerAccountID)
	return v, b.check(ctx, start, "GetAccount", err)
}

// ListAccounts calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) ListAccounts(ctx context.Context, userID string) ([]*adapter.Account, error) {
	ctx, cancel, start := b.ctx(ctx)
	defer cancel()
	v, err := b.inner.ListAccounts(ctx, userID)
	return v, b.check(ctx, start, "ListAccounts", err)
}

// UnlinkAccount calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) UnlinkAccount(ctx context.Context, provider, providerAccountID string) error {
	ctx, cancel, start := b.ctx(ctx)
	defer cancel()
	return b.check(ctx, start, "UnlinkAccount", b.inner.UnlinkAccount(ctx, provider, providerAccountID))
}

// CreateSession calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) CreateSession(ctx context.Context, s *adapter.Session) error {
	ctx, cancel, start := b.ctx(ctx)
	defer cancel()
	return b.check(ctx, start, "CreateSession", b.inner.CreateSession(ctx, s))
}

// GetSessionAndUser calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) GetSessionAndUser(ctx context.Context, sessionToken string) (*adapter.Session, *adapter.User, error) {
	ctx, cancel, start := b.ctx(ctx)
	defer cancel()
	v, w, err := b.inner.GetSessionAndUser(ctx, sessionToken)
	return v, w, b.check(ctx, start, "GetSessionAndUser", err)
}

// UpdateSession calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) UpdateSession(ctx context.Context, s *adapter.Session) error {
	ctx, cancel, start := b.ctx(ctx)
	defer cancel()
	return b.check(ctx, start, "UpdateSession", b.inner.UpdateSession(ctx, s))
}

// DeleteSession calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) DeleteSession(ctx context.Context, sessionToken string) error {
	ctx, cancel, start := b.ctx(ctx)
	defer cancel()
	return b.check(ctx, start, "DeleteSession", b.inner.DeleteSession(ctx, sessionToken))
}

// CreateVerificationToken calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) CreateVerificationToken(ctx context.Context, t *adapter.VerificationToken) error {
	ctx, cancel, start := b.ctx(ctx)
	defer cancel()
	return b.check(ctx, start, "CreateVerificationToken", b.inner.CreateVerificationToken(ctx, t))
}

// UseVerificationToken calls the wrapped adapter's within the deadline.
func (b *boundedAdapter) UseVerificationToken(ctx context.Context, identifier, token string) (*adapter.VerificationToken, error) {
	ctx, cancel, start := b.ctx(ctx)
	defer cancel()
	v, err := b.inner.UseVerificationToken(ctx, identifier, token)
	return v, b.check(ctx, start, "UseVerificationToken", err)
}

// As intercepts adapter.Transactor when the wrapped adapter has it, so
// that a transaction is bounded too: StoreTimeout for the whole of it,
// its failures classified like single calls.
func (b *boundedAdapter) As(target any) bool {
	p, ok := target.(*adapter.Transactor)
	if !ok {
		return false
	}
	tx, ok := adapter.As[adapter.Transactor](b.inner)
	if !ok {
		return false
	}
	*p = boundedTx{b: b, tx: tx}
	return true
}

// boundedTx is the adapter.Transactor of a boundedAdapter.
type boundedTx struct {
	b  *boundedAdapter
	tx adapter.Transactor
}

// InTx runs fn in a transaction of the wrapped adapter within the
// deadline.
func (t boundedTx) InTx(ctx context.Context, fn func(tx adapter.Adapter) error) error {
	ctx, cancel, start := t.b.ctx(ctx)
	defer cancel()
	err := t.tx.InTx(ctx, func(tx adapter.Adapter) error {
		return fn(&boundedAdapter{inner: tx, timeout: -1, watch: t.b.watch, metrics: t.b.metrics})
	})
	return t.b.check(ctx, start, "InTx", err)
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

func (b *boundedLimitStore) ctx(ctx context.Context) (context.Context, context.CancelFunc) {
	if b.timeout <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeoutCause(ctx, b.timeout, errStoreDeadline)
}

// AddCount calls the wrapped store's within the deadline.
func (b *boundedLimitStore) AddCount(ctx context.Context, key string, n int, window time.Duration) (adapter.RateCount, error) {
	ctx, cancel := b.ctx(ctx)
	defer cancel()
	c, err := b.inner.AddCount(ctx, key, n, window)
	return c, classifyStore(ctx, b.watch, "RateLimitStore.AddCount", err)
}

// ResetCount calls the wrapped store's within the deadline.
func (b *boundedLimitStore) ResetCount(ctx context.Context, key string) error {
	ctx, cancel := b.ctx(ctx)
	defer cancel()
	return classifyStore(ctx, b.watch, "RateLimitStore.ResetCount", b.inner.ResetCount(ctx, key))
}
