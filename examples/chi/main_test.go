package main

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/email"
)

// TestRouter runs the example's router on a test server: API calls without
// a session get 401 JSON, pages a redirect to sign in, and after an email
// sign-in both answer.
func TestRouter(t *testing.T) {
	magic, err := email.New(email.Options{DevMode: true, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	h, err = newRouter(gatehouse.Config{
		Secrets:   []string{"a-test-secret-that-is-at-least-32-bytes"},
		URL:       srv.URL + "/api/auth",
		Database:  "sqlite::memory:?synchronize=true",
		Providers: []providers.Provider{magic},
		Logger:    slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	get := func(path, accept string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Accept", accept)
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}

	if res, body := get("/api/me", "application/json"); res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "SessionRequired") {
		t.Errorf("GET /api/me without a session: %d %s, want 401 SessionRequired", res.StatusCode, body)
	}
	if res, _ := get("/dashboard", "text/html"); res.Request.URL.Path != "/api/auth/signin" {
		t.Errorf("GET /dashboard without a session ended at %s, want the sign-in page", res.Request.URL)
	}
	if _, body := get("/", "text/html"); !strings.Contains(body, "Sign in") {
		t.Errorf("home page without a session: %s", body)
	}

	// Sign in with the dev-mode link.
	_, body := get("/api/auth/csrf", "application/json")
	var v struct{ CsrfToken string }
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	res, err := c.PostForm(srv.URL+"/api/auth/signin/email", url.Values{"csrfToken": {v.CsrfToken}, "email": {"bo@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	links := magic.DevLinks()
	if len(links) != 1 {
		t.Fatalf("%d links, want 1", len(links))
	}
	link, _ := url.Parse(links[0].URL)
	form := link.Query()
	form.Set("csrfToken", v.CsrfToken)
	if res, err = c.PostForm(srv.URL+link.Path, form); err != nil {
		t.Fatal(err)
	}
	res.Body.Close()

	res, body = get("/api/me", "application/json")
	var s struct{ User struct{ Email string } }
	if err := json.Unmarshal([]byte(body), &s); err != nil || res.StatusCode != 200 || s.User.Email != "bo@example.com" {
		t.Errorf("GET /api/me signed in: %d %s (%v)", res.StatusCode, body, err)
	}
	if _, body := get("/dashboard", "text/html"); body != "Dashboard of bo@example.com" {
		t.Errorf("dashboard: %q", body)
	}
}
