package gatehouse

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/jwt"
)

// BenchmarkSessionGETJWT measures GET /session through the handler with a
// JWT session (Auth.js v5 token in one cookie), no re-issue due: one
// decryption, no adapter. Compare with BenchmarkSessionGET (database).
func BenchmarkSessionGETJWT(b *testing.B) {
	benchmarkSessionGETJWT(b, false, true, false)
}

// BenchmarkSessionGETJWTReissue is BenchmarkSessionGETJWT with
// UpdateAge so short that every read re-encrypts and re-sets the cookie,
// which is what Auth.js does on every read.
func BenchmarkSessionGETJWTReissue(b *testing.B) {
	benchmarkSessionGETJWT(b, true, true, false)
}

// BenchmarkSessionGETJWTUncached is BenchmarkSessionGETJWT without the
// strategy's token cache: every read decrypts and parses the token, the
// cost of the first read of a token (after sign-in or a re-issue).
func BenchmarkSessionGETJWTUncached(b *testing.B) {
	benchmarkSessionGETJWT(b, false, false, false)
}

// BenchmarkSessionGETJWTParallel is BenchmarkSessionGETJWT from
// GOMAXPROCS goroutines at once: its ns/op is the inverse of the
// in-process throughput (no network) of all cores together.
func BenchmarkSessionGETJWTParallel(b *testing.B) {
	benchmarkSessionGETJWT(b, false, true, true)
}

func benchmarkSessionGETJWT(b *testing.B, reissue, cache, parallel bool) {
	clk := newClock()
	cfg := Config{Secrets: []string{testSecret}, URL: "https://site.example/api/auth", Logger: discardLogger(), Now: clk.Now}
	if reissue {
		cfg.Session.UpdateAge = 1 // nanosecond: always due
	}
	a, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	if !cache {
		a.strategy.(*jwtStrategy).secure.cache = nil
	}
	codec := newCodec(b, jwt.V5, "__Secure-authjs.session-token", clk.Now, testSecret)
	token, err := codec.Encode(jwt.Claims{"name": "Bench", "email": "bench@example.com", "picture": "https://example.com/b.png", "sub": "8c5b1e2a-3f4d-4e6a-9b7c-1d2e3f4a5b6c"})
	if err != nil {
		b.Fatal(err)
	}
	clk.Advance(1) // any read after issue is due when reissue is set
	req := httptest.NewRequest("GET", "https://site.example/api/auth/session", nil)
	req.Header.Set("Cookie", "__Secure-authjs.session-token="+token)
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, req)
	if !strings.Contains(rec.Body.String(), `"email":"bench@example.com"`) {
		b.Fatalf("GET /session = %s, want the session", rec.Body)
	}
	if got := len(rec.Header().Values("Set-Cookie")) > 0; got != reissue {
		b.Fatalf("Set-Cookie present: %v, want %v", got, reissue)
	}
	b.ReportAllocs()
	b.ResetTimer()
	if parallel {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				rec := httptest.NewRecorder()
				a.ServeHTTP(rec, req.Clone(req.Context()))
				if rec.Code != 200 {
					b.Errorf("status %d: %s", rec.Code, rec.Body)
					return
				}
			}
		})
		return
	}
	for b.Loop() {
		rec := httptest.NewRecorder()
		a.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}
