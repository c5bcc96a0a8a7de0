// Package exampletest runs an example app on a test server and drives it
// as a browser would, so each example's test says only what is particular
// to that example.
package exampletest

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/email"
)

// Secret is the AUTH_SECRET the example tests use.
const Secret = "a-test-secret-that-is-at-least-32-bytes"

// Site is an example app on a test server, with an email provider in dev
// mode and a client that keeps cookies.
type Site struct {
	t *testing.T
	// URL is the server's address, like http://127.0.0.1:41234.
	URL string
	// Email is the dev-mode email provider the app signs in with.
	Email *email.Provider
	// Client keeps the site's cookies, as a browser does.
	Client *http.Client
}

// Start starts a test server whose handler newApp builds once the server's
// URL is known; newApp gets that URL and the dev-mode email provider. The
// server is closed when the test ends.
func Start(t *testing.T, newApp func(siteURL string, p []providers.Provider) (http.Handler, error)) *Site {
	t.Helper()
	magic, err := email.New(email.Options{DevMode: true, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	var app http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { app.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	if app, err = newApp(srv.URL, []providers.Provider{magic}); err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	return &Site{t: t, URL: srv.URL, Email: magic, Client: &http.Client{Jar: jar}}
}

// Config is a gatehouse configuration for the site: the test secret, the
// site's URL, an in-memory SQLite database and providers p.
func Config(siteURL string, p []providers.Provider) gatehouse.Config {
	return gatehouse.Config{
		Secrets:   []string{Secret},
		URL:       siteURL + "/api/auth",
		Database:  "sqlite::memory:?synchronize=true",
		Providers: p,
		Logger:    slog.New(slog.DiscardHandler),
	}
}

// Get fetches path with the Accept header given (following redirects) and
// returns the final response and its body.
func (s *Site) Get(path, accept string) (*http.Response, string) {
	s.t.Helper()
	req, err := http.NewRequest("GET", s.URL+path, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Accept", accept)
	res, err := s.Client.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return res, string(b)
}

// CSRFToken returns a token from GET /api/auth/csrf (setting its cookie).
func (s *Site) CSRFToken() string {
	s.t.Helper()
	_, body := s.Get("/api/auth/csrf", "application/json")
	var v struct{ CsrfToken string }
	if err := json.Unmarshal([]byte(body), &v); err != nil || v.CsrfToken == "" {
		s.t.Fatalf("GET /api/auth/csrf: %q (%v)", body, err)
	}
	return v.CsrfToken
}

// SignInByEmail asks for a link for address, then submits the link's
// confirmation form as its button does, and returns the body of the page
// the browser ends on.
func (s *Site) SignInByEmail(address, callbackURL string) string {
	s.t.Helper()
	before := len(s.Email.DevLinks())
	form := url.Values{"csrfToken": {s.CSRFToken()}, "email": {address}}
	if callbackURL != "" {
		form.Set("callbackUrl", callbackURL)
	}
	s.post("/api/auth/signin/email", form)
	links := s.Email.DevLinks()
	if len(links) != before+1 {
		s.t.Fatalf("%d sign-in links recorded, want %d", len(links), before+1)
	}
	link, err := url.Parse(links[len(links)-1].URL)
	if err != nil {
		s.t.Fatal(err)
	}
	confirm := link.Query()
	confirm.Set("csrfToken", s.CSRFToken())
	return s.post(link.Path, confirm)
}

// post posts form to path and returns the final page's body.
func (s *Site) post(path string, form url.Values) string {
	s.t.Helper()
	res, err := s.Client.PostForm(s.URL+path, form)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return string(b)
}
