package promtext_test

import (
	"context"
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
