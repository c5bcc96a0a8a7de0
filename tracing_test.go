package gatehouse

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/internal/testutil"
)

// recordedSpan is a span kept by recordingTracer.
type recordedSpan struct {
	id, parent int // parent 0: a root span
	name       string
	attrs      map[string]string
	err        error
	ended      bool
}

// recordingTracer is a Tracer that keeps every span, with its parent found
// in the context as a real tracing system does.
type recordingTracer struct {
	mu    sync.Mutex
	spans []*recordedSpan
}

type spanKey struct{}

func (t *recordingTracer) Start(ctx context.Context, name string, attrs ...Attr) (context.Context, Span) {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := &recordedSpan{id: len(t.spans) + 1, name: name, attrs: map[string]string{}}
	if p, ok := ctx.Value(spanKey{}).(*recordedSpan); ok {
		s.parent = p.id
	}
	for _, a := range attrs {
		s.attrs[a.Key] = a.Value
	}
	t.spans = append(t.spans, s)
	return context.WithValue(ctx, spanKey{}, s), recordingSpan{t, s}
}

type recordingSpan struct {
	t *recordingTracer
	s *recordedSpan
}

func (r recordingSpan) End(err error, attrs ...Attr) {
	r.t.mu.Lock()
	defer r.t.mu.Unlock()
	r.s.err, r.s.ended = err, true
	for _, a := range attrs {
		r.s.attrs[a.Key] = a.Value
	}
}

// TestTracing: a request's span is the parent of its store calls' spans,
// and both end with their outcome.
func TestTracing(t *testing.T) {
	tests := []struct {
		name      string
		fail      string // the store method that fails
		path      string // "" for a session read with a valid cookie
		wantReq   map[string]string
		wantErr   bool     // the request span ends with an error
		wantStore []string // method=result of the child spans, in order
	}{
		{"session read", "", "", map[string]string{"action": "session", "outcome": "success", "http.response.status_code": "200", "http.request.method": "GET"}, false, []string{"GetSessionAndUser=ok"}},
		{"store fails", "GetSessionAndUser", "", map[string]string{"action": "session", "outcome": "error", "http.response.status_code": "500"}, true, []string{"GetSessionAndUser=error"}},
		{"unknown session", "", "/api/auth/session?unknown", map[string]string{"action": "session", "outcome": "success"}, false, nil},
		{"GET of a provider's sign-in", "", "/api/auth/signin/github", map[string]string{"action": "signin", "provider": "github", "outcome": "error", "error.type": "Configuration"}, true, nil},
		{"unknown action", "", "/api/auth/nope", map[string]string{"action": "", "outcome": "failure", "http.response.status_code": "404"}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := memory.New()
			faulty := testutil.NewFaulty(store)
			tracer := &recordingTracer{}
			a, err := New(Config{Secrets: []string{testSecret}, URL: "https://site.example/api/auth", Adapter: faulty, Logger: discardLogger(), Tracer: tracer})
			if err != nil {
				t.Fatal(err)
			}
			u, err := store.CreateUser(t.Context(), &adapter.User{Email: "trace@example.com"})
			if err != nil {
				t.Fatal(err)
			}
			req := sessionRequest(t, a, store, u, time.Now().Add(DefaultMaxAge), false)
			if tt.path != "" {
				req = httptest.NewRequest("GET", "https://site.example"+tt.path, nil)
			}
			faulty.Fail(tt.fail)
			a.ServeHTTP(httptest.NewRecorder(), req)

			tracer.mu.Lock()
			defer tracer.mu.Unlock()
			if len(tracer.spans) == 0 || tracer.spans[0].name != SpanRequest {
				t.Fatalf("spans %v, want a %s first", tracer.spans, SpanRequest)
			}
			rs := tracer.spans[0]
			if !rs.ended || rs.parent != 0 {
				t.Errorf("request span ended %t, parent %d; want ended, a root", rs.ended, rs.parent)
			}
			for k, v := range tt.wantReq {
				if rs.attrs[k] != v {
					t.Errorf("request span %s=%q, want %q (attrs %v)", k, rs.attrs[k], v, rs.attrs)
				}
			}
			if (rs.err != nil) != tt.wantErr {
				t.Errorf("request span error %v, want an error: %t", rs.err, tt.wantErr)
			}
			var calls []string
			for _, s := range tracer.spans[1:] {
				if s.name != SpanStoreCall || s.parent != rs.id || !s.ended {
					t.Errorf("span %+v: want an ended %s, child of the request's", s, SpanStoreCall)
				}
				calls = append(calls, s.attrs["method"]+"="+s.attrs["result"])
				if s.attrs["result"] == "error" && !errors.Is(s.err, testutil.ErrInjected) {
					t.Errorf("store span error %v, want the injected one", s.err)
				}
			}
			if !slices.Equal(calls, tt.wantStore) {
				t.Errorf("store spans %v, want %v", calls, tt.wantStore)
			}
		})
	}
}

// TestTracingStoreCallsOutsideRequests: store calls made by Auth.Session
// (an app's own handler) are children of the span in the request's
// context, such as an HTTP middleware's.
func TestTracingStoreCallsOutsideRequests(t *testing.T) {
	store := memory.New()
	tracer := &recordingTracer{}
	a, err := New(Config{Secrets: []string{testSecret}, URL: "https://site.example/api/auth", Adapter: store, Logger: discardLogger(), Tracer: tracer})
	if err != nil {
		t.Fatal(err)
	}
	u, err := store.CreateUser(t.Context(), &adapter.User{Email: "trace@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	req := sessionRequest(t, a, store, u, time.Now().Add(time.Hour), false)
	ctx, outer := tracer.Start(req.Context(), "app.handler")
	if s, err := a.Session(req.WithContext(ctx)); err != nil || s == nil {
		t.Fatalf("Session = %v, %v", s, err)
	}
	outer.End(nil)
	var got []string
	for _, s := range tracer.spans {
		got = append(got, s.name+"@"+strings.Repeat("^", s.parent))
	}
	if want := []string{"app.handler@", SpanStoreCall + "@^"}; !slices.Equal(got, want) {
		t.Errorf("spans %v, want %v", got, want)
	}
}

// BenchmarkSessionGETTraced is BenchmarkSessionGET with a Tracer whose
// spans do nothing: the cost of the hook itself.
func BenchmarkSessionGETTraced(b *testing.B) {
	store := memory.New()
	a, err := New(Config{Secrets: []string{testSecret}, URL: "https://site.example/api/auth", Adapter: store, Logger: discardLogger(), Tracer: nopTracer{}})
	if err != nil {
		b.Fatal(err)
	}
	u, err := store.CreateUser(context.Background(), &adapter.User{Email: "bench@example.com"})
	if err != nil {
		b.Fatal(err)
	}
	req := sessionRequest(b, a, store, u, time.Now().Add(DefaultMaxAge), false)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		a.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

type nopTracer struct{}

func (nopTracer) Start(ctx context.Context, _ string, _ ...Attr) (context.Context, Span) {
	return ctx, nopSpan{}
}

type nopSpan struct{}

func (nopSpan) End(error, ...Attr) {}

// TestTracingUserFailure: a wrong password is the user's failure, an
// outcome with its Auth.js code, not an error span that would page the
// site's operators.
func TestTracingUserFailure(t *testing.T) {
	tracer := &recordingTracer{}
	h := newHarness(t, func(c *Config) { c.Tracer = tracer })
	form := url.Values{"csrfToken": {h.csrf()}, "username": {"alice"}, "password": {"wrong"}, "callbackUrl": {"/dashboard"}}
	if res := h.post("/api/auth/callback/credentials", form); res.StatusCode != http.StatusFound {
		t.Fatalf("status %d, want 302", res.StatusCode)
	}
	tracer.mu.Lock()
	defer tracer.mu.Unlock()
	var found bool
	for _, s := range tracer.spans {
		if s.name != SpanRequest || s.attrs["action"] != "callback" {
			continue
		}
		found = true
		want := map[string]string{"provider": "credentials", "outcome": "failure", "error.type": "CredentialsSignin"}
		for k, v := range want {
			if s.attrs[k] != v {
				t.Errorf("%s=%q, want %q (attrs %v)", k, s.attrs[k], v, s.attrs)
			}
		}
		if s.err != nil {
			t.Errorf("span error %v, want none for a wrong password", s.err)
		}
	}
	if !found {
		t.Fatalf("no callback request span among %d", len(tracer.spans))
	}
}
