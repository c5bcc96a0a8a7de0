package otelgatehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/gatehouse-go/gatehouse"
)

// ObservePool makes the meter read stats (such as
// sqladapter.Adapter.Stats) at each collection and report the pool's
// statistics with attrs as attributes: the gatehouse.MetricPool*
// measurements, connection counts (open, in use, idle, max) as
// Int64ObservableUpDownCounter in {connection}, waits and closed
// connections (with reason) as Int64ObservableCounter, and the time spent
// waiting as a Float64ObservableCounter in seconds. stats must be safe
// for concurrent use (sql.DB.Stats is). Unregister the returned
// Registration to stop observing, for example when the pool is closed.
func (m *Metrics) ObservePool(stats func() sql.DBStats, attrs ...gatehouse.Attr) (metric.Registration, error) {
	var errs []error
	updown := func(name, desc string) metric.Int64ObservableUpDownCounter {
		c, err := m.meter.Int64ObservableUpDownCounter(name, metric.WithUnit("{connection}"), metric.WithDescription(desc))
		if err != nil {
			errs = append(errs, fmt.Errorf("otelgatehouse: %s: %w", name, err))
		}
		return c
	}
	counter := func(name, unit, desc string) metric.Int64ObservableCounter {
		c, err := m.meter.Int64ObservableCounter(name, metric.WithUnit(unit), metric.WithDescription(desc))
		if err != nil {
			errs = append(errs, fmt.Errorf("otelgatehouse: %s: %w", name, err))
		}
		return c
	}
	open := updown(gatehouse.MetricPoolOpen, "Connections open, in use or idle.")
	inUse := updown(gatehouse.MetricPoolInUse, "Connections in use.")
	idle := updown(gatehouse.MetricPoolIdle, "Idle connections.")
	maxOpen := updown(gatehouse.MetricPoolMax, "The most connections the pool opens (0: no limit).")
	waits := counter(gatehouse.MetricPoolWaits, "{wait}", "Waits for a free connection.")
	closed := counter(gatehouse.MetricPoolClosed, "{connection}", "Connections closed because of a pool limit.")
	waited, err := m.meter.Float64ObservableCounter(gatehouse.MetricPoolWaitDuration, metric.WithUnit("s"), metric.WithDescription("Time spent waiting for a free connection."))
	if err != nil {
		errs = append(errs, fmt.Errorf("otelgatehouse: %s: %w", gatehouse.MetricPoolWaitDuration, err))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}

	kv := kvs(attrs)
	all := metric.WithAttributeSet(attribute.NewSet(kv...))
	reason := func(r string) metric.ObserveOption {
		return metric.WithAttributeSet(attribute.NewSet(append(kv[:len(kv):len(kv)], attribute.String("reason", r))...))
	}
	maxIdle, maxIdleTime, maxLifetime := reason("max_idle"), reason("max_idle_time"), reason("max_lifetime")
	reg, err := m.meter.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		st := stats()
		o.ObserveInt64(open, int64(st.OpenConnections), all)
		o.ObserveInt64(inUse, int64(st.InUse), all)
		o.ObserveInt64(idle, int64(st.Idle), all)
		o.ObserveInt64(maxOpen, int64(st.MaxOpenConnections), all)
		o.ObserveInt64(waits, st.WaitCount, all)
		o.ObserveFloat64(waited, st.WaitDuration.Seconds(), all)
		o.ObserveInt64(closed, st.MaxIdleClosed, maxIdle)
		o.ObserveInt64(closed, st.MaxIdleTimeClosed, maxIdleTime)
		o.ObserveInt64(closed, st.MaxLifetimeClosed, maxLifetime)
		return nil
	}, open, inUse, idle, maxOpen, waits, waited, closed)
	if err != nil {
		return nil, fmt.Errorf("otelgatehouse: observing the pool: %w", err)
	}
	return reg, nil
}
