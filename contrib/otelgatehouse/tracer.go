package otelgatehouse

import (
	"context"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/gatehouse-go/gatehouse"
)

// Tracer is a gatehouse.Tracer on an OpenTelemetry tracer: set
// Config.Tracer to NewTracer(tracerProvider). Each gatehouse span
// (gatehouse.SpanRequest, gatehouse.SpanStoreCall) becomes an
// OpenTelemetry span of kind internal, a child of the span in the context
// (an HTTP middleware's, such as otelhttp's, for a request; the request's
// for its store calls), with gatehouse's attributes as string attributes.
// A span that ends with an error records it (RecordError) and gets status
// Error. It is safe for concurrent use.
type Tracer struct {
	tracer trace.Tracer
}

var _ gatehouse.Tracer = (*Tracer)(nil)

// NewTracer returns a Tracer starting spans with tp's tracer for
// ScopeName.
func NewTracer(tp trace.TracerProvider) *Tracer {
	return &Tracer{tracer: tp.Tracer(ScopeName)}
}

// Start implements gatehouse.Tracer.
func (t *Tracer) Start(ctx context.Context, name string, attrs ...gatehouse.Attr) (context.Context, gatehouse.Span) {
	ctx, s := t.tracer.Start(ctx, name, trace.WithAttributes(kvs(attrs)...), trace.WithSpanKind(trace.SpanKindInternal))
	return ctx, span{s}
}

// span is the gatehouse.Span of an OpenTelemetry span.
type span struct{ s trace.Span }

// End implements gatehouse.Span.
func (s span) End(err error, attrs ...gatehouse.Attr) {
	if len(attrs) > 0 {
		s.s.SetAttributes(kvs(attrs)...)
	}
	if err != nil {
		s.s.RecordError(err)
		s.s.SetStatus(codes.Error, err.Error())
	}
	s.s.End()
}
