package gatehouse

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
	"github.com/gatehouse-go/gatehouse/internal/testutil"
)

// BenchmarkSessionGET measures GET /session through the handler with a
// database session on the memory adapter, no refresh due. It reports the
// adapter calls per request (calls/op), which must be 1.
func BenchmarkSessionGET(b *testing.B) {
	benchmarkSessionGET(b, memory.New(), false)
}

// BenchmarkSessionGETCSRFCookie is BenchmarkSessionGET from a browser that
// also holds a CSRF cookie (any browser that has seen the sign-in page):
// a session read has no use for it.
func BenchmarkSessionGETCSRFCookie(b *testing.B) {
	benchmarkSessionGET(b, memory.New(), true)
}

func benchmarkSessionGET(b *testing.B, store adapter.Adapter, csrfCookie bool) {
	ctx := context.Background()
	counted := testutil.NewFaulty(store)
	a, err := New(Config{Secrets: []string{testSecret}, URL: "https://site.example/api/auth", Adapter: counted, Logger: discardLogger()})
	if err != nil {
		b.Fatal(err)
	}
	u, err := store.CreateUser(ctx, &adapter.User{Name: "Bench", Email: "bench@example.com"})
	if err != nil {
		b.Fatal(err)
	}
	req := sessionRequest(b, a, store, u, time.Now().Add(DefaultMaxAge), csrfCookie)
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, req)
	if !strings.Contains(rec.Body.String(), `"email":"bench@example.com"`) {
		b.Fatalf("GET /session = %s, want the session", rec.Body)
	}
	counted.Take()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rec := httptest.NewRecorder()
		a.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(counted.Total())/float64(b.N), "calls/op")
}

// BenchmarkSessionGETPostgres is BenchmarkSessionGET on the default SQL
// adapter over PostgreSQL (a fresh schema from internal/testsvc).
func BenchmarkSessionGETPostgres(b *testing.B) {
	ad, err := sqladapter.Open(context.Background(), sqladapter.Config{URL: testsvc.NewPostgres(b).URL, Synchronize: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ad.Close() })
	benchmarkSessionGET(b, ad, false)
}
