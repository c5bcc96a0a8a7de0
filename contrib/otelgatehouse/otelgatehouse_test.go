package otelgatehouse_test

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/contrib/otelgatehouse"
)

// TestMetrics: counters and durations reach an OpenTelemetry reader with
// their attributes.
func TestMetrics(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() { mp.Shutdown(context.Background()) })
	m := otelgatehouse.New(mp)
	ctx := context.Background()
	ok := gatehouse.Attr{Key: "outcome", Value: "success"}
	m.Add(ctx, gatehouse.MetricSignIns, 2, ok)
	m.Add(ctx, gatehouse.MetricSignIns, 1, ok)
	m.Record(ctx, gatehouse.MetricStoreCalls, 250*time.Millisecond, gatehouse.Attr{Key: "method", Value: "GetUser"})

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(ctx, &rm); err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, sm := range rm.ScopeMetrics {
		if sm.Scope.Name != otelgatehouse.ScopeName {
			t.Errorf("scope %q", sm.Scope.Name)
		}
		for _, md := range sm.Metrics {
			found[md.Name] = true
			switch data := md.Data.(type) {
			case metricdata.Sum[int64]:
				dp := data.DataPoints[0]
				if v, _ := dp.Attributes.Value(attribute.Key("outcome")); dp.Value != 3 || v.AsString() != "success" {
					t.Errorf("%s: %d %v, want 3 with outcome=success", md.Name, dp.Value, dp.Attributes)
				}
			case metricdata.Histogram[float64]:
				dp := data.DataPoints[0]
				if dp.Count != 1 || dp.Sum != 0.25 || md.Unit != "s" {
					t.Errorf("%s: count %d sum %v unit %q, want 1, 0.25, s", md.Name, dp.Count, dp.Sum, md.Unit)
				}
			default:
				t.Errorf("%s: unexpected %T", md.Name, md.Data)
			}
		}
	}
	for _, name := range []string{gatehouse.MetricSignIns, gatehouse.MetricStoreCalls} {
		if !found[name] {
			t.Errorf("%s not collected", name)
		}
	}
}
