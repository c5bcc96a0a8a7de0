package main

import (
	"net/http"
	"strings"
	"testing"
)

// TestServeNextAuthV4: serve runs in NextAuth.js v4 mode with --nextauth-v4
// or AUTH_NEXTAUTH_V4, so that a next-auth 4 front end can be tried against
// the demo: no session is {} (v5: null) and the cookies have v4's names.
func TestServeNextAuthV4(t *testing.T) {
	tests := []struct {
		name        string
		env         map[string]string
		args        []string
		wantSession string
		wantCookie  string
	}{
		{"default", nil, nil, "null", "authjs.csrf-token"},
		{"flag", nil, []string{"--nextauth-v4"}, "{}", "next-auth.csrf-token"},
		{"environment", map[string]string{"AUTH_NEXTAUTH_V4": "true"}, nil, "{}", "next-auth.csrf-token"},
		{"flag wins over environment", map[string]string{"AUTH_NEXTAUTH_V4": "false"}, []string{"--nextauth-v4"}, "{}", "next-auth.csrf-token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServe(t, tt.env, append([]string{"--database", "sqlite::memory:"}, tt.args...)...)
			if got := strings.TrimSpace(get(t, newBrowser(t), s.URL+"/api/auth/session")); got != tt.wantSession {
				t.Errorf("signed-out GET /api/auth/session = %s, want %s", got, tt.wantSession)
			}
			res, err := http.Get(s.URL + "/api/auth/csrf")
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if c := res.Header.Get("Set-Cookie"); !strings.HasPrefix(c, tt.wantCookie+"=") {
				t.Errorf("GET /api/auth/csrf sets %q, want the cookie %s", c, tt.wantCookie)
			}
		})
	}
}
