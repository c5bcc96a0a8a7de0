package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/examples/internal/exampletest"
	"github.com/gatehouse-go/gatehouse/providers"
)

// TestRouter runs the example's router on a test server: API calls without
// a session get 401 JSON, pages a redirect to sign in, and after an email
// sign-in both answer.
func TestRouter(t *testing.T) {
	site := exampletest.Start(t, func(siteURL string, p []providers.Provider) (http.Handler, error) {
		return newRouter(exampletest.Config(siteURL, p))
	})
	if res, body := site.Get("/api/me", "application/json"); res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "SessionRequired") {
		t.Errorf("GET /api/me without a session: %d %s, want 401 SessionRequired", res.StatusCode, body)
	}
	if res, _ := site.Get("/dashboard", "text/html"); res.Request.URL.Path != "/api/auth/signin" {
		t.Errorf("GET /dashboard without a session ended at %s, want the sign-in page", res.Request.URL)
	}
	if _, body := site.Get("/", "text/html"); !strings.Contains(body, "Sign in") {
		t.Errorf("home page without a session: %s", body)
	}

	site.SignInByEmail("bo@example.com", "")

	res, body := site.Get("/api/me", "application/json")
	var s struct{ User struct{ Email string } }
	if err := json.Unmarshal([]byte(body), &s); err != nil || res.StatusCode != 200 || s.User.Email != "bo@example.com" {
		t.Errorf("GET /api/me signed in: %d %s (%v)", res.StatusCode, body, err)
	}
	if _, body := site.Get("/dashboard", "text/html"); body != "Dashboard of bo@example.com" {
		t.Errorf("dashboard: %q", body)
	}
}
