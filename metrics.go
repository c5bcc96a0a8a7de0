package gatehouse

import (
	"context"
	"errors"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// Metrics receives gatehouse's measurements, for an exporter such as
// OpenTelemetry or Prometheus (set Config.Metrics). The interface is two
// generic methods so that it stays stable as measurements are added: each
// measurement is a name (the Metric* constants) with attributes.
// Implementations must be safe for concurrent use and fast (they run on
// the request path); gatehouse never passes secrets, tokens, user names
// or addresses as attributes.
type Metrics interface {
	// Add adds n to the counter name.
	Add(ctx context.Context, name string, n int64, attrs ...Attr)
	// Record records a duration in the histogram name.
	Record(ctx context.Context, name string, d time.Duration, attrs ...Attr)
}

// Attr is an attribute of a measurement.
type Attr struct{ Key, Value string }

// The measurements gatehouse reports, with their attributes.
const (
	// MetricSignIns counts sign-in attempts that reached a provider's
	// flow: provider (its id), outcome ("success", "failure",
	// "unavailable").
	MetricSignIns = "gatehouse.sign_ins"
	// MetricSessionReads counts GET/POST /session: result ("session",
	// "none", "error", "unavailable").
	MetricSessionReads = "gatehouse.session_reads"
	// MetricStoreCalls is the duration of adapter calls: method (such as
	// "GetSessionAndUser"), result ("ok"; "not_found" and "conflict",
	// the contract's answers adapter.ErrNotFound and adapter.ErrConflict;
	// "unavailable"; "error" for any other failure).
	MetricStoreCalls = "gatehouse.store.call.duration"
	// MetricRateLimited counts attempts refused by a rate limit: limit
	// ("credentials", "email"), by ("identifier", "ip", "full", or
	// "store_error" when the store failed or could not be reached; a client
	// that went away while waiting is not counted).
	MetricRateLimited = "gatehouse.rate_limited"
	// MetricEmails counts sign-in emails: provider, result ("sent",
	// "failed").
	MetricEmails = "gatehouse.emails"
	// MetricCacheLookups counts lookups in a cache: cache (such as "jwt"),
	// result ("hit", "miss").
	MetricCacheLookups = "gatehouse.cache.lookups"
)

// The statistics of a database/sql pool (sql.DBStats), for exporters that
// read them at each scrape or collection rather than through Metrics:
// promtext.Registry.ObservePool and otelgatehouse.Metrics.ObservePool take
// a function returning them, such as sqladapter.Adapter.Stats. Each carries
// the attributes given to ObservePool (to tell several pools apart).
const (
	// MetricPoolOpen is a gauge: connections open, in use or idle
	// (sql.DBStats.OpenConnections).
	MetricPoolOpen = "gatehouse.db.pool.connections.open"
	// MetricPoolInUse is a gauge: connections in use (InUse).
	MetricPoolInUse = "gatehouse.db.pool.connections.in_use"
	// MetricPoolIdle is a gauge: idle connections (Idle).
	MetricPoolIdle = "gatehouse.db.pool.connections.idle"
	// MetricPoolMax is a gauge: the most connections the pool opens
	// (MaxOpenConnections; 0 means no limit).
	MetricPoolMax = "gatehouse.db.pool.connections.max"
	// MetricPoolWaits counts the waits for a free connection (WaitCount).
	MetricPoolWaits = "gatehouse.db.pool.waits"
	// MetricPoolWaitDuration counts the time spent waiting for a free
	// connection, in seconds (WaitDuration).
	MetricPoolWaitDuration = "gatehouse.db.pool.wait.duration"
	// MetricPoolClosed counts connections the pool closed because of a
	// limit: reason ("max_idle", "max_idle_time", "max_lifetime").
	MetricPoolClosed = "gatehouse.db.pool.closed"
)

// noMetrics is the Metrics of a Config without one.
type noMetrics struct{}

func (noMetrics) Add(context.Context, string, int64, ...Attr)            {}
func (noMetrics) Record(context.Context, string, time.Duration, ...Attr) {}

// metricsOn reports whether m records anything: the hooks' callers skip
// building attributes (an allocation per call) for the default noMetrics.
func metricsOn(m Metrics) bool {
	_, off := m.(noMetrics)
	return m != nil && !off
}

// storeResult is the result attribute of a store call's error.
func storeResult(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, ErrStoreUnavailable):
		return "unavailable"
	case errors.Is(err, adapter.ErrNotFound):
		return "not_found" // an answer, such as an address nobody has used yet
	case errors.Is(err, adapter.ErrConflict):
		return "conflict"
	}
	return "error"
}

// countSessionRead reports a session read's result.
func (a *Auth) countSessionRead(ctx context.Context, found bool, err error) {
	if !metricsOn(a.cfg.Metrics) {
		return
	}
	result := "none"
	switch {
	case errors.Is(err, ErrStoreUnavailable):
		result = "unavailable"
	case err != nil:
		result = "error"
	case found:
		result = "session"
	}
	a.cfg.Metrics.Add(ctx, MetricSessionReads, 1, Attr{"result", result})
}

// countSignIn reports a sign-in's outcome with provider.
func (a *Auth) countSignIn(ctx context.Context, provider string, err error) {
	if !metricsOn(a.cfg.Metrics) {
		return
	}
	outcome := "success"
	switch {
	case errors.Is(err, ErrStoreUnavailable):
		outcome = "unavailable"
	case err != nil:
		outcome = "failure"
	}
	a.cfg.Metrics.Add(ctx, MetricSignIns, 1, Attr{"provider", provider}, Attr{"outcome", outcome})
}
