package gatehouse

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/web"
)

func TestTrustHost(t *testing.T) {
	tests := []struct {
		name       string
		trust      bool
		url        string
		headers    []string
		wantOrigin string // "" = the test server's
	}{
		{"URL set: forwarded headers ignored", false, "", []string{"X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https"}, ""},
		{"trusted proxy", true, "-", []string{"X-Forwarded-Host", "public.example", "X-Forwarded-Proto", "https"}, "https://public.example"},
		{"trusted, no headers", true, "-", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, func(c *Config) {
				c.TrustHost = tt.trust
				if tt.url == "-" {
					c.URL = ""
				}
			})
			res := h.get("/api/auth/providers", tt.headers...)
			want := tt.wantOrigin
			if want == "" {
				want = h.srv.URL
			}
			if !strings.Contains(res.body, `"signinUrl":"`+want+"/api/auth/signin/credentials") {
				t.Fatalf("providers %s, want origin %s", res.body, want)
			}
			if tt.wantOrigin == "https://public.example" {
				// https origin: secure cookie names and flags.
				res := h.get("/api/auth/csrf", tt.headers...)
				c := res.Cookies()
				if len(c) != 1 || c[0].Name != "__Host-authjs.csrf-token" || !c[0].Secure {
					t.Fatalf("cookies %v, want a Secure __Host-authjs.csrf-token", c)
				}
			}
		})
	}
}

func TestJSONRedirects(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name    string
		header  bool
		form    url.Values
		wantURL string
	}{
		{"header, success", true, url.Values{"password": {alicePass}}, "/dashboard"},
		{"json=true, success", false, url.Values{"password": {alicePass}, "json": {"true"}}, "/dashboard"},
		{"header, wrong password", true, url.Values{"password": {"nope"}}, "/api/auth/signin?code=credentials&error=CredentialsSignin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := url.Values{"csrfToken": {h.csrf()}, "username": {"alice"}, "callbackUrl": {"/dashboard"}}
			for k, v := range tt.form {
				form[k] = v
			}
			var hdr []string
			if tt.header {
				hdr = []string{"X-Auth-Return-Redirect", "1"}
			}
			res := h.post("/api/auth/callback/credentials", form, hdr...)
			var v struct{ URL string }
			res.json(t, &v)
			if res.StatusCode != 200 || v.URL != h.srv.URL+tt.wantURL {
				t.Fatalf("got %d %s, want 200 {url: %s}", res.StatusCode, res.body, h.srv.URL+tt.wantURL)
			}
		})
	}
}

func TestRoutingErrors(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		method, path string
		status       int
	}{
		{"GET", "/api/auth/nope", 404},
		{"GET", "/api/auth/signin/credentials/extra", 404},
		{"GET", "/api/auth/callback/", 404},
		{"GET", "/api/auth/callback/unknown", 404},
		{"GET", "/api/auth/session/x", 404},
		{"DELETE", "/api/auth/session", 405},
		{"PUT", "/api/auth/signout", 405},
		{"POST", "/api/auth/csrf", 405},
		{"POST", "/api/auth/providers", 405},
		{"GET", "/api/auth/callback/credentials", 405},
		{"POST", "/api/auth/error", 405},
		{"POS", "/api/auth/session", 405},
		{"GE", "/api/auth/signout", 405},
		{"T", "/api/auth/session", 405},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(tt.method, h.srv.URL+tt.path, nil)
		res := h.do(req)
		if res.StatusCode != tt.status || !strings.Contains(res.body, "gatehouse:") {
			t.Errorf("%s %s: %d %q, want %d with an explanation", tt.method, tt.path, res.StatusCode, res.body, tt.status)
		}
		if tt.status == 405 && res.Header.Get("Allow") == "" {
			t.Errorf("%s %s: 405 without Allow", tt.method, tt.path)
		}
	}
}

func TestOutsideBasePath(t *testing.T) {
	h := newHarness(t)
	for _, p := range []string{"/api/authx/session", "/other", "/api"} {
		rec := httptest.NewRecorder()
		h.auth.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		if rec.Code != 404 || !strings.Contains(rec.Body.String(), "base path /api/auth") {
			t.Errorf("GET %s: %d %q", p, rec.Code, rec.Body.String())
		}
	}
}

func TestDebugLogs(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.Debug = true })
	h.signIn(alicePass)
	cookie := h.sessionCookie()
	h.clock.Advance(25 * time.Hour)
	h.session()
	h.post("/api/auth/signout", url.Values{"csrfToken": {h.csrf()}})
	logs := h.logs.String()
	for _, want := range []string{"signed in", "session extended", "signed out"} {
		if !strings.Contains(logs, want) {
			t.Errorf("debug log lacks %q", want)
		}
	}
	if strings.Contains(logs, alicePass) || strings.Contains(logs, cookie) || strings.Contains(logs, web.SHA256Hex(cookie)) {
		t.Error("secrets in the log")
	}
}
