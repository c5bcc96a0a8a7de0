package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/examples/internal/exampletest"
)

// TestPasswords registers, signs out, signs in with the password and fails
// with a wrong one, as a browser would, on the example's app over an
// in-memory SQLite database.
func TestPasswords(t *testing.T) {
	t.Setenv("AUTH_SECRET", exampletest.Secret)
	var app http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { app.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	app, auth, err := newApp(srv.URL, "sqlite::memory:?synchronize=true")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = auth.Close() })
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	post := func(path string, form url.Values) (*http.Response, string) {
		t.Helper()
		res, err := c.PostForm(srv.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	csrf := func() string {
		t.Helper()
		res, err := c.Get(srv.URL + "/api/auth/csrf")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var v struct{ CsrfToken string }
		_ = json.NewDecoder(res.Body).Decode(&v)
		return v.CsrfToken
	}
	account := url.Values{"email": {"Ann@Example.com"}, "password": {"correct horse"}}

	if _, body := post("/register", account); !strings.HasPrefix(body, "Hello, ann@example.com!") {
		t.Fatalf("after registering the home page says %q", body)
	}
	u, err := auth.Adapter().GetUserByEmail(context.Background(), "ann@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if h, _ := u.Extra["password_hash"].(string); !strings.HasPrefix(h, "$2") {
		t.Fatalf("stored password_hash %q, want a bcrypt hash", h)
	}
	if res, _ := post("/register", account); res.StatusCode != http.StatusConflict {
		t.Fatalf("registering the address again: %d, want 409", res.StatusCode)
	}
	if _, body := post("/logout", nil); !strings.Contains(body, `action="/register"`) {
		t.Fatalf("after signing out the home page says %q", body)
	}

	cases := []struct {
		name, password, want string
	}{
		{"wrong password", "wrong horse", "error=CredentialsSignin"},
		{"right password", "correct horse", "Hello, ann@example.com!"},
	}
	for _, cs := range cases {
		t.Run(cs.name, func(t *testing.T) {
			res, body := post("/api/auth/callback/credentials", url.Values{
				"csrfToken": {csrf()}, "email": {"ann@example.com"}, "password": {cs.password}, "callbackUrl": {srv.URL + "/"},
			})
			if !strings.Contains(res.Request.URL.String()+body, cs.want) {
				t.Fatalf("signing in ended at %s with %q, want %q", res.Request.URL, body, cs.want)
			}
		})
	}

	req, _ := http.NewRequest("POST", srv.URL+"/register", strings.NewReader(url.Values{"email": {"eve@example.com"}, "password": {"12345678"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin registration: %d, want 403", res.StatusCode)
	}
}
