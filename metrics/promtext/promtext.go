// Package promtext is a gatehouse.Metrics that keeps its measurements in
// memory and serves them in the Prometheus text exposition format
// (https://prometheus.io/docs/instrumenting/exposition_formats/), with no
// dependencies. Counters become <name>_total and durations histograms
// <name>_seconds, dots turned into underscores:
// gatehouse_sign_ins_total{provider="github",outcome="success"}.
//
// For OpenTelemetry (metrics and traces to any backend), write a
// gatehouse.Metrics on the OpenTelemetry API instead; this package is for
// a single process scraped directly.
package promtext

import (
	"context"
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

// ServeHTTP writes every series in the text format, sorted.
func (r *Registry) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_ = r.Write(w)
}

// Write writes every series in the text format, sorted.
func (r *Registry) Write(w io.Writer) error {
	var b strings.Builder
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
func labels(attrs []gatehouse.Attr) string {
	parts := make([]string, len(attrs))
	for i, a := range attrs {
		v := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(a.Value)
		parts[i] = metricName(a.Key) + `="` + v + `"`
	}
	return strings.Join(parts, ",")
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "," + b
}

func braces(l string) string {
	if l == "" {
		return ""
	}
	return "{" + l + "}"
}
