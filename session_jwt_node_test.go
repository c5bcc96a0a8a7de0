package gatehouse

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/providers"
)

// signInDirect signs alice in through a.ServeHTTP (GET /csrf, then POST
// /callback/credentials) and returns the session cookies set.
func signInDirect(t *testing.T, a *Auth, base string) []*http.Cookie {
	t.Helper()
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, httptest.NewRequest("GET", base+"/csrf", nil))
	var csrf struct{ CSRFToken string }
	if err := json.Unmarshal(rec.Body.Bytes(), &csrf); err != nil {
		t.Fatalf("GET /csrf: %s", rec.Body)
	}
	form := url.Values{"csrfToken": {csrf.CSRFToken}, "username": {"alice"}, "password": {alicePass}}
	req := httptest.NewRequest("POST", base+"/callback/credentials", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range rec.Result().Cookies() {
		req.AddCookie(c)
	}
	rec = httptest.NewRecorder()
	a.ServeHTTP(rec, req)
	if rec.Code != http.StatusFound || strings.Contains(rec.Header().Get("Location"), "error=") {
		t.Fatalf("sign-in: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	var out []*http.Cookie
	for _, c := range rec.Result().Cookies() {
		if strings.Contains(c.Name, "session-token") && c.MaxAge >= 0 {
			out = append(out, c)
		}
	}
	return out
}

// TestAuthJSReadsHandlerCookie gives the session cookies the handler set
// (one cookie or chunks; http and https names; v5 and v4 formats) to the
// real getToken of @auth/core and next-auth v4, as a Next.js app sharing
// the secret reads them.
func TestAuthJSReadsHandlerCookie(t *testing.T) {
	node := needNodeClient(t)
	cred := aliceCredentials(t, jwtAlice.Clone)
	tests := []struct {
		name, version, base string
		blob                int
		wantCookies         int
	}{
		{"v5 http", "v5", "http://site.example/api/auth", 0, 1},
		{"v5 https", "v5", "https://site.example/api/auth", 0, 1},
		{"v5 http chunked", "v5", "http://site.example/api/auth", 9000, 4},
		{"v5 https chunked", "v5", "https://site.example/api/auth", 9000, 4},
		{"v4 http", "v4", "http://site.example/api/auth", 0, 1},
		{"v4 https chunked", "v4", "https://site.example/api/auth", 9000, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blob := strings.Repeat("b", tt.blob)
			a, err := New(Config{
				Secrets: []string{testSecret}, URL: tt.base, Providers: []providers.Provider{cred},
				Cookies: CookieConfig{V4Names: tt.version == "v4"}, Logger: discardLogger(),
				Callbacks: Callbacks{JWT: func(ctx context.Context, p JWTParams) (map[string]any, error) {
					if blob != "" {
						p.Token["blob"] = blob
					}
					return p.Token, nil
				}},
			})
			if err != nil {
				t.Fatal(err)
			}
			cookies := signInDirect(t, a, tt.base)
			if len(cookies) != tt.wantCookies {
				t.Fatalf("%d session cookies, want %d", len(cookies), tt.wantCookies)
			}
			type nc struct {
				Name  string `json:"name"`
				Value string `json:"value"`
			}
			in := struct {
				Version string `json:"version"`
				Secret  string `json:"secret"`
				Secure  bool   `json:"secure"`
				Cookies []nc   `json:"cookies"`
			}{tt.version, testSecret, strings.HasPrefix(tt.base, "https"), nil}
			for _, c := range cookies {
				in.Cookies = append(in.Cookies, nc{c.Name, c.Value})
			}
			b, _ := json.Marshal(in)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, node, "gettoken.mjs")
			cmd.Dir = clientDir
			cmd.Stdin = bytes.NewReader(b)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			outb, err := cmd.Output()
			if err != nil {
				t.Fatalf("node gettoken.mjs: %v\n%s", err, stderr.String())
			}
			var out struct{ Token map[string]any }
			if err := json.Unmarshal(outb, &out); err != nil {
				t.Fatalf("output %q: %v", outb, err)
			}
			tok := out.Token
			if tok == nil {
				t.Fatalf("getToken returned null for cookies %v", names(cookies))
			}
			if tok["sub"] != jwtAlice.ID || tok["email"] != jwtAlice.Email || tok["picture"] != jwtAlice.Image {
				t.Errorf("getToken = sub %v email %v picture %v", tok["sub"], tok["email"], tok["picture"])
			}
			if got, _ := tok["blob"].(string); got != blob {
				t.Errorf("blob: %d bytes, want %d", len(got), len(blob))
			}
		})
	}
}

func names(cookies []*http.Cookie) []string {
	var out []string
	for _, c := range cookies {
		out = append(out, c.Name)
	}
	return out
}
