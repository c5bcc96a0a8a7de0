package main

import (
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/examples/internal/exampletest"
)

// TestSignIn runs the example's app on a test server and signs in by email
// as a browser would: the home page sends it to sign in, the dev-mode link
// signs it in, and the home page greets it.
func TestSignIn(t *testing.T) {
	t.Chdir(t.TempDir()) // app.db lands here
	t.Setenv("AUTH_SECRET", exampletest.Secret)
	site := exampletest.Start(t, newApp)
	if res, _ := site.Get("/", "text/html"); res.Request.URL.Path != "/api/auth/signin" {
		t.Fatalf("home page without a session went to %s, want the sign-in page", res.Request.URL)
	}
	if body := site.SignInByEmail("ann@example.com", site.URL+"/"); !strings.HasPrefix(body, "Hello, ann@example.com!") {
		t.Errorf("after signing in the home page says %q", body)
	}
}
