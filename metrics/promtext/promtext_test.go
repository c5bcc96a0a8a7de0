package promtext_test

import (
	"context"
	"database/sql"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/metrics/promtext"
)

func TestRegistry(t *testing.T) {
	var r promtext.Registry
	ctx := context.Background()
	r.Add(ctx, gatehouse.MetricSignIns, 1, gatehouse.Attr{Key: "provider", Value: "github"}, gatehouse.Attr{Key: "outcome", Value: "success"})
	r.Add(ctx, gatehouse.MetricSignIns, 2, gatehouse.Attr{Key: "provider", Value: "github"}, gatehouse.Attr{Key: "outcome", Value: "success"})
	r.Add(ctx, gatehouse.MetricCacheLookups, 1, gatehouse.Attr{Key: "cache", Value: `a"b\`})
	r.Record(ctx, gatehouse.MetricStoreCalls, 3*time.Millisecond, gatehouse.Attr{Key: "method", Value: "GetUser"})
	r.Record(ctx, gatehouse.MetricStoreCalls, 20*time.Second, gatehouse.Attr{Key: "method", Value: "GetUser"})
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		"# TYPE gatehouse_sign_ins_total counter\n",
		`gatehouse_sign_ins_total{provider="github",outcome="success"} 3` + "\n",
		`gatehouse_cache_lookups_total{cache="a\"b\\"} 1` + "\n",
		"# TYPE gatehouse_store_call_duration_seconds histogram\n",
		`gatehouse_store_call_duration_seconds_bucket{method="GetUser",le="0.0025"} 0` + "\n",
		`gatehouse_store_call_duration_seconds_bucket{method="GetUser",le="0.005"} 1` + "\n",
		`gatehouse_store_call_duration_seconds_bucket{method="GetUser",le="10"} 1` + "\n",
		`gatehouse_store_call_duration_seconds_bucket{method="GetUser",le="+Inf"} 2` + "\n",
		`gatehouse_store_call_duration_seconds_count{method="GetUser"} 2` + "\n",
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("missing %q in:\n%s", want, body)
		}
	}
}

// TestObservePool: the statistics of every observed pool are read at each
// scrape and written as gauges and counters with the pool's labels.
func TestObservePool(t *testing.T) {
	var r promtext.Registry
	stats := sql.DBStats{MaxOpenConnections: 10, OpenConnections: 4, InUse: 3, Idle: 1, WaitCount: 7, WaitDuration: 1500 * time.Millisecond, MaxIdleClosed: 2, MaxLifetimeClosed: 5}
	r.ObservePool(func() sql.DBStats { return stats }, gatehouse.Attr{Key: "db", Value: "main"})
	r.ObservePool(func() sql.DBStats { return sql.DBStats{MaxOpenConnections: 1} })
	r.Add(context.Background(), gatehouse.MetricSignIns, 1)
	tests := []struct {
		name  string
		after func()
		want  []string
	}{
		{"first scrape", func() {}, []string{
			"# TYPE gatehouse_db_pool_connections_open gauge\n",
			`gatehouse_db_pool_connections_open{db="main"} 4` + "\n",
			`gatehouse_db_pool_connections_in_use{db="main"} 3` + "\n",
			`gatehouse_db_pool_connections_idle{db="main"} 1` + "\n",
			`gatehouse_db_pool_connections_max{db="main"} 10` + "\n",
			"gatehouse_db_pool_connections_max 1\n",
			"# TYPE gatehouse_db_pool_waits_total counter\n",
			`gatehouse_db_pool_waits_total{db="main"} 7` + "\n",
			`gatehouse_db_pool_wait_duration_seconds_total{db="main"} 1.5` + "\n",
			`gatehouse_db_pool_closed_total{db="main",reason="max_idle"} 2` + "\n",
			`gatehouse_db_pool_closed_total{db="main",reason="max_idle_time"} 0` + "\n",
			`gatehouse_db_pool_closed_total{db="main",reason="max_lifetime"} 5` + "\n",
			"gatehouse_sign_ins_total 1\n",
		}},
		{"read again at the next scrape", func() { stats.InUse, stats.Idle = 0, 4 }, []string{
			`gatehouse_db_pool_connections_in_use{db="main"} 0` + "\n",
			`gatehouse_db_pool_connections_idle{db="main"} 4` + "\n",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.after()
			var b strings.Builder
			if err := r.Write(&b); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("missing %q in:\n%s", w, b.String())
				}
			}
			if n := strings.Count(b.String(), "# TYPE gatehouse_db_pool_connections_max "); n != 1 {
				t.Errorf("%d TYPE lines for gatehouse_db_pool_connections_max, want 1", n)
			}
		})
	}
}
