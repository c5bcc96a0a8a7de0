package bench

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// BenchmarkHandler measures GET /api/auth/session in-process (no HTTP
// network, no load generator) on a SQLite file and on PostgreSQL: the
// floor's handler and gatehouse's,
// so that the cost gatehouse adds over the one SELECT shows in ns/op and
// allocs/op.
//
//	go test ./bench -run '^$' -bench Handler -benchtime 20000x
func BenchmarkHandler(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) {
		be, err := NewBackend("sqlite", filepath.Join(b.TempDir(), "bench.db"), "")
		if err != nil {
			b.Fatal(err)
		}
		benchmarkHandler(b, be)
	})
	b.Run("postgres", func(b *testing.B) {
		pg := testsvc.NewPostgres(b)
		be, err := NewBackend("postgres", pg.Schema, pg.BaseURL)
		if err != nil {
			b.Fatal(err)
		}
		benchmarkHandler(b, be)
	})
}

func benchmarkHandler(b *testing.B, be *Backend) {
	const users = 1000
	if err := ResetAndSeed(b.Context(), be, users, nil); err != nil {
		b.Fatal(err)
	}
	db, err := be.Open(4)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	reqs := make([]*http.Request, users)
	for i := range reqs {
		reqs[i] = httptest.NewRequest(http.MethodGet, "http://127.0.0.1/api/auth/session", nil)
		reqs[i].Header.Set("Cookie", CookieName+"="+CookieToken(i))
	}
	for _, kind := range []string{KindFloor, KindGatehouse} {
		b.Run(kind, func(b *testing.B) {
			h, release, err := NewHandler(b.Context(), kind, be, db, "http://127.0.0.1")
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = release() })
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, reqs[i%users])
				if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"expires"`) {
					b.Fatalf("GET /session: %d %s", rec.Code, rec.Body)
				}
				i++
			}
		})
	}
}
