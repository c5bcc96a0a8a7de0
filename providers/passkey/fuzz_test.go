package passkey_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// FuzzCallback posts arbitrary credential JSON to the callback after real
// options: the answer is always a redirect (JSON), nobody is signed in and
// nothing is stored.
func FuzzCallback(f *testing.F) {
	s := newSite(f)
	f.Add("register", []byte(`{}`))
	f.Add("authenticate", []byte(`{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{"clientDataJSON":"e30","authenticatorData":"AAAA","signature":"AAAA"}}`))
	f.Add("register", []byte(`{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{"clientDataJSON":"e30","attestationObject":"oA"}}`))
	f.Add("register", []byte(`{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{"clientDataJSON":"eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0","attestationObject":"o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YUA"}}`))
	f.Fuzz(func(t *testing.T, action string, data []byte) {
		s.t = t
		query := "action=authenticate"
		if action == "register" {
			query = "action=register&email=fuzz@example.com"
		}
		s.newBrowser()
		s.options(query)
		form := url.Values{"csrfToken": {s.csrf()}, "action": {action}, "data": {string(data)}}
		req, _ := http.NewRequest(http.MethodPost, s.base+"/callback/passkey", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Auth-Return-Redirect", "1")
		res, err := s.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		if email := s.sessionEmail(); email != "" {
			t.Fatalf("arbitrary data signed in as %s", email)
		}
		if _, err := s.store.GetUserByEmail(context.Background(), "fuzz@example.com"); err == nil {
			t.Fatal("arbitrary data created a user")
		}
	})
}
