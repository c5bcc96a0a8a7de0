package otelgatehouse_test

import (
	"context"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL driver, registered as "pgx"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/contrib/otelgatehouse"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// TestObservePool holds connections of a real PostgreSQL pool busy and
// reads the pool's figures through an OpenTelemetry manual reader, then
// again after they are released.
func TestObservePool(t *testing.T) {
	pg := testsvc.NewPostgres(t)
	ctx := t.Context()
	a, err := sqladapter.Open(ctx, sqladapter.Config{URL: pg.URL + "&max_open_conns=5", Synchronize: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	db, err := a.DB(ctx)
	if err != nil {
		t.Fatal(err)
	}

	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() { mp.Shutdown(context.Background()) })
	reg, err := otelgatehouse.New(mp).ObservePool(a.Stats, gatehouse.Attr{Key: "db", Value: "postgres"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reg.Unregister() })

	const busy = 3
	var release []func() error
	for range busy {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		release = append(release, c.Close)
	}
	tests := []struct {
		name string
		do   func()
		want map[string]int64
	}{
		{"held", func() {}, map[string]int64{gatehouse.MetricPoolInUse: busy, gatehouse.MetricPoolOpen: busy, gatehouse.MetricPoolIdle: 0, gatehouse.MetricPoolMax: 5, gatehouse.MetricPoolWaits: 0}},
		{"released", func() {
			for _, r := range release {
				r()
			}
		}, map[string]int64{gatehouse.MetricPoolInUse: 0, gatehouse.MetricPoolOpen: busy, gatehouse.MetricPoolIdle: busy}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.do()
			got := collectInts(t, reader)
			for name, want := range tt.want {
				if v, ok := got[name]; !ok || v != want {
					t.Errorf("%s = %d (reported: %t), want %d", name, v, ok, want)
				}
			}
		})
	}
}

// collectInts collects reader and returns the int64 points of the
// db="postgres" pool by instrument name.
func collectInts(t *testing.T, reader *sdkmetric.ManualReader) map[string]int64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, md := range sm.Metrics {
			data, ok := md.Data.(metricdata.Sum[int64])
			if !ok {
				continue
			}
			for _, dp := range data.DataPoints {
				if v, _ := dp.Attributes.Value(attribute.Key("db")); v.AsString() != "postgres" {
					t.Errorf("%s: attributes %v lack db=postgres", md.Name, dp.Attributes)
				}
				if _, hasReason := dp.Attributes.Value("reason"); !hasReason {
					out[md.Name] = dp.Value
				}
			}
		}
	}
	return out
}
