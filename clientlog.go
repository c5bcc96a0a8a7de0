package gatehouse

import (
	"log/slog"
	"net/http"
	"sort"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gatehouse-go/gatehouse/internal/web"
)

// clientLogAction is NextAuth.js v4's client logging endpoint: its client
// (next-auth/react 4.x) posts its errors and warnings there, form-encoded
// ({level, code, ...metadata}), with navigator.sendBeacon or fetch.
const clientLogAction = "_log"

// Bounds of what one client log report may put in the log, and how many
// reports are logged per window; the rest are counted and reported once
// per window as dropped, so that no client can flood the log.
const (
	clientLogMaxFields   = 8
	clientLogMaxValue    = 256
	clientLogPerWindow   = 30
	clientLogWindow      = time.Minute
	clientLogMaxKeyBytes = 32
)

// clientLogLimiter lets clientLogPerWindow reports through per window.
type clientLogLimiter struct {
	mu      sync.Mutex
	start   time.Time
	n       int
	dropped int
}

// allow reports whether a report at now may be logged, and how many were
// dropped in the window that just ended (to be reported once).
func (l *clientLogLimiter) allow(now time.Time) (ok bool, droppedBefore int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.start) >= clientLogWindow || now.Before(l.start) {
		droppedBefore = l.dropped
		l.start, l.n, l.dropped = now, 0, 0
	}
	if l.n >= clientLogPerWindow {
		l.dropped++
		return false, droppedBefore
	}
	l.n++
	return true, droppedBefore
}

// POST /_log: a report from the next-auth v4 client, logged at Info (its
// debug reports at Debug), bounded in size and rate, and answered 200 with
// an empty body as NextAuth.js v4 does. Nothing in it is trusted: it is
// attacker-controlled text, logged as quoted attribute values only.
func (a *Auth) handleClientLog(rq *web.Request, _ string) {
	rq.W.WriteHeader(http.StatusOK)
	ok, dropped := a.clientLog.allow(a.now())
	ctx := rq.R.Context()
	if dropped > 0 {
		a.log.WarnContext(ctx, "gatehouse: next-auth client log reports dropped (rate limit)", "dropped", dropped, "window", clientLogWindow)
	}
	if !ok {
		return
	}
	level := slog.LevelInfo
	if rq.Form.Get("level") == "debug" {
		level = slog.LevelDebug
	}
	if !a.log.Enabled(ctx, level) {
		return
	}
	args := []any{"level", clip(rq.Form.Get("level"), 16), "code", clip(rq.Form.Get("code"), 64)}
	keys := make([]string, 0, len(rq.Form))
	for k := range rq.Form {
		if k != "level" && k != "code" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if len(keys) > clientLogMaxFields {
		args = append(args, "omitted_fields", len(keys)-clientLogMaxFields)
		keys = keys[:clientLogMaxFields]
	}
	for _, k := range keys {
		args = append(args, "client."+clip(k, clientLogMaxKeyBytes), clip(rq.Form.Get(k), clientLogMaxValue))
	}
	a.log.Log(ctx, level, "gatehouse: next-auth client reported", args...)
}

// clip shortens s to at most n bytes on a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
