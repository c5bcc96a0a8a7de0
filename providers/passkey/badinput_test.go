package passkey_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/providers/passkey"
	"github.com/gatehouse-go/gatehouse/providers/passkey/passkeytest"
)

// signUp registers a new user with email through phone and signs out.
func (s *site) signUp(phone *passkeytest.Authenticator, email string) *adapter.User {
	s.t.Helper()
	_, opts := s.options("action=register&email=" + email)
	resp, err := phone.Register(opts)
	if err != nil {
		s.t.Fatal(err)
	}
	if got := s.finish("register", resp); strings.Contains(got, "error=") {
		s.t.Fatalf("sign-up of %s failed: %s", email, got)
	}
	s.newBrowser()
	return s.userByEmail(email)
}

// snapshot is what the store holds, to check that a refused ceremony
// stored nothing.
func (s *site) snapshot(users ...*adapter.User) string {
	s.t.Helper()
	var b strings.Builder
	for _, u := range users {
		for _, a := range s.authenticators(u.ID) {
			b.WriteString(a.CredentialID + ":" + string(rune('0'+a.Counter)) + ";")
		}
	}
	if _, err := s.store.GetUserByEmail(context.Background(), "mallory@example.com"); err == nil {
		b.WriteString("mallory exists")
	}
	return b.String()
}

func setJSON(t *testing.T, raw json.RawMessage, key string, value any) json.RawMessage {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if key == "rp.id" {
		m["rp"].(map[string]any)["id"] = value
	} else {
		m[key] = value
	}
	out, _ := json.Marshal(m)
	return out
}

// TestBadInput checks that each malformed, forged, replayed or expired
// ceremony ends in WebAuthnVerificationError with nothing stored and no
// session.
func TestBadInput(t *testing.T) {
	type env struct {
		s          *site
		phone      *passkeytest.Authenticator
		alice, bob *adapter.User
	}
	register := func(e *env) (string, []byte) { // a sign-up for mallory
		_, opts := e.s.options("action=register&email=mallory@example.com")
		resp, err := passkeytest.New(e.s.origin).Register(opts)
		if err != nil {
			e.s.t.Fatal(err)
		}
		return "register", resp
	}
	signIn := func(e *env) (json.RawMessage, *passkeytest.Credential) {
		_, opts := e.s.options("action=authenticate")
		var o struct{ Challenge, RPID string }
		_ = json.Unmarshal(opts, &o)
		return opts, e.phone.Credentials()[0]
	}
	challengeOf := func(opts json.RawMessage) (string, string) {
		var o struct {
			Challenge string `json:"challenge"`
			RPID      string `json:"rpId"`
		}
		_ = json.Unmarshal(opts, &o)
		return o.Challenge, o.RPID
	}
	tests := []struct {
		name   string
		uvReq  bool
		attack func(t *testing.T, e *env) (action string, data []byte)
	}{
		{"malformed JSON", false, func(t *testing.T, e *env) (string, []byte) {
			e.s.options("action=register&email=mallory@example.com")
			return "register", []byte(`{"id":`)
		}},
		{"not a credential", false, func(t *testing.T, e *env) (string, []byte) {
			e.s.options("action=authenticate")
			return "authenticate", []byte(`{"id":"AAAA","response":{}}`)
		}},
		{"oversized", false, func(t *testing.T, e *env) (string, []byte) {
			_, data := register(e)
			return "register", append(data[:len(data)-1], []byte(`,"pad":"`+strings.Repeat("x", 20<<10)+`"}`)...)
		}},
		{"wrong origin", false, func(t *testing.T, e *env) (string, []byte) {
			_, opts := e.s.options("action=register&email=mallory@example.com")
			a := passkeytest.New("http://evil.example")
			resp, _ := a.Register(opts)
			return "register", resp
		}},
		{"wrong RP ID", false, func(t *testing.T, e *env) (string, []byte) {
			_, opts := e.s.options("action=register&email=mallory@example.com")
			resp, _ := passkeytest.New(e.s.origin).Register(setJSON(t, opts, "rp.id", "evil.example"))
			return "register", resp
		}},
		{"expired challenge", false, func(t *testing.T, e *env) (string, []byte) {
			action, data := register(e)
			e.s.clock.Advance(16 * time.Minute)
			return action, data
		}},
		{"no challenge cookie", false, func(t *testing.T, e *env) (string, []byte) {
			action, data := register(e)
			e.s.newBrowser()
			return action, data
		}},
		{"challenge of the other action", false, func(t *testing.T, e *env) (string, []byte) {
			_, data := register(e)
			return "authenticate", data
		}},
		{"user verification missing when required", true, func(t *testing.T, e *env) (string, []byte) {
			_, opts := e.s.options("action=register&email=mallory@example.com")
			a := passkeytest.New(e.s.origin)
			a.Flags &^= passkeytest.FlagUV
			resp, _ := a.Register(opts)
			return "register", resp
		}},
		{"unknown credential", false, func(t *testing.T, e *env) (string, []byte) {
			opts, _ := signIn(e)
			stranger := passkeytest.New(e.s.origin)
			_, _ = stranger.Register([]byte(`{"challenge":"AAAA","rp":{"id":"localhost"},"user":{"id":"AAAA"}}`))
			resp, _ := stranger.Authenticate(opts)
			return "authenticate", resp
		}},
		{"credential of another user", false, func(t *testing.T, e *env) (string, []byte) {
			_, opts := e.s.options("action=authenticate&email=bob@example.com") // allows bob's only
			challenge, rpID := challengeOf(opts)
			resp, _ := e.phone.Sign(e.phone.Credentials()[0], challenge, rpID) // alice's
			return "authenticate", resp
		}},
		{"counter went backwards", false, func(t *testing.T, e *env) (string, []byte) {
			opts, c := signIn(e)
			resp, _ := e.phone.Authenticate(opts) // counter 1, accepted
			e.s.finish("authenticate", resp)
			e.s.newBrowser()
			opts, _ = signIn(e)
			challenge, rpID := challengeOf(opts)
			c.Counter = 1 // a clone that has not seen the last sign-in
			resp, _ = e.phone.Sign(c, challenge, rpID)
			return "authenticate", resp
		}},
		{"replayed assertion", false, func(t *testing.T, e *env) (string, []byte) {
			opts, _ := signIn(e)
			resp, _ := e.phone.Authenticate(opts)
			e.s.finish("authenticate", resp)
			e.s.newBrowser()
			signIn(e) // a fresh challenge cookie; the old assertion signed another
			return "authenticate", resp
		}},
		{"bad signature", false, func(t *testing.T, e *env) (string, []byte) {
			opts, _ := signIn(e)
			resp, _ := e.phone.Authenticate(opts)
			var m map[string]any
			_ = json.Unmarshal(resp, &m)
			r := m["response"].(map[string]any)
			sig, _ := base64.RawURLEncoding.DecodeString(r["signature"].(string))
			sig[len(sig)-1] ^= 1
			r["signature"] = base64.RawURLEncoding.EncodeToString(sig)
			out, _ := json.Marshal(m)
			return "authenticate", out
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var opts []siteOption
			if tc.uvReq {
				p, err := passkey.New(passkey.Config{UserVerification: passkey.UserVerificationRequired})
				if err != nil {
					t.Fatal(err)
				}
				opts = append(opts, withProvider(p))
			}
			s := newSite(t, opts...)
			e := &env{s: s, phone: passkeytest.New(s.origin)}
			e.alice = s.signUp(e.phone, "alice@example.com")
			e.bob = s.signUp(passkeytest.New(s.origin), "bob@example.com")
			action, data := tc.attack(t, e)
			before := s.snapshot(e.alice, e.bob)
			logged := len(s.logs.String())
			got := s.finish(action, data)
			if !strings.Contains(got, "error=WebAuthnVerificationError") {
				t.Errorf("→ %s, want error=WebAuthnVerificationError", got)
			}
			if after := s.snapshot(e.alice, e.bob); after != before {
				t.Errorf("the store changed: %q → %q", before, after)
			}
			if email := s.sessionEmail(); email != "" {
				t.Errorf("signed in as %s", email)
			}
			t.Logf("logged: %s", s.logs.String()[logged:])
			if !bytes.Contains([]byte(s.logs.String()[logged:]), []byte("WebAuthnVerificationError")) {
				t.Errorf("the cause is not logged:\n%s", s.logs.String())
			}
		})
	}
}
