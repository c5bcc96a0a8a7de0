// Package otelgatehouse reports gatehouse's measurements through
// OpenTelemetry: set Config.Metrics to New(meterProvider), and every
// gatehouse.Metric* measurement becomes an OpenTelemetry instrument
// (counters as Int64Counter, durations as Float64Histogram in seconds)
// with the measurement's attributes, exported wherever the provider sends
// them (OTLP, Prometheus, ...). Metrics.ObservePool adds a database pool's
// statistics, read at each collection. Set Config.Tracer to
// NewTracer(tracerProvider) for spans of requests and store calls. It
// lives in its own module so that the gatehouse core does not depend on
// OpenTelemetry.
package otelgatehouse

import (
	"context"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/gatehouse-go/gatehouse"
)

// ScopeName is the instrumentation scope of the meter.
const ScopeName = "github.com/gatehouse-go/gatehouse"

// Metrics is a gatehouse.Metrics on an OpenTelemetry meter. It is safe for
// concurrent use.
type Metrics struct {
	meter metric.Meter

	mu       sync.RWMutex
	counters map[string]metric.Int64Counter
	hists    map[string]metric.Float64Histogram
}

var _ gatehouse.Metrics = (*Metrics)(nil)

// New returns Metrics recording through mp's meter for ScopeName.
func New(mp metric.MeterProvider) *Metrics {
	return &Metrics{
		meter:    mp.Meter(ScopeName),
		counters: map[string]metric.Int64Counter{},
		hists:    map[string]metric.Float64Histogram{},
	}
}

// Add implements gatehouse.Metrics.
func (m *Metrics) Add(ctx context.Context, name string, n int64, attrs ...gatehouse.Attr) {
	m.mu.RLock()
	c, ok := m.counters[name]
	m.mu.RUnlock()
	if !ok {
		m.mu.Lock()
		if c, ok = m.counters[name]; !ok {
			var err error
			if c, err = m.meter.Int64Counter(name); err != nil {
				m.mu.Unlock()
				return // an invalid name: nothing to record it with
			}
			m.counters[name] = c
		}
		m.mu.Unlock()
	}
	c.Add(ctx, n, metric.WithAttributes(kvs(attrs)...))
}

// Record implements gatehouse.Metrics.
func (m *Metrics) Record(ctx context.Context, name string, d time.Duration, attrs ...gatehouse.Attr) {
	m.mu.RLock()
	h, ok := m.hists[name]
	m.mu.RUnlock()
	if !ok {
		m.mu.Lock()
		if h, ok = m.hists[name]; !ok {
			var err error
			if h, err = m.meter.Float64Histogram(name, metric.WithUnit("s")); err != nil {
				m.mu.Unlock()
				return
			}
			m.hists[name] = h
		}
		m.mu.Unlock()
	}
	h.Record(ctx, d.Seconds(), metric.WithAttributes(kvs(attrs)...))
}

func kvs(attrs []gatehouse.Attr) []attribute.KeyValue {
	out := make([]attribute.KeyValue, len(attrs))
	for i, a := range attrs {
		out[i] = attribute.String(a.Key, a.Value)
	}
	return out
}
