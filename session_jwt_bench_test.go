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
	benchmarkSessionGETJWT(b, false)
}

// BenchmarkSessionGETJWTReissue is BenchmarkSessionGETJWT with
// UpdateAge so short that every read re-encrypts and re-sets the cookie,
// which is what Auth.js does on every read.
func BenchmarkSessionGETJWTReissue(b *testing.B) {
	benchmarkSessionGETJWT(b, true)
}

func benchmarkSessionGETJWT(b *testing.B, reissue bool) {
	clk := newClock()
	cfg := Config{Secrets: []string{testSecret}, URL: "https://site.example/api/auth", Logger: discardLogger(), Now: clk.Now}
	if reissue {
		cfg.Session.UpdateAge = 1 // nanosecond: always due
	}
	a, err := New(cfg)
	if err != nil {
		b.Fatal(err)
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
	for b.Loop() {
		rec := httptest.NewRecorder()
		a.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}
