package gatehouse

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestCredentialsFailureStatus: a failed credentials sign-in is answered
// 401 {"url"} to the next-auth v4 client (json=true), as NextAuth.js v4's
// server does, so that its signIn() reports ok: false; Auth.js v5's client
// (X-Auth-Return-Redirect) gets 200 {"url"} as from Auth.js v5, and a form
// a redirect.
func TestCredentialsFailureStatus(t *testing.T) {
	v4 := []string{"json", "true"}
	v5 := []string{"X-Auth-Return-Redirect", "1"}
	tests := []struct {
		name     string
		password string
		field    []string // extra form field
		header   []string
		refuse   bool // the SignIn callback refuses
		status   int
		errCode  string // ?error= of the answer's URL ("" = success)
	}{
		{"v4 wrong password", "wrong", v4, nil, false, http.StatusUnauthorized, "CredentialsSignin"},
		{"v4 right password", alicePass, v4, nil, false, http.StatusOK, ""},
		{"v4 refused by the SignIn callback", alicePass, v4, nil, true, http.StatusOK, "AccessDenied"},
		{"v5 wrong password", "wrong", nil, v5, false, http.StatusOK, "CredentialsSignin"},
		{"v5 right password", alicePass, nil, v5, false, http.StatusOK, ""},
		{"json=true with the v5 header is v5", "wrong", v4, v5, false, http.StatusOK, "CredentialsSignin"},
		{"form wrong password", "wrong", nil, nil, false, http.StatusFound, "CredentialsSignin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, func(c *Config) {
				if tt.refuse {
					c.Callbacks.SignIn = func(context.Context, SignInParams) (string, error) { return "", errors.New("no") }
				}
			})
			form := url.Values{"csrfToken": {h.csrf()}, "username": {"alice"}, "password": {tt.password}, "callbackUrl": {"/dashboard"}}
			if tt.field != nil {
				form.Set(tt.field[0], tt.field[1])
			}
			res := h.post("/api/auth/callback/credentials", form, tt.header...)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d; body %s", res.StatusCode, tt.status, res.body)
			}
			target := res.location()
			if tt.status != http.StatusFound {
				var v struct{ URL string }
				res.json(t, &v)
				target = v.URL
			}
			u, err := url.Parse(target)
			if err != nil || target == "" {
				t.Fatalf("answer's URL %q: %v", target, err)
			}
			if got := u.Query().Get("error"); got != tt.errCode {
				t.Errorf("URL %s: error=%q, want %q", target, got, tt.errCode)
			}
		})
	}
}

// TestClientLog: POST /_log, where the next-auth v4 client reports its
// errors (without a CSRF token), is answered 200 and logged at Info,
// clipped, and at most clientLogPerWindow times per window; the number
// dropped is logged once when the next window starts.
func TestClientLog(t *testing.T) {
	h := newHarness(t)
	report := url.Values{
		"level": {"error"}, "code": {"CLIENT_FETCH_ERROR"}, "client": {"true"},
		"message": {"boom " + strings.Repeat("x", 2000)}, "url": {"/api/auth/session"},
	}
	res := h.post("/api/auth/_log", report)
	if res.StatusCode != http.StatusOK || res.body != "" {
		t.Fatalf("POST /_log: %d %q, want 200 and no body", res.StatusCode, res.body)
	}
	logs := h.logs.String()
	for _, want := range []string{"level=INFO", "next-auth client reported", "code=CLIENT_FETCH_ERROR", "client.url=/api/auth/session"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
	if strings.Contains(logs, strings.Repeat("x", clientLogMaxValue+1)) {
		t.Errorf("a value longer than %d bytes was logged whole", clientLogMaxValue)
	}

	t.Run("many fields", func(t *testing.T) {
		f := url.Values{"level": {"warn"}, "code": {"X"}}
		for i := range 50 {
			f.Set("k"+strings.Repeat("z", 100)+string(rune('A'+i)), "v")
		}
		before := len(h.logs.String())
		h.post("/api/auth/_log", f)
		line := h.logs.String()[before:]
		if !strings.Contains(line, "omitted_fields=42") || strings.Count(line, "=v") != clientLogMaxFields {
			t.Errorf("want %d fields and omitted_fields=42:\n%s", clientLogMaxFields, line)
		}
	})

	t.Run("rate", func(t *testing.T) {
		h := newHarness(t)
		for range clientLogPerWindow + 25 {
			h.post("/api/auth/_log", url.Values{"level": {"error"}, "code": {"FLOOD"}})
		}
		if n := strings.Count(h.logs.String(), "code=FLOOD"); n != clientLogPerWindow {
			t.Errorf("%d reports logged in one window, want %d", n, clientLogPerWindow)
		}
		h.clock.Advance(clientLogWindow + time.Second)
		h.post("/api/auth/_log", url.Values{"level": {"error"}, "code": {"FLOOD"}})
		if logs := h.logs.String(); !strings.Contains(logs, "dropped=25") || strings.Count(logs, "code=FLOOD") != clientLogPerWindow+1 {
			t.Errorf("after the window: want one dropped=25 line and one more report:\n%s", logs)
		}
	})

	t.Run("refused", func(t *testing.T) {
		if res := h.get("/api/auth/_log"); res.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("GET /_log: %d, want 405", res.StatusCode)
		}
		res := h.post("/api/auth/_log", report, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site POST /_log: %d, want 403", res.StatusCode)
		}
	})
}
