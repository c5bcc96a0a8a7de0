package jwt

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// requireServices reports whether GATEHOUSE_REQUIRE_SERVICES=1, when a
// missing Node.js or npm install fails the test instead of skipping it.
func requireServices() bool { return os.Getenv("GATEHOUSE_REQUIRE_SERVICES") == "1" }

// vectorsDir returns a directory holding gen.mjs and an installed
// node_modules with the pinned @auth/core and next-auth. It prefers
// testdata/vectors (after a manual `npm ci` there); with
// GATEHOUSE_REQUIRE_SERVICES=1 it runs `npm ci` itself into a cache
// directory keyed by package-lock.json.
func vectorsDir(t *testing.T) (node, dir string) {
	t.Helper()
	skip := func(format string, args ...any) {
		t.Helper()
		if requireServices() {
			t.Fatalf(format+" (GATEHOUSE_REQUIRE_SERVICES=1)", args...)
		}
		t.Skipf(format, args...)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		skip("node not found on PATH: install Node.js (>= 20) to check Go tokens against @auth/core and next-auth")
	}
	src, err := filepath.Abs(filepath.Join("testdata", "vectors"))
	if err != nil {
		t.Fatal(err)
	}
	installed := func(d string) bool {
		for _, p := range []string{"@auth/core/jwt.js", "next-auth/jwt/index.js"} {
			if _, err := os.Stat(filepath.Join(d, "node_modules", p)); err != nil {
				return false
			}
		}
		return true
	}
	if installed(src) {
		return node, src
	}
	if !requireServices() {
		t.Skipf("node_modules missing: run `npm ci` in %s to check Go tokens against @auth/core and next-auth", src)
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Fatalf("npm not found on PATH; it is needed to install the test vector libraries (GATEHOUSE_REQUIRE_SERVICES=1)")
	}
	lock, err := os.ReadFile(filepath.Join(src, "package-lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(lock)
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir = filepath.Join(cache, "gatehouse", "jwt-vectors-"+hex.EncodeToString(sum[:6]))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"package.json", "package-lock.json", ".npmrc", "gen.mjs"} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !installed(dir) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci in %s: %v\n%s", dir, err, out)
		}
	}
	return node, dir
}

type goToken struct {
	Name          string   `json:"name"`
	Version       string   `json:"version"`
	Secrets       []string `json:"secrets"`
	Salt          string   `json:"salt"`
	Token         string   `json:"token,omitempty"`
	CookieHeader  *string  `json:"cookieHeader,omitempty"`
	CookieName    string   `json:"cookieName,omitempty"`
	Authorization string   `json:"authorization,omitempty"`

	want    Claims // nil: the libraries must refuse it
	wantErr string
}

type jsResult struct {
	Name    string          `json:"name"`
	OK      bool            `json:"ok"`
	Payload json.RawMessage `json:"payload"`
	Error   *string         `json:"error"`
}

func TestJavaScriptDecodesGoTokens(t *testing.T) {
	node, dir := vectorsDir(t)
	secrets := []string{"go-made-secret-0123456789", "Zk3pQ9u1mX7vT2sL8bN4cR6yW0eH5jA3fG1dK9qP2tU=", "pässwörd ünïcode 🔑 secret"}
	user := Claims{"name": "Grace Hopper", "email": "grace@example.com", "picture": nil, "sub": "user-7",
		"roles": []any{"admin"}, "nested": map[string]any{"n": 3, "f": 0.25, "s": "é🦊\"<&>"}}

	var tokens []goToken
	add := func(name string, opts Options, claims Claims, tk goToken) {
		t.Helper()
		c := newCodec(t, opts)
		tok := encode(t, c, claims)
		if tk.wantErr == "" {
			// What Go reads back is what JavaScript must read.
			got, err := newCodec(t, Options{Secrets: opts.Secrets, Salt: opts.Salt, Version: opts.Version, Now: time.Now}).Decode(tok)
			if err != nil {
				t.Fatalf("%s: Go cannot read its own token: %v", name, err)
			}
			tk.want = got
		}
		tk.Name, tk.Version, tk.Salt = name, opts.Version.String(), opts.Salt
		if tk.Secrets == nil {
			tk.Secrets = opts.Secrets
		}
		if tk.CookieHeader == nil && tk.Authorization == "" {
			tk.Token = tok
		} else if tk.Authorization != "" {
			tk.Authorization += url.PathEscape(tok)
			empty := ""
			tk.CookieHeader = &empty
		} else {
			r := httptest.NewRequest("GET", "/", nil)
			for _, ck := range ChunkCookie(&http.Cookie{Name: tk.CookieName, Value: tok}, ChunkSize(opts.Version)) {
				r.AddCookie(ck)
			}
			h := r.Header.Get("Cookie")
			tk.CookieHeader = &h
		}
		tokens = append(tokens, tk)
	}
	now := time.Now
	for i, s := range secrets {
		for _, salt := range []string{SessionCookieV5, SecureSessionCookieV5} {
			add("v5 "+salt+" secret#"+string(rune('0'+i)), Options{Secrets: []string{s}, Salt: salt, Now: now}, user, goToken{})
		}
		add("v4 secret#"+string(rune('0'+i)), Options{Secrets: []string{s}, Version: V4, Now: now}, user, goToken{})
	}
	add("v5 rotation, JS secrets in the other order", Options{Secrets: []string{secrets[1], secrets[0]}, Salt: SessionCookieV5, Now: now}, user,
		goToken{Secrets: []string{secrets[0], secrets[1]}})
	add("v5 empty claims", Options{Secrets: secrets[:1], Salt: SessionCookieV5, Now: now}, Claims{}, goToken{})
	big := Claims{"sub": "big", "blob": strings.Repeat("0123456789abcdef", 750)}
	add("v5 chunked cookie via getToken", Options{Secrets: secrets[:1], Salt: SecureSessionCookieV5, Now: now}, big,
		goToken{CookieHeader: new(string), CookieName: SecureSessionCookieV5})
	add("v5 plain cookie via getToken", Options{Secrets: secrets[:1], Salt: SessionCookieV5, Now: now}, user,
		goToken{CookieHeader: new(string), CookieName: SessionCookieV5})
	add("v5 bearer via getToken", Options{Secrets: secrets[:1], Salt: SessionCookieV5, Now: now}, user,
		goToken{Authorization: "Bearer ", CookieName: SessionCookieV5})
	add("v5 oauth pkce check cookie", Options{Secrets: secrets[:1], Salt: "__Secure-authjs.pkce.code_verifier", MaxAge: 15 * time.Minute, Now: now},
		Claims{"value": "verifier-abc", "provider": "github"}, goToken{})
	add("v5 expired", Options{Secrets: secrets[:1], Salt: SessionCookieV5, MaxAge: time.Hour, Now: func() time.Time { return time.Now().Add(-2 * time.Hour) }},
		user, goToken{wantErr: "ERR_JWT_EXPIRED"})
	add("v4 chunked cookie via getToken", Options{Secrets: secrets[:1], Version: V4, Now: now}, big,
		goToken{CookieHeader: new(string), CookieName: SessionCookieV4})
	add("v4 state check cookie", Options{Secrets: secrets[:1], Version: V4, Salt: "next-auth.state", MaxAge: 15 * time.Minute, Now: now},
		Claims{"value": "state-xyz", "provider": "google"}, goToken{})
	add("v4 expired", Options{Secrets: secrets[:1], Version: V4, MaxAge: time.Hour, Now: func() time.Time { return time.Now().Add(-2 * time.Hour) }},
		user, goToken{wantErr: "ERR_JWT_EXPIRED"})

	in, err := json.Marshal(map[string]any{"tokens": tokens})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "go-tokens.json")
	if err := os.WriteFile(file, in, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "gen.mjs", "decode", file)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node gen.mjs decode: %v\n%s", err, stderr.String())
	}
	var res struct {
		Generator map[string]string `json:"generator"`
		Results   []jsResult        `json:"results"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("node output: %v\n%s", err, out)
	}
	t.Logf("decoded by %v", res.Generator)
	if len(res.Results) != len(tokens) {
		t.Fatalf("%d results for %d tokens", len(res.Results), len(tokens))
	}
	for i, tk := range tokens {
		r := res.Results[i]
		if r.Name != tk.Name {
			t.Fatalf("result %d is %q, want %q", i, r.Name, tk.Name)
		}
		if tk.wantErr != "" {
			if r.OK || r.Error == nil || *r.Error != tk.wantErr {
				t.Errorf("%s: JavaScript gave ok=%v error=%v, want %s", tk.Name, r.OK, r.Error, tk.wantErr)
			}
			continue
		}
		if !r.OK {
			t.Errorf("%s: JavaScript refused the Go token: %v", tk.Name, deref(r.Error))
			continue
		}
		var got any
		if err := json.Unmarshal(r.Payload, &got); err != nil {
			t.Fatal(err)
		}
		if want := normalize(t, tk.want); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: JavaScript read\n %v\nGo wrote\n %v", tk.Name, got, want)
		}
	}
}
