package otelgatehouse_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/contrib/otelgatehouse"
)

// newTraced returns an Auth on a memory store tracing into an in-memory
// exporter, and the cookies of a signed-in user's session.
func newTraced(t *testing.T, store adapter.Adapter) (*gatehouse.Auth, *tracetest.InMemoryExporter, []*http.Cookie) {
	t.Helper()
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	t.Cleanup(func() { tp.Shutdown(context.Background()) })
	auth, err := gatehouse.New(gatehouse.Config{
		Secrets: []string{"a-test-secret-of-at-least-thirty-two-bytes"},
		URL:     "https://site.example/api/auth",
		Adapter: store,
		Tracer:  otelgatehouse.NewTracer(tp),
		Logger:  slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	u, err := store.CreateUser(t.Context(), &adapter.User{Email: "otel@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	if err := auth.SignIn(rec, httptest.NewRequest("GET", "https://site.example/", nil), u); err != nil {
		t.Fatal(err)
	}
	exp.Reset() // the sign-in's store calls
	return auth, exp, rec.Result().Cookies()
}

// TestTracer: a session read through the handler produces a request span
// with a child store span, attributes and statuses mapped.
func TestTracer(t *testing.T) {
	tests := []struct {
		name       string
		store      func() adapter.Adapter
		breakStore bool
		wantStatus codes.Code // of both spans
		wantResult string
	}{
		{"session read", func() adapter.Adapter { return memory.New() }, false, codes.Unset, "ok"},
		{"store fails", func() adapter.Adapter { return memory.New() }, true, codes.Error, "error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := &breakable{Adapter: tt.store()}
			auth, exp, cookies := newTraced(t, store)
			store.broken = tt.breakStore
			req := httptest.NewRequest("GET", "https://site.example/api/auth/session", nil)
			for _, c := range cookies {
				req.AddCookie(c)
			}
			auth.ServeHTTP(httptest.NewRecorder(), req)

			spans := exp.GetSpans()
			byName := map[string]tracetest.SpanStub{}
			for _, s := range spans {
				byName[s.Name] = s
			}
			rs, ok := byName[gatehouse.SpanRequest]
			if !ok {
				t.Fatalf("no %s span among %d", gatehouse.SpanRequest, len(spans))
			}
			ss, ok := byName[gatehouse.SpanStoreCall]
			if !ok {
				t.Fatalf("no %s span among %d", gatehouse.SpanStoreCall, len(spans))
			}
			if ss.Parent.SpanID() != rs.SpanContext.SpanID() || ss.SpanContext.TraceID() != rs.SpanContext.TraceID() {
				t.Errorf("store span's parent %v, want the request span %v", ss.Parent.SpanID(), rs.SpanContext.SpanID())
			}
			if got := attr(rs.Attributes, "action"); got != "session" {
				t.Errorf("request span action=%q", got)
			}
			if got := attr(ss.Attributes, "method"); got != "GetSessionAndUser" {
				t.Errorf("store span method=%q", got)
			}
			if got := attr(ss.Attributes, "result"); got != tt.wantResult {
				t.Errorf("store span result=%q, want %q", got, tt.wantResult)
			}
			for _, s := range []tracetest.SpanStub{rs, ss} {
				if s.Status.Code != tt.wantStatus {
					t.Errorf("%s: status %v, want %v", s.Name, s.Status.Code, tt.wantStatus)
				}
				if recorded := len(s.Events) > 0 && s.Events[0].Name == "exception"; recorded != (tt.wantStatus == codes.Error) {
					t.Errorf("%s: error recorded %t, events %v", s.Name, recorded, s.Events)
				}
			}
		})
	}
}

func attr(kvs []attribute.KeyValue, key string) string {
	for _, kv := range kvs {
		if string(kv.Key) == key {
			return kv.Value.AsString()
		}
	}
	return ""
}

// breakable is an adapter whose session reads fail while broken is set.
type breakable struct {
	adapter.Adapter
	broken bool
}

var errBroken = &brokenError{}

type brokenError struct{}

func (*brokenError) Error() string { return "the store is broken (test)" }

func (b *breakable) GetSessionAndUser(ctx context.Context, token string) (*adapter.Session, *adapter.User, error) {
	if b.broken {
		return nil, nil, errBroken
	}
	return b.Adapter.GetSessionAndUser(ctx, token)
}
