package jwt

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestChunkDeletionsBounded: a request carrying thousands of chunk
// cookies gets at most MaxChunkDeletions deletions back (it used to get
// one Set-Cookie per chunk).
func TestChunkDeletionsBounded(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	for i := range 2900 {
		r.AddCookie(&http.Cookie{Name: fmt.Sprintf("authjs.session-token.%d", i), Value: "x"})
	}
	c := &http.Cookie{Name: "authjs.session-token", Value: "v", Path: "/"}
	tests := []struct {
		name string
		got  []*http.Cookie
		max  int
	}{
		{"ClearChunked", ClearChunked(r, c), MaxChunkDeletions},
		{"ReplaceChunked", ReplaceChunked(r, c, 4000), MaxChunkDeletions + 1},
	}
	for _, tt := range tests {
		if len(tt.got) > tt.max {
			t.Errorf("%s: %d cookies for 2900 chunks, want at most %d", tt.name, len(tt.got), tt.max)
		}
		if tt.got[0].Name != "authjs.session-token" && tt.got[0].Name != "authjs.session-token.0" {
			t.Errorf("%s: first deletion %q, want the lowest-numbered", tt.name, tt.got[0].Name)
		}
	}
}
