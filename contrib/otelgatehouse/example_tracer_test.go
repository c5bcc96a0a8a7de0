package otelgatehouse_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/contrib/otelgatehouse"
)

// ExampleNewTracer traces gatehouse's requests and store calls through an
// OpenTelemetry TracerProvider (here one keeping spans in memory; in an
// application, one exporting over OTLP).
func ExampleNewTracer() {
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	defer tp.Shutdown(context.Background())

	auth, err := gatehouse.New(gatehouse.Config{
		Secrets: []string{"a-test-secret-of-at-least-thirty-two-bytes"},
		URL:     "https://site.example/api/auth",
		Adapter: memory.New(),
		Tracer:  otelgatehouse.NewTracer(tp),
	})
	if err != nil {
		panic(err)
	}
	auth.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "https://site.example/api/auth/session", nil))
	for _, s := range exp.GetSpans() {
		fmt.Print(s.Name)
		for _, kv := range s.Attributes {
			fmt.Printf(" %s=%s", kv.Key, kv.Value.Emit())
		}
		fmt.Println()
	}
	// Output:
	// gatehouse.request http.request.method=GET action=session http.response.status_code=200 outcome=success
}
