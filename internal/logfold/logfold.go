// Package logfold is a slog.Handler that folds repeated identical
// records: the first of each kind in an interval is logged, the rest are
// counted and reported as one record ("... repeated N times") when the
// kind next appears after the interval. A client sending the same bad
// request thousands of times, or a store outage failing every request,
// then costs a line per interval instead of a line per request.
package logfold

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// maxKinds bounds the kinds remembered; when full, the table is cleared
// (folding restarts, nothing is lost but the counts so far, which are
// flushed first).
const maxKinds = 1024

// Handler folds records at Level and above that have the same level,
// message and "err" attribute.
type Handler struct {
	next     slog.Handler
	level    slog.Level
	interval time.Duration
	now      func() time.Time
	st       *state // shared with the handlers made by WithAttrs/WithGroup
}

type state struct {
	mu    sync.Mutex
	kinds map[string]*kind
}

type kind struct {
	since      time.Time // start of the current interval
	suppressed int
}

// New returns a Handler passing records to next, folding those at level
// and above per interval. now is the clock (time.Now when nil).
func New(next slog.Handler, level slog.Level, interval time.Duration, now func() time.Time) *Handler {
	if now == nil {
		now = time.Now
	}
	return &Handler{next: next, level: level, interval: interval, now: now, st: &state{kinds: map[string]*kind{}}}
}

// Enabled implements slog.Handler.
func (h *Handler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

// Handle implements slog.Handler.
func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	if r.Level < h.level {
		return h.next.Handle(ctx, r)
	}
	key := r.Level.String() + "\x00" + r.Message
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "err" {
			key += "\x00" + a.Value.String()
			return false
		}
		return true
	})
	now := h.now()
	h.st.mu.Lock()
	k := h.st.kinds[key]
	if k != nil && now.Sub(k.since) < h.interval {
		k.suppressed++
		h.st.mu.Unlock()
		return nil
	}
	suppressed := 0
	if k != nil {
		suppressed = k.suppressed
	} else if len(h.st.kinds) >= maxKinds {
		clear(h.st.kinds)
	}
	h.st.kinds[key] = &kind{since: now}
	h.st.mu.Unlock()
	if suppressed > 0 {
		r = r.Clone()
		r.AddAttrs(slog.String("repeated", fmt.Sprintf("%d more times in the last %v", suppressed, h.interval)))
	}
	return h.next.Handle(ctx, r)
}

// WithAttrs implements slog.Handler.
func (h *Handler) WithAttrs(as []slog.Attr) slog.Handler {
	c := *h
	c.next = h.next.WithAttrs(as)
	return &c
}

// WithGroup implements slog.Handler.
func (h *Handler) WithGroup(name string) slog.Handler {
	c := *h
	c.next = h.next.WithGroup(name)
	return &c
}
