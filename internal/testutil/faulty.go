package testutil

import (
	"context"
	"errors"
	"maps"
	"sync"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// ErrInjected is the error of every call that [Faulty] was told to fail.
var ErrInjected = errors.New("injected failure")

// AdapterMethods returns the names of the methods of adapter.Adapter, for
// tests that fail each in turn.
func AdapterMethods() []string {
	return []string{
		"CreateUser", "GetUser", "GetUserByEmail", "GetUserByAccount", "UpdateUser", "DeleteUser",
		"LinkAccount", "UpdateAccount", "GetAccount", "ListAccounts", "UnlinkAccount",
		"CreateSession", "GetSessionAndUser", "UpdateSession", "DeleteSession",
		"CreateVerificationToken", "UseVerificationToken",
	}
}

// Faulty wraps an adapter.Adapter for tests. It counts the calls of each
// method, fails the method named with Fail (returning ErrInjected without
// calling the wrapped adapter), and runs the hook set with OnCall after
// each call. It also implements adapter.SessionLister, forwarding to the
// wrapped adapter or failing with adapter.ErrUnsupported. It is safe for
// concurrent use.
type Faulty struct {
	inner adapter.Adapter
	s     *faultState // shared with the transactions of WithTx
}

type faultState struct {
	mu     sync.Mutex
	calls  map[string]int
	failOn string
	hook   func(method string, err error)
}

// NewFaulty returns a Faulty around inner that fails nothing.
func NewFaulty(inner adapter.Adapter) *Faulty {
	return &Faulty{inner: inner, s: &faultState{calls: map[string]int{}}}
}

// Fail makes method fail from now on; "" fails nothing.
func (f *Faulty) Fail(method string) {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	f.s.failOn = method
}

// OnCall sets a hook that runs after each call has returned from the
// wrapped adapter (or failed), with the method's name and error; nil
// removes it.
func (f *Faulty) OnCall(hook func(method string, err error)) {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	f.s.hook = hook
}

// Take returns the calls made since the last Take, per method, and starts
// counting afresh.
func (f *Faulty) Take() map[string]int {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	c := f.s.calls
	f.s.calls = map[string]int{}
	return c
}

// Count returns the calls of method since the last Take.
func (f *Faulty) Count(method string) int {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	return f.s.calls[method]
}

// Total returns the calls of every method since the last Take.
func (f *Faulty) Total() int {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	n := 0
	for _, v := range f.s.calls {
		n += v
	}
	return n
}

// Calls returns a copy of the counts since the last Take.
func (f *Faulty) Calls() map[string]int {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	return maps.Clone(f.s.calls)
}

// Inner returns the wrapped adapter, for a test to inspect the store
// without counting.
func (f *Faulty) Inner() adapter.Adapter { return f.inner }

// WithTx returns f as an adapter.Transactor as well, for a wrapped adapter
// that is one: each transaction's adapter is wrapped too, sharing f's
// counts, failures and hook.
func (f *Faulty) WithTx() adapter.Adapter { return faultyTx{f} }

type faultyTx struct{ *Faulty }

// InTx runs fn in a transaction of the wrapped adapter.
func (f faultyTx) InTx(ctx context.Context, fn func(tx adapter.Adapter) error) error {
	tr, ok := f.inner.(adapter.Transactor)
	if !ok {
		return adapter.ErrUnsupported
	}
	return tr.InTx(ctx, func(tx adapter.Adapter) error {
		return fn(&Faulty{inner: tx, s: f.s})
	})
}

// call counts a call of method, fails it when asked, and otherwise runs
// it; then it runs the hook.
func call[T any](f *Faulty, method string, run func() (T, error)) (T, error) {
	s := f.s
	s.mu.Lock()
	s.calls[method]++
	fail, hook := s.failOn == method, s.hook
	s.mu.Unlock()
	var (
		v   T
		err = ErrInjected
	)
	if !fail {
		v, err = run()
	}
	if hook != nil {
		hook(method, err)
	}
	return v, err
}

// exec is call for methods that return only an error.
func exec(f *Faulty, method string, run func() error) error {
	_, err := call(f, method, func() (struct{}, error) { return struct{}{}, run() })
	return err
}

// CreateUser forwards to the wrapped adapter.
func (f *Faulty) CreateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	return call(f, "CreateUser", func() (*adapter.User, error) { return f.inner.CreateUser(ctx, u) })
}

// GetUser forwards to the wrapped adapter.
func (f *Faulty) GetUser(ctx context.Context, id string) (*adapter.User, error) {
	return call(f, "GetUser", func() (*adapter.User, error) { return f.inner.GetUser(ctx, id) })
}

// GetUserByEmail forwards to the wrapped adapter.
func (f *Faulty) GetUserByEmail(ctx context.Context, email string) (*adapter.User, error) {
	return call(f, "GetUserByEmail", func() (*adapter.User, error) { return f.inner.GetUserByEmail(ctx, email) })
}

// GetUserByAccount forwards to the wrapped adapter.
func (f *Faulty) GetUserByAccount(ctx context.Context, provider, id string) (*adapter.User, error) {
	return call(f, "GetUserByAccount", func() (*adapter.User, error) { return f.inner.GetUserByAccount(ctx, provider, id) })
}

// UpdateUser forwards to the wrapped adapter.
func (f *Faulty) UpdateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	return call(f, "UpdateUser", func() (*adapter.User, error) { return f.inner.UpdateUser(ctx, u) })
}

// DeleteUser forwards to the wrapped adapter.
func (f *Faulty) DeleteUser(ctx context.Context, id string) error {
	return exec(f, "DeleteUser", func() error { return f.inner.DeleteUser(ctx, id) })
}

// LinkAccount forwards to the wrapped adapter.
func (f *Faulty) LinkAccount(ctx context.Context, a *adapter.Account) error {
	return exec(f, "LinkAccount", func() error { return f.inner.LinkAccount(ctx, a) })
}

// UpdateAccount forwards to the wrapped adapter.
func (f *Faulty) UpdateAccount(ctx context.Context, a *adapter.Account) error {
	return exec(f, "UpdateAccount", func() error { return f.inner.UpdateAccount(ctx, a) })
}

// GetAccount forwards to the wrapped adapter.
func (f *Faulty) GetAccount(ctx context.Context, provider, id string) (*adapter.Account, error) {
	return call(f, "GetAccount", func() (*adapter.Account, error) { return f.inner.GetAccount(ctx, provider, id) })
}

// ListAccounts forwards to the wrapped adapter.
func (f *Faulty) ListAccounts(ctx context.Context, userID string) ([]*adapter.Account, error) {
	return call(f, "ListAccounts", func() ([]*adapter.Account, error) { return f.inner.ListAccounts(ctx, userID) })
}

// UnlinkAccount forwards to the wrapped adapter.
func (f *Faulty) UnlinkAccount(ctx context.Context, provider, id string) error {
	return exec(f, "UnlinkAccount", func() error { return f.inner.UnlinkAccount(ctx, provider, id) })
}

// CreateSession forwards to the wrapped adapter.
func (f *Faulty) CreateSession(ctx context.Context, s *adapter.Session) error {
	return exec(f, "CreateSession", func() error { return f.inner.CreateSession(ctx, s) })
}

// GetSessionAndUser forwards to the wrapped adapter.
func (f *Faulty) GetSessionAndUser(ctx context.Context, token string) (*adapter.Session, *adapter.User, error) {
	var u *adapter.User
	s, err := call(f, "GetSessionAndUser", func() (s *adapter.Session, err error) {
		s, u, err = f.inner.GetSessionAndUser(ctx, token)
		return s, err
	})
	return s, u, err
}

// UpdateSession forwards to the wrapped adapter.
func (f *Faulty) UpdateSession(ctx context.Context, s *adapter.Session) error {
	return exec(f, "UpdateSession", func() error { return f.inner.UpdateSession(ctx, s) })
}

// DeleteSession forwards to the wrapped adapter.
func (f *Faulty) DeleteSession(ctx context.Context, token string) error {
	return exec(f, "DeleteSession", func() error { return f.inner.DeleteSession(ctx, token) })
}

// CreateVerificationToken forwards to the wrapped adapter.
func (f *Faulty) CreateVerificationToken(ctx context.Context, v *adapter.VerificationToken) error {
	return exec(f, "CreateVerificationToken", func() error { return f.inner.CreateVerificationToken(ctx, v) })
}

// UseVerificationToken forwards to the wrapped adapter.
func (f *Faulty) UseVerificationToken(ctx context.Context, identifier, token string) (*adapter.VerificationToken, error) {
	return call(f, "UseVerificationToken", func() (*adapter.VerificationToken, error) {
		return f.inner.UseVerificationToken(ctx, identifier, token)
	})
}

// ListSessions forwards to the wrapped adapter, or fails with
// adapter.ErrUnsupported when it is no adapter.SessionLister.
func (f *Faulty) ListSessions(ctx context.Context, userID string) ([]*adapter.Session, error) {
	return call(f, "ListSessions", func() ([]*adapter.Session, error) {
		l, ok := f.inner.(adapter.SessionLister)
		if !ok {
			return nil, adapter.ErrUnsupported
		}
		return l.ListSessions(ctx, userID)
	})
}
