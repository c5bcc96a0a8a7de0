package sessioncache

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// dropper drops cache entries: a *Cache (here and, through the
// invalidator, on other instances), or a transaction's record of what to
// drop when it ends.
type dropper interface {
	dropSession(token string)
	dropUser(userID string)
	dropExpired(before time.Time)
	// local returns the dropper for writes inside a transaction: it drops
	// this instance's entries at once and tells other instances nothing
	// until the transaction has ended.
	local() dropper
}

// wrapped is the adapter under writes: embedded under this name, its
// methods are promoted without exporting a field.
type wrapped = adapter.Adapter

// writes is an adapter whose writes to sessions and users also drop the
// cache entries they affect: the Cache's view of the wrapped adapter, and
// the view of a transaction that InTx passes to its function. Every other
// call, and through Unwrap every other capability, goes to the wrapped
// adapter unchanged.
type writes struct {
	wrapped
	drop dropper
}

// UpdateSession updates the session in the wrapped adapter and drops its
// entry.
func (w writes) UpdateSession(ctx context.Context, s *adapter.Session) error {
	err := w.wrapped.UpdateSession(ctx, s)
	if s != nil {
		w.drop.dropSession(s.SessionToken)
	}
	return err
}

// DeleteSession deletes the session in the wrapped adapter and drops its
// entry.
func (w writes) DeleteSession(ctx context.Context, sessionToken string) error {
	err := w.wrapped.DeleteSession(ctx, sessionToken)
	w.drop.dropSession(sessionToken)
	return err
}

// UpdateUser updates the user in the wrapped adapter and drops the entries
// of the user's sessions.
func (w writes) UpdateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	got, err := w.wrapped.UpdateUser(ctx, u)
	if u != nil {
		w.drop.dropUser(u.ID)
	}
	return got, err
}

// DeleteUser deletes the user in the wrapped adapter and drops the entries
// of the user's sessions.
func (w writes) DeleteUser(ctx context.Context, id string) error {
	err := w.wrapped.DeleteUser(ctx, id)
	w.drop.dropUser(id)
	return err
}

// Unwrap returns the wrapped adapter (or transaction).
func (w writes) Unwrap() adapter.Adapter { return w.wrapped }

// As intercepts adapter.Transactor, adapter.UserSessionsDeleter and
// adapter.ExpiredCleaner when the wrapped adapter has them; see Cache.As.
func (w writes) As(target any) bool {
	switch p := target.(type) {
	case *adapter.Transactor:
		tx, ok := adapter.As[adapter.Transactor](w.wrapped)
		if ok {
			*p = transactor{tx, w.drop}
		}
		return ok
	case *adapter.UserSessionsDeleter:
		d, ok := adapter.As[adapter.UserSessionsDeleter](w.wrapped)
		if ok {
			*p = userSessions{d, w.drop}
		}
		return ok
	case *adapter.ExpiredCleaner:
		ec, ok := adapter.As[adapter.ExpiredCleaner](w.wrapped)
		if ok {
			*p = cleaner{ec, w.drop}
		}
		return ok
	}
	return false
}

// transactor runs the wrapped adapter's transactions with a writes view of
// each. A write drops this instance's entries when written, and once InTx
// returns (committed or not) each entry written is dropped again, here and
// on other instances, with one message each: a reader that refilled an
// entry between the write and the commit read the old value, and other
// instances told before the commit could do the same. A transaction begun
// inside another hands its drops to the outer one, which publishes them
// when it ends.
type transactor struct {
	tx   adapter.Transactor
	drop dropper
}

func (t transactor) InTx(ctx context.Context, fn func(tx adapter.Adapter) error) error {
	r := &record{now: t.drop.local(), end: t.drop}
	defer r.replay()
	return t.tx.InTx(ctx, func(tx adapter.Adapter) error {
		return fn(writes{wrapped: tx, drop: r})
	})
}

// record drops entries locally while a transaction runs (now) and
// remembers them, to drop each once more through end when it has ended.
type record struct {
	now, end dropper

	mu       sync.Mutex
	sessions []string
	users    []string
	expired  []time.Time
}

func (r *record) local() dropper { return r }

func (r *record) dropSession(token string) {
	r.now.dropSession(token)
	r.mu.Lock()
	r.sessions = append(r.sessions, token)
	r.mu.Unlock()
}

func (r *record) dropUser(userID string) {
	r.now.dropUser(userID)
	r.mu.Lock()
	r.users = append(r.users, userID)
	r.mu.Unlock()
}

func (r *record) dropExpired(before time.Time) {
	r.now.dropExpired(before)
	r.mu.Lock()
	r.expired = append(r.expired, before)
	r.mu.Unlock()
}

// replay drops what the transaction wrote through end, each session and
// user once, and expired entries once, up to the latest time recorded.
func (r *record) replay() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range unique(r.sessions) {
		r.end.dropSession(s)
	}
	for _, u := range unique(r.users) {
		r.end.dropUser(u)
	}
	if len(r.expired) > 0 {
		r.end.dropExpired(slices.MaxFunc(r.expired, time.Time.Compare))
	}
}

// unique returns the distinct values of s, in their first order.
func unique(s []string) []string {
	if len(s) < 2 {
		return s
	}
	seen := make(map[string]struct{}, len(s))
	out := s[:0:0]
	for _, v := range s {
		if _, ok := seen[v]; !ok {
			seen[v] = struct{}{}
			out = append(out, v)
		}
	}
	return out
}

// cleaner deletes expired rows in the wrapped adapter and drops the cached
// sessions that expired before the same time: without it they would be
// served until their entries' TTL although they are gone from the store.
type cleaner struct {
	ec   adapter.ExpiredCleaner
	drop dropper
}

func (c cleaner) DeleteExpired(ctx context.Context, now time.Time, limit int) (sessions, tokens int64, err error) {
	sessions, tokens, err = c.ec.DeleteExpired(ctx, now, limit)
	c.drop.dropExpired(now)
	return sessions, tokens, err
}

// userSessions deletes a user's sessions in the wrapped adapter and drops
// their entries.
type userSessions struct {
	d    adapter.UserSessionsDeleter
	drop dropper
}

func (u userSessions) DeleteUserSessions(ctx context.Context, userID string) error {
	err := u.d.DeleteUserSessions(ctx, userID)
	u.drop.dropUser(userID)
	return err
}
