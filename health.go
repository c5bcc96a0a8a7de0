package gatehouse

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/internal/web"
)

// Health answers liveness and readiness probes (for example Kubernetes'
// livenessProbe and readinessProbe, or a load balancer's health check).
// Get one from Auth.Health and mount its handlers where the platform
// looks, such as /healthz and /readyz. It is safe for concurrent use.
type Health struct {
	pinger   adapter.Pinger // nil: nothing to ping
	timeout  time.Duration
	draining atomic.Bool
}

// DefaultHealthTimeout bounds the store ping of a readiness probe.
const DefaultHealthTimeout = 2 * time.Second

// Health returns the probes of a: readiness pings Config.Adapter when it
// (or an adapter it wraps) implements adapter.Pinger, within
// DefaultHealthTimeout.
func (a *Auth) Health() *Health {
	h := &Health{timeout: DefaultHealthTimeout}
	if a.cfg.Adapter != nil {
		if p, ok := adapter.As[adapter.Pinger](a.cfg.Adapter); ok {
			h.pinger = p
		}
	}
	return h
}

// Live is the liveness probe: 200 "ok" while the process can serve at
// all. It checks nothing else, so that a store outage does not get the
// process restarted.
func (h *Health) Live() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		web.WritePlain(w, http.StatusOK, "ok")
	})
}

// Ready is the readiness probe: 200 "ok" when the store answers a ping,
// 503 when it does not ("store unreachable"; the cause is not shown to
// whoever asks) or when SetDraining was called (the process is shutting
// down and should get no new requests).
func (h *Health) Ready() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h.Check(r.Context()); err != nil {
			w.Header().Set("Retry-After", "1")
			msg := "not ready: store unreachable"
			if err == errDraining {
				msg = "not ready: shutting down"
			}
			web.WritePlain(w, http.StatusServiceUnavailable, msg)
			return
		}
		web.WritePlain(w, http.StatusOK, "ok")
	})
}

// errDraining is Check's error while shutting down.
var errDraining = errors.New("shutting down")

// Check reports whether the handler is ready: nil, or why not.
func (h *Health) Check(ctx context.Context) error {
	if h.draining.Load() {
		return errDraining
	}
	if h.pinger == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, h.timeout)
	defer cancel()
	if err := h.pinger.Ping(ctx); err != nil {
		return fmt.Errorf("store ping failed: %w", err)
	}
	return nil
}

// SetDraining turns readiness off for good: call it when shutdown
// begins, before the listener closes, so that load balancers stop
// sending requests while those in flight finish.
func (h *Health) SetDraining() { h.draining.Store(true) }
