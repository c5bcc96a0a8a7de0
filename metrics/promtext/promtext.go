// Package promtext is a gatehouse.Metrics that keeps its measurements in
// memory and serves them in the Prometheus text exposition format
// (https://prometheus.io/docs/instrumenting/exposition_formats/), with no
// dependencies. Counters become <name>_total and durations histograms
// <name>_seconds, dots turned into underscores:
// gatehouse_sign_ins_total{provider="github",outcome="success"}.
//
// ObservePool adds a database pool's statistics, read at each scrape:
// gauges gatehouse_db_pool_connections_open, _in_use, _idle and _max, and
// counters gatehouse_db_pool_waits_total,
// gatehouse_db_pool_wait_duration_seconds_total and
// gatehouse_db_pool_closed_total{reason=...} (gatehouse.MetricPool*).
//
// For OpenTelemetry (metrics and traces to any backend), write a
// gatehouse.Metrics on the OpenTelemetry API instead; this package is for
// a single process scraped directly.
package promtext

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gatehouse-go/gatehouse"
)

// Buckets are the histogram bucket bounds, in seconds.
var Buckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// Registry is a gatehouse.Metrics and an http.Handler serving what it
// recorded. The zero value is ready to use; it is safe for concurrent use.
type Registry struct {
	mu       sync.Mutex
	counters map[series]int64
	hists    map[series]*hist
	pools    []pool
}

// pool is a stats function given to ObservePool, with its labels.
type pool struct {
	stats  func() sql.DBStats
	labels string
}

// series is a metric name with its labels, rendered once.
type series struct{ name, labels string }

type hist struct {
	counts []uint64 // per bucket, not cumulative
	sum    float64
	n      uint64
}

var _ gatehouse.Metrics = (*Registry)(nil)

// Add implements gatehouse.Metrics.
func (r *Registry) Add(_ context.Context, name string, n int64, attrs ...gatehouse.Attr) {
	s := series{metricName(name) + "_total", labels(attrs)}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.counters == nil {
		r.counters = map[series]int64{}
	}
	r.counters[s] += n
}

// Record implements gatehouse.Metrics.
func (r *Registry) Record(_ context.Context, name string, d time.Duration, attrs ...gatehouse.Attr) {
	s := series{strings.TrimSuffix(metricName(name), "_duration") + "_duration_seconds", labels(attrs)}
	v := d.Seconds()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.hists == nil {
		r.hists = map[series]*hist{}
	}
	h := r.hists[s]
	if h == nil {
		h = &hist{counts: make([]uint64, len(Buckets))}
		r.hists[s] = h
	}
	if i, _ := slices.BinarySearch(Buckets, v); i < len(Buckets) {
		h.counts[i]++
	}
	h.sum += v
	h.n++
}

// ObservePool makes every scrape read stats (such as
// sqladapter.Adapter.Stats) and serve the pool's statistics with attrs as
// labels: the gatehouse.MetricPool* measurements, connection counts as
// gauges, waits, wait time and closed connections as counters. stats runs
// at each scrape, outside the Registry's lock; it must be fast and safe for
// concurrent use (sql.DB.Stats is).
func (r *Registry) ObservePool(stats func() sql.DBStats, attrs ...gatehouse.Attr) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pools = append(r.pools, pool{stats: stats, labels: labels(attrs)})
}

// sample is one line of a pool's statistics.
type sample struct {
	series
	typ, value string
}

// poolSamples reads the observed pools' statistics.
func poolSamples(pools []pool) []sample {
	var out []sample
	for _, p := range pools {
		st := p.stats()
		gauge := func(name string, v int) {
			out = append(out, sample{series{metricName(name), p.labels}, "gauge", strconv.Itoa(v)})
		}
		counter := func(name, value string, extra string) {
			out = append(out, sample{series{metricName(name) + "_total", join(p.labels, extra)}, "counter", value})
		}
		gauge(gatehouse.MetricPoolOpen, st.OpenConnections)
		gauge(gatehouse.MetricPoolInUse, st.InUse)
		gauge(gatehouse.MetricPoolIdle, st.Idle)
		gauge(gatehouse.MetricPoolMax, st.MaxOpenConnections)
		counter(gatehouse.MetricPoolWaits, strconv.FormatInt(st.WaitCount, 10), "")
		counter(gatehouse.MetricPoolWaitDuration+".seconds", strconv.FormatFloat(st.WaitDuration.Seconds(), 'g', -1, 64), "")
		counter(gatehouse.MetricPoolClosed, strconv.FormatInt(st.MaxIdleClosed, 10), `reason="max_idle"`)
		counter(gatehouse.MetricPoolClosed, strconv.FormatInt(st.MaxIdleTimeClosed, 10), `reason="max_idle_time"`)
		counter(gatehouse.MetricPoolClosed, strconv.FormatInt(st.MaxLifetimeClosed, 10), `reason="max_lifetime"`)
	}
	slices.SortStableFunc(out, func(a, b sample) int { return strings.Compare(a.name, b.name) })
	return out
}

// ServeHTTP writes every series in the text format, sorted.
func (r *Registry) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_ = r.Write(w)
}

// Write writes every series in the text format, sorted.
func (r *Registry) Write(w io.Writer) error {
	var b strings.Builder
	r.mu.Lock()
	pools := slices.Clone(r.pools)
	r.mu.Unlock()
	samples := poolSamples(pools) // outside the lock: stats may take time
	r.mu.Lock()
	cs := make([]series, 0, len(r.counters))
	for s := range r.counters {
		cs = append(cs, s)
	}
	hs := make([]series, 0, len(r.hists))
	for s := range r.hists {
		hs = append(hs, s)
	}
	less := func(a, b series) int { return strings.Compare(a.name+a.labels, b.name+b.labels) }
	slices.SortFunc(cs, less)
	slices.SortFunc(hs, less)
	typed := map[string]bool{}
	for _, s := range cs {
		if !typed[s.name] {
			typed[s.name] = true
			fmt.Fprintf(&b, "# TYPE %s counter\n", s.name)
		}
		fmt.Fprintf(&b, "%s%s %d\n", s.name, braces(s.labels), r.counters[s])
	}
	for _, s := range hs {
		if !typed[s.name] {
			typed[s.name] = true
			fmt.Fprintf(&b, "# TYPE %s histogram\n", s.name)
		}
		h := r.hists[s]
		var cum uint64
		for i, le := range Buckets {
			cum += h.counts[i]
			fmt.Fprintf(&b, "%s_bucket%s %d\n", s.name, braces(join(s.labels, `le="`+strconv.FormatFloat(le, 'g', -1, 64)+`"`)), cum)
		}
		fmt.Fprintf(&b, "%s_bucket%s %d\n", s.name, braces(join(s.labels, `le="+Inf"`)), h.n)
		fmt.Fprintf(&b, "%s_sum%s %g\n", s.name, braces(s.labels), h.sum)
		fmt.Fprintf(&b, "%s_count%s %d\n", s.name, braces(s.labels), h.n)
	}
	r.mu.Unlock()
	for _, s := range samples {
		if !typed[s.name] {
			typed[s.name] = true
			fmt.Fprintf(&b, "# TYPE %s %s\n", s.name, s.typ)
		}
		fmt.Fprintf(&b, "%s%s %s\n", s.name, braces(s.labels), s.value)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// metricName turns a gatehouse metric name into a Prometheus one.
func metricName(name string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			return r
		}
		return '_'
	}, name)
}

// labels renders attrs as k="v",... with values escaped.
// labelEscaper escapes a label value in the text format; built once (a
// Replacer builds its table on first use), as labels runs on every Add and
// Record.
var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

func labels(attrs []gatehouse.Attr) string {
	parts := make([]string, len(attrs))
	for i, a := range attrs {
		v := labelEscaper.Replace(a.Value)
		parts[i] = metricName(a.Key) + `="` + v + `"`
	}
	return strings.Join(parts, ",")
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + "," + b
}

func braces(l string) string {
	if l == "" {
		return ""
	}
	return "{" + l + "}"
}
