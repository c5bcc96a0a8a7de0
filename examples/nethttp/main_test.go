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

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/email"
)

// TestSignIn runs the example's app on a test server and signs in by email
// as a browser would: the home page sends it to sign in, the dev-mode link
// signs it in, and the home page greets it.
func TestSignIn(t *testing.T) {
	t.Chdir(t.TempDir()) // app.db lands here
	t.Setenv("AUTH_SECRET", "a-test-secret-that-is-at-least-32-bytes")
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
	c := &http.Client{Jar: jar}
	get := func(u string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", u, nil)
		req.Header.Set("Accept", "text/html")
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	csrf := func() string {
		t.Helper()
		_, body := get(srv.URL + "/api/auth/csrf")
		var v struct{ CsrfToken string }
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Fatal(err)
		}
		return v.CsrfToken
	}

	if res, _ := get(srv.URL + "/"); res.Request.URL.Path != "/api/auth/signin" {
		t.Fatalf("home page without a session went to %s, want the sign-in page", res.Request.URL)
	}
	res, err := c.PostForm(srv.URL+"/api/auth/signin/email", url.Values{"csrfToken": {csrf()}, "email": {"ann@example.com"}, "callbackUrl": {srv.URL + "/"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	links := magic.DevLinks()
	if len(links) != 1 {
		t.Fatalf("%d sign-in links recorded, want 1", len(links))
	}
	link, _ := url.Parse(links[0].URL)
	form := link.Query()
	form.Set("csrfToken", csrf())
	res, err = c.PostForm(srv.URL+link.Path, form) // the confirmation page's button
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.HasPrefix(string(body), "Hello, ann@example.com!") {
		t.Errorf("after signing in the home page says %q", body)
	}
}
