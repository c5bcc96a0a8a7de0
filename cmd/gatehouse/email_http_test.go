package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestServeHTTPEmail: an HTTP mail API key (Auth.js's AUTH_<API>_KEY)
// replaces SMTP and dev mode, under the API's provider id, and start-up
// lists it; a missing setting stops start-up naming the variable.
func TestServeHTTPEmail(t *testing.T) {
	env := map[string]string{
		"AUTH_SECRET":     "a-test-secret-that-is-at-least-32-bytes-long",
		"AUTH_RESEND_KEY": "re_test_key_not_shown",
		"EMAIL_FROM":      "Demo <no-reply@example.com>",
	}
	s := startServe(t, env, "--database", "sqlite::memory:", "--demo-user=false")
	out := s.stdout.String()
	if want := "resend               Resend (sent by Resend from Demo <no-reply@example.com>)"; !strings.Contains(out, want) {
		t.Errorf("start-up output lacks %q:\n%s", want, out)
	}
	if strings.Contains(out+s.stderr.String(), "re_test_key_not_shown") {
		t.Errorf("the API key is printed:\n%s%s", out, s.stderr)
	}
	var provs map[string]struct{ Type string }
	if err := json.Unmarshal([]byte(get(t, newBrowser(t), s.URL+"/api/auth/providers")), &provs); err != nil {
		t.Fatal(err)
	}
	if len(provs) != 2 || provs["resend"].Type != "email" || provs["passkey"].Type != "webauthn" {
		t.Errorf("providers = %+v, want resend (email) and the demo's passkey", provs)
	}

	r := runCmd(t, map[string]string{"AUTH_LOOPS_KEY": "k"}, "serve", "--addr", "127.0.0.1:0", "--database", "sqlite::memory:")
	if r.code != exitError || !strings.Contains(r.stderr, "AUTH_LOOPS_TRANSACTIONAL_ID") {
		t.Errorf("Loops without a template: exit %d, stderr %q; want an error naming AUTH_LOOPS_TRANSACTIONAL_ID", r.code, r.stderr)
	}
}
