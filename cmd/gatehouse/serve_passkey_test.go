package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestServePasskeyOptions: `gatehouse serve` with no configuration offers
// passkeys: it names itself localhost, lists the passkey provider, and
// /webauthn-options/passkey answers with a challenge kept in the
// authjs.challenge cookie.
func TestServePasskeyOptions(t *testing.T) {
	s := startServe(t, map[string]string{"AUTH_SECRET": testSecret}, "--database", "sqlite::memory:")
	if !strings.HasPrefix(s.URL, "http://localhost:") {
		t.Errorf("serve names itself %s, want http://localhost:port", s.URL)
	}
	if strings.Contains(s.stdout.String(), "passkeys: off") {
		t.Errorf("passkeys are off:\n%s", s.stdout)
	}
	res, err := newBrowser(t).Get(s.URL + "/api/auth/webauthn-options/passkey")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct {
		Action  string
		Options struct {
			Challenge string
			RPID      string `json:"rpId"`
		}
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/auth/webauthn-options/passkey: %d %v", res.StatusCode, err)
	}
	if body.Action != "authenticate" || len(body.Options.Challenge) < 43 || body.Options.RPID != "localhost" {
		t.Errorf("options = %+v, want authenticate with a 32-byte challenge for rpId localhost", body)
	}
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "authjs.challenge" {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.MaxAge != 900 {
		t.Errorf("challenge cookie = %+v, want an HttpOnly authjs.challenge for 15 minutes", cookie)
	}
}
