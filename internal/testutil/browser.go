package testutil

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
)

// NewBrowser returns an HTTP client that keeps cookies, as a browser
// does, and does not follow redirects, so that a test sees each answer of
// a sign-in flow.
func NewBrowser() *http.Client {
	jar, _ := cookiejar.New(nil) // never fails without options
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// Do sends a request with c (a form as its URL-encoded body when form is
// not nil) and returns the answer with its body read; it fails the test
// when the request cannot be made or sent.
func Do(t testing.TB, c *http.Client, method, rawURL string, form url.Values) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, rawURL, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the answer: %v", method, rawURL, err)
	}
	return res, string(b)
}

// CSRF returns c's CSRF token from GET base+"/csrf" (base is the REST
// API's, such as "http://127.0.0.1:8080/api/auth"), which also sets c's
// CSRF cookie.
func CSRF(t testing.TB, c *http.Client, base string) string {
	t.Helper()
	_, body := Do(t, c, http.MethodGet, base+"/csrf", nil)
	var v struct{ CSRFToken string }
	if err := json.Unmarshal([]byte(body), &v); err != nil || v.CSRFToken == "" {
		t.Fatalf("GET /csrf: %q (%v)", body, err)
	}
	return v.CSRFToken
}
