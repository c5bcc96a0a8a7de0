package gatehouse

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/internal/testutil"
	"github.com/gatehouse-go/gatehouse/internal/web"
	"github.com/gatehouse-go/gatehouse/jwt"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/credentials"
)

// jwtAlice is the user the JWT harness's credentials provider signs in:
// with JWT sessions and no adapter, Authorize's user is the whole story.
var jwtAlice = adapter.User{ID: "alice-1", Name: "Alice", Email: "alice@example.com", Image: "https://example.com/alice.png"}

// newJWTHarness is newHarness without an adapter (so with the default JWT
// strategy) and a credentials provider that returns jwtAlice.
func newJWTHarness(t *testing.T, opts ...harnessOption) *harness {
	t.Helper()
	cred := aliceCredentials(t, jwtAlice.Clone)
	base := func(c *Config) {
		c.Adapter = nil
		c.Providers = []providers.Provider{cred}
	}
	return newHarness(t, append([]harnessOption{base}, opts...)...)
}

// jarCookies returns the jar's cookies whose names start with prefix.
func (h *harness) jarCookies(prefix string) map[string]string {
	u, _ := url.Parse(h.srv.URL)
	out := map[string]string{}
	for _, c := range h.jar.Cookies(u) {
		if strings.HasPrefix(c.Name, prefix) {
			out[c.Name] = c.Value
		}
	}
	return out
}

// jarToken reassembles the session token in the jar.
func (h *harness) jarToken(name string) string {
	h.t.Helper()
	req := httptest.NewRequest("GET", h.srv.URL, nil)
	for n, v := range h.jarCookies(name) {
		req.AddCookie(&http.Cookie{Name: n, Value: v})
	}
	return jwt.ReadChunked(req, name)
}

// sortedKeys returns m's keys, sorted.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// responseCookies splits a response's Set-Cookie headers into the names
// set and the names deleted.
func responseCookies(res *http.Response) (set map[string]*http.Cookie, deleted []string) {
	set = map[string]*http.Cookie{}
	for _, c := range res.Cookies() {
		if c.MaxAge < 0 {
			deleted = append(deleted, c.Name)
		} else {
			set[c.Name] = c
		}
	}
	slices.Sort(deleted)
	return set, deleted
}

// newCodec returns a codec for checking the tokens the handler writes.
func newCodec(t testing.TB, v jwt.Version, salt string, now func() time.Time, secrets ...string) *jwt.Codec {
	t.Helper()
	c, err := jwt.New(jwt.Options{Secrets: secrets, Salt: salt, Version: v, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// callRecorder records callback calls.
type callRecorder struct {
	mu    sync.Mutex
	calls []string
}

func (c *callRecorder) add(s string) { c.mu.Lock(); c.calls = append(c.calls, s); c.mu.Unlock() }

func (c *callRecorder) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.calls
	c.calls = nil
	return out
}

// TestJWTSessionFlow signs in with credentials while the JWT callback adds a
// claim too big for one cookie, reads the chunked session, updates it so
// that it fits in one cookie again (the stale chunks are deleted), and
// signs out.
func TestJWTSessionFlow(t *testing.T) {
	big := strings.Repeat(web.RandomHex(500), 6) // 6000 characters, no repeats within a block
	var jwtCalls, signOuts callRecorder
	var signedOut map[string]any
	h := newJWTHarness(t, func(c *Config) {
		c.Callbacks.JWT = func(ctx context.Context, p JWTParams) (map[string]any, error) {
			jwtCalls.add(string(p.Trigger))
			switch p.Trigger {
			case TriggerSignIn:
				if p.User == nil || p.User.ID != jwtAlice.ID || p.IsNewUser {
					t.Errorf("JWT callback at sign-in: user %+v, new %v", p.User, p.IsNewUser)
				}
				p.Token["role"] = "admin"
				p.Token["blob"] = big
			case TriggerUpdate:
				var d struct {
					Name     string
					DropBlob bool
				}
				if err := json.Unmarshal(p.Session, &d); err != nil {
					return nil, err
				}
				p.Token["name"] = d.Name
				if d.DropBlob {
					delete(p.Token, "blob")
				}
			}
			return p.Token, nil
		}
		c.Callbacks.Session = func(ctx context.Context, p SessionParams) (*Session, error) {
			if p.Token == nil || p.User != nil {
				t.Errorf("Session callback: token %v, user %v; want a token and no user", p.Token, p.User)
			}
			_, hasBlob := p.Token["blob"]
			p.Session.Extra = map[string]any{"role": p.Token["role"], "hasBlob": hasBlob}
			return p.Session, nil
		}
		c.Events.SignOut = func(ctx context.Context, e SignOutEvent) {
			signOuts.add("signOut")
			signedOut = e.Token
		}
	})
	const name = "authjs.session-token"
	t0 := h.clock.Now()

	// Sign-in: the token is split into chunks.
	res := h.signIn(alicePass)
	if res.StatusCode != http.StatusFound || res.location() != h.srv.URL+"/dashboard" {
		t.Fatalf("sign-in: %d to %q; want 302 to /dashboard", res.StatusCode, res.location())
	}
	if got := jwtCalls.take(); !slices.Equal(got, []string{"signIn"}) {
		t.Errorf("JWT callback triggers at sign-in: %q", got)
	}
	jar := h.jarCookies(name)
	if got := sortedKeys(jar); !slices.Equal(got, []string{name + ".0", name + ".1", name + ".2"}) {
		t.Fatalf("session cookies after sign-in: %q, want three chunks", got)
	}
	for n, v := range jar {
		if len(v) > jwt.ChunkSizeV5 {
			t.Errorf("cookie %s holds %d bytes, over the chunk size %d", n, len(v), jwt.ChunkSizeV5)
		}
	}
	claims, err := newCodec(t, jwt.V5, name, h.clock.Now, testSecret).Decode(h.jarToken(name))
	if err != nil {
		t.Fatalf("the reassembled cookie does not decode as an Auth.js token: %v", err)
	}
	if claims.Subject() != jwtAlice.ID || claims.Name() != "Alice" || claims.Email() != jwtAlice.Email ||
		claims.Picture() != jwtAlice.Image || claims["blob"] != big || !claims.ExpiresAt().Equal(t0.Add(DefaultMaxAge)) {
		t.Fatalf("token claims: sub %q name %q email %q picture %q blob equal %v exp %v",
			claims.Subject(), claims.Name(), claims.Email(), claims.Picture(), claims["blob"] == big, claims.ExpiresAt())
	}

	// Reading: the session from the chunks; not due, so no cookie is set.
	h.clock.Advance(time.Minute)
	res = h.get("/api/auth/session")
	var s struct {
		User    SessionUser
		Expires string
		Role    string
		HasBlob bool
	}
	res.json(t, &s)
	want := SessionUser{ID: jwtAlice.ID, Name: "Alice", Email: jwtAlice.Email, Image: jwtAlice.Image}
	if s.User != want || s.Role != "admin" || !s.HasBlob || s.Expires != "2026-03-31T12:00:00.000Z" {
		t.Fatalf("GET /session = %s", res.body)
	}
	if len(res.Header.Values("Set-Cookie")) != 0 {
		t.Errorf("GET /session set cookies %q though no refresh was due", res.Header.Values("Set-Cookie"))
	}
	if got := jwtCalls.take(); !slices.Equal(got, []string{""}) {
		t.Errorf("JWT callback triggers on read: %q", got)
	}

	// Update: the new token fits one cookie; the chunks are deleted.
	h.clock.Advance(time.Minute)
	res = h.postJSON("/api/auth/session", map[string]any{"csrfToken": h.csrf(), "data": map[string]any{"name": "Alice B", "dropBlob": true}})
	if res.StatusCode != 200 {
		t.Fatalf("POST /session: %d %s", res.StatusCode, res.body)
	}
	res.json(t, &s)
	if s.User.Name != "Alice B" || s.HasBlob || s.Expires != "2026-03-31T12:02:00.000Z" {
		t.Fatalf("POST /session = %s", res.body)
	}
	set, deleted := responseCookies(res.Response)
	if !slices.Equal(deleted, []string{name + ".0", name + ".1", name + ".2"}) || len(set) != 1 || set[name] == nil {
		t.Fatalf("POST /session cookies: set %v, deleted %q; want %s set and the chunks deleted", sortedKeys(set), deleted, name)
	}
	if c := set[name]; !c.HttpOnly || c.Path != "/" || c.SameSite != http.SameSiteLaxMode || c.MaxAge != int(DefaultMaxAge/time.Second) {
		t.Errorf("session cookie attributes: %+v", c)
	}
	if got := sortedKeys(h.jarCookies(name)); !slices.Equal(got, []string{name}) {
		t.Fatalf("session cookies after the update: %q", got)
	}
	if got := jwtCalls.take(); !slices.Equal(got, []string{"update"}) {
		t.Errorf("JWT callback triggers on update: %q", got)
	}
	if got := h.session()["user"].(map[string]any)["name"]; got != "Alice B" {
		t.Fatalf("GET /session after the update: name %v", got)
	}

	// Sign-out: every session cookie goes, and SignOut sees the token.
	res = h.post("/api/auth/signout", url.Values{"csrfToken": {h.csrf()}, "callbackUrl": {"/bye"}})
	if res.StatusCode != http.StatusFound || res.location() != h.srv.URL+"/bye" {
		t.Fatalf("sign-out: %d to %q", res.StatusCode, res.location())
	}
	if _, deleted := responseCookies(res.Response); !slices.Equal(deleted, []string{name}) {
		t.Errorf("sign-out deleted %q, want %s", deleted, name)
	}
	if got := signOuts.take(); len(got) != 1 || signedOut["name"] != "Alice B" || signedOut["sub"] != jwtAlice.ID {
		t.Errorf("SignOut events %q with token %v", got, signedOut)
	}
	if len(h.jarCookies(name)) != 0 {
		t.Errorf("session cookies left after sign-out: %v", sortedKeys(h.jarCookies(name)))
	}
	if res := h.get("/api/auth/session"); strings.TrimSpace(res.body) != "null" {
		t.Errorf("GET /session after sign-out = %s, want null", res.body)
	}
}

// TestJWTSignOutClearsChunks checks that sign-out deletes every chunk of a
// chunked session.
func TestJWTSignOutClearsChunks(t *testing.T) {
	h := newJWTHarness(t, func(c *Config) {
		c.Callbacks.JWT = func(ctx context.Context, p JWTParams) (map[string]any, error) {
			p.Token["blob"] = strings.Repeat("x", 5000)
			return p.Token, nil
		}
	})
	h.signIn(alicePass)
	if n := len(h.jarCookies("authjs.session-token")); n != 2 {
		t.Fatalf("%d session cookies after sign-in, want 2 chunks", n)
	}
	res := h.post("/api/auth/signout", url.Values{"csrfToken": {h.csrf()}})
	if _, deleted := responseCookies(res.Response); !slices.Equal(deleted, []string{"authjs.session-token.0", "authjs.session-token.1"}) {
		t.Fatalf("sign-out deleted %q", deleted)
	}
	if n := len(h.jarCookies("authjs.session-token")); n != 0 {
		t.Fatalf("%d session cookies left", n)
	}
}

// jwtAuth returns a handler with JWT sessions at url, with a settable clock
// and a captured log.
func jwtAuth(t *testing.T, url string, clk *testutil.Clock, modify ...func(*Config)) (*Auth, *testutil.SyncBuffer) {
	t.Helper()
	logs := &testutil.SyncBuffer{}
	cfg := Config{Secrets: []string{testSecret}, URL: url, Now: clk.Now,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	for _, m := range modify {
		m(&cfg)
	}
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return a, logs
}

// getSession serves GET /session with the given cookies.
func getSession(a *Auth, url string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", url+"/session", nil)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, req)
	return rec
}

// chunked returns the cookies a browser sends for value stored under name.
func chunked(name, value string, size int) []*http.Cookie {
	return jwt.ChunkCookie(&http.Cookie{Name: name, Value: value}, size)
}

// TestJWTRejectedCookies sends session cookies that must not be accepted:
// each answers null, deletes every session cookie sent, and is logged (but
// expired tokens only with Debug).
func TestJWTRejectedCookies(t *testing.T) {
	const (
		base = "http://site.example/api/auth"
		name = "authjs.session-token"
	)
	clk := newClock()
	claims := jwt.Claims{"sub": "u1", "name": "Mallory"}
	encode := func(c *jwt.Codec, claims jwt.Claims) string {
		tok, err := c.Encode(claims)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	good := newCodec(t, jwt.V5, name, clk.Now, testSecret)
	valid := encode(good, claims)
	bigValid := encode(good, jwt.Claims{"sub": "u1", "blob": strings.Repeat("y", 9000)})
	flip := func(tok string, part int) string {
		parts := strings.Split(tok, ".")
		b := []byte(parts[part])
		i := len(b) / 2
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		parts[part] = string(b)
		return strings.Join(parts, ".")
	}
	past := func() time.Time { return clk.Now().Add(-DefaultMaxAge - time.Minute) }
	future := func() time.Time { return clk.Now().Add(time.Hour) }
	bigChunks := chunked(name, bigValid, jwt.ChunkSizeV5)
	tooMany := chunked(name, strings.Repeat("A", (maxJWTChunks+1)*jwt.ChunkSizeV5), jwt.ChunkSizeV5)

	tests := []struct {
		name    string
		cookies []*http.Cookie
		logged  bool
	}{
		{"tampered header", chunked(name, flip(valid, 0), 0), true},
		{"tampered iv", chunked(name, flip(valid, 2), 0), true},
		{"tampered ciphertext", chunked(name, flip(valid, 3), 0), true},
		{"tampered tag", chunked(name, flip(valid, 4), 0), true},
		{"truncated", chunked(name, valid[:len(valid)-10], 0), true},
		{"wrong secret", chunked(name, encode(newCodec(t, jwt.V5, name, clk.Now, testSecret2), claims), 0), true},
		{"wrong salt (the https cookie's token)", chunked(name, encode(newCodec(t, jwt.V5, "__Secure-"+name, clk.Now, testSecret), claims), 0), true},
		{"NextAuth v4 token", chunked(name, encode(newCodec(t, jwt.V4, "", clk.Now, testSecret), claims), 0), true},
		{"expired", chunked(name, encode(newCodec(t, jwt.V5, name, past, testSecret), claims), 0), false},
		{"issued in the future", chunked(name, encode(newCodec(t, jwt.V5, name, future, testSecret), claims), 0), true},
		{"not a JWE", chunked(name, "not-a-token", 0), true},
		{"a chunk missing", []*http.Cookie{bigChunks[0], bigChunks[2]}, true},
		{"chunks out of order", []*http.Cookie{bigChunks[1], bigChunks[0], {Name: bigChunks[2].Name, Value: bigChunks[1].Value}}, true},
		{"too many chunks", tooMany, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, logs := jwtAuth(t, base, clk)
			rec := getSession(a, base, tt.cookies...)
			if rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != "null" {
				t.Fatalf("GET /session = %d %s, want 200 null", rec.Code, rec.Body)
			}
			set, deleted := responseCookies(rec.Result())
			var sent []string
			for _, c := range tt.cookies {
				sent = append(sent, c.Name)
			}
			slices.Sort(sent)
			if len(set) != 0 || !slices.Equal(deleted, slices.Compact(sent)) {
				t.Errorf("cookies set %v, deleted %q; want every sent cookie (%q) deleted", sortedKeys(set), deleted, sent)
			}
			if got := strings.Contains(logs.String(), "session cookie rejected"); got != tt.logged {
				t.Errorf("logged: %v, want %v; log:\n%s", got, tt.logged, logs)
			}
			if v := tt.cookies[0].Value; strings.Contains(logs.String(), v[len(v)/2:]) {
				t.Errorf("the log contains the cookie value:\n%s", logs)
			}

			req := httptest.NewRequest("GET", "http://site.example/page", nil)
			for _, c := range tt.cookies {
				req.AddCookie(c)
			}
			if s, err := a.Session(req); !errors.Is(err, ErrNoSession) {
				t.Errorf("Auth.Session = %v, %v; want ErrNoSession", s, err)
			}
		})
	}

	// The valid token is accepted by the same handler (the cases fail for
	// the reason they name).
	a, _ := jwtAuth(t, base, clk)
	if rec := getSession(a, base, chunked(name, valid, 0)...); !strings.Contains(rec.Body.String(), `"name":"Mallory"`) {
		t.Fatalf("valid token: %s", rec.Body)
	}
	if rec := getSession(a, base, bigChunks...); !strings.Contains(rec.Body.String(), `"id":"u1"`) {
		t.Fatalf("valid chunked token: %s", rec.Body)
	}
}

// TestJWTSecretRotation reads a cookie made under the old secret after the
// new one is put first, and re-issues it under the new secret.
func TestJWTSecretRotation(t *testing.T) {
	const name = "authjs.session-token"
	h := newJWTHarness(t)
	h.signIn(alicePass)
	old := h.jarToken(name)
	if old == "" {
		t.Fatal("no session cookie after sign-in")
	}
	base := h.base
	rotated, logs := jwtAuth(t, base, h.clock, func(c *Config) { c.Secrets = []string{testSecret2, testSecret} })
	rec := getSession(rotated, base, &http.Cookie{Name: name, Value: old})
	if !strings.Contains(rec.Body.String(), `"email":"alice@example.com"`) {
		t.Fatalf("GET /session with an old-secret cookie = %s; log:\n%s", rec.Body, logs)
	}
	set, _ := responseCookies(rec.Result())
	if set[name] == nil {
		t.Fatalf("the old-secret cookie was not re-issued (Set-Cookie %q)", rec.Header().Values("Set-Cookie"))
	}
	reissued := set[name].Value
	if _, err := newCodec(t, jwt.V5, name, h.clock.Now, testSecret2).Decode(reissued); err != nil {
		t.Errorf("the re-issued token does not decode with the new secret alone: %v", err)
	}
	if _, err := newCodec(t, jwt.V5, name, h.clock.Now, testSecret).Decode(reissued); !errors.Is(err, jwt.ErrDecryption) {
		t.Errorf("the re-issued token decodes with the old secret (err %v)", err)
	}
	// A token under the new secret is not re-issued again.
	rec = getSession(rotated, base, &http.Cookie{Name: name, Value: reissued})
	if !strings.Contains(rec.Body.String(), `"email"`) || len(rec.Header().Values("Set-Cookie")) != 0 {
		t.Errorf("new-secret cookie: %s, Set-Cookie %q", rec.Body, rec.Header().Values("Set-Cookie"))
	}
	// Once the old secret is removed, its cookies are refused.
	newOnly, _ := jwtAuth(t, base, h.clock, func(c *Config) { c.Secrets = []string{testSecret2} })
	if rec := getSession(newOnly, base, &http.Cookie{Name: name, Value: old}); strings.TrimSpace(rec.Body.String()) != "null" {
		t.Errorf("old cookie after the old secret was removed: %s", rec.Body)
	}
}

// TestJWTUpdateAge checks that the cookie is re-issued only when older
// than UpdateAge, and that the session ends MaxAge after the last issue.
func TestJWTUpdateAge(t *testing.T) {
	const name = "authjs.session-token"
	h := newJWTHarness(t)
	t0 := h.clock.Now()
	h.signIn(alicePass)

	read := func(wantSet bool, wantExpires time.Time) {
		t.Helper()
		res := h.get("/api/auth/session")
		set, deleted := responseCookies(res.Response)
		if (set[name] != nil) != wantSet || len(deleted) != 0 {
			t.Fatalf("at +%v: set %v deleted %q, want set: %v", h.clock.Now().Sub(t0), sortedKeys(set), deleted, wantSet)
		}
		var s struct{ Expires time.Time }
		res.json(t, &s)
		if !s.Expires.Equal(wantExpires) {
			t.Fatalf("at +%v: expires %v, want %v", h.clock.Now().Sub(t0), s.Expires, wantExpires)
		}
	}
	h.clock.Advance(time.Hour)
	read(false, t0.Add(DefaultMaxAge))
	h.clock.Advance(DefaultUpdateAge - time.Hour - time.Second)
	read(false, t0.Add(DefaultMaxAge))
	h.clock.Advance(time.Second)
	t1 := h.clock.Now()
	read(true, t1.Add(DefaultMaxAge))
	claims, err := newCodec(t, jwt.V5, name, h.clock.Now, testSecret).Decode(h.jarToken(name))
	if err != nil || !claims.IssuedAt().Equal(t1) || claims.Subject() != jwtAlice.ID {
		t.Fatalf("re-issued token: iat %v sub %q err %v", claims.IssuedAt(), claims.Subject(), err)
	}
	h.clock.Advance(time.Hour)
	read(false, t1.Add(DefaultMaxAge))

	// Idle for longer than MaxAge: the session is over.
	h.clock.Advance(DefaultMaxAge)
	res := h.get("/api/auth/session")
	if strings.TrimSpace(res.body) != "null" {
		t.Fatalf("after MaxAge idle: %s", res.body)
	}
	if _, deleted := responseCookies(res.Response); !slices.Equal(deleted, []string{name}) {
		t.Fatalf("after MaxAge idle, deleted %q", deleted)
	}
}

// TestJWTCallbacks checks the JWT callback's power to end or refuse a
// session, and what happens when it fails.
func TestJWTCallbacks(t *testing.T) {
	const name = "authjs.session-token"
	errBroken := errors.New("token service down")
	tests := []struct {
		name       string
		cb         func(p JWTParams) (map[string]any, error)
		signInTo   string // where sign-in redirects, relative to the server
		cookieSet  bool   // a session cookie after sign-in
		readStatus int    // GET /session status (0: not checked)
		readBody   string
		readClears bool
	}{
		{
			name:     "nil at sign-in: signed in without a session",
			cb:       func(p JWTParams) (map[string]any, error) { return nil, nil },
			signInTo: "/dashboard",
		},
		{
			name:     "error at sign-in: Configuration error, no session",
			cb:       func(p JWTParams) (map[string]any, error) { return nil, errBroken },
			signInTo: "/api/auth/error?error=Configuration",
		},
		{
			name: "nil on read: session ended, cookies cleared",
			cb: func(p JWTParams) (map[string]any, error) {
				if p.Trigger == "" {
					return nil, nil
				}
				return p.Token, nil
			},
			signInTo: "/dashboard", cookieSet: true,
			readStatus: 200, readBody: "null", readClears: true,
		},
		{
			name: "error on read: 500, cookies kept",
			cb: func(p JWTParams) (map[string]any, error) {
				if p.Trigger == "" {
					return nil, errBroken
				}
				return p.Token, nil
			},
			signInTo: "/dashboard", cookieSet: true,
			readStatus: 500, readBody: `{"error":"Configuration"}`,
		},
		{
			name: "token too large for the cookies: Configuration error",
			cb: func(p JWTParams) (map[string]any, error) {
				p.Token["blob"] = strings.Repeat("z", maxJWTChunks*jwt.ChunkSizeV5)
				return p.Token, nil
			},
			signInTo: "/api/auth/error?error=Configuration",
		},
		{
			name: "token not JSON: Configuration error",
			cb: func(p JWTParams) (map[string]any, error) {
				p.Token["ch"] = make(chan int)
				return p.Token, nil
			},
			signInTo: "/api/auth/error?error=Configuration",
		},
		{
			name: "changed on read: re-issued",
			cb: func(p JWTParams) (map[string]any, error) {
				if p.Trigger == "" {
					p.Token["name"] = "Alice (refreshed)"
				}
				return p.Token, nil
			},
			signInTo: "/dashboard", cookieSet: true,
			readStatus: 200, readBody: `"name":"Alice (refreshed)"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newJWTHarness(t, func(c *Config) {
				c.Callbacks.JWT = func(ctx context.Context, p JWTParams) (map[string]any, error) { return tt.cb(p) }
			})
			res := h.signIn(alicePass)
			if res.location() != h.srv.URL+tt.signInTo {
				t.Fatalf("sign-in went to %q, want %q", res.location(), tt.signInTo)
			}
			if got := len(h.jarCookies(name)) > 0; got != tt.cookieSet {
				t.Fatalf("session cookie after sign-in: %v, want %v", got, tt.cookieSet)
			}
			if tt.readStatus == 0 {
				return
			}
			before := h.jarToken(name)
			res = h.get("/api/auth/session")
			if res.StatusCode != tt.readStatus || !strings.Contains(res.body, tt.readBody) {
				t.Fatalf("GET /session = %d %s, want %d with %s", res.StatusCode, res.body, tt.readStatus, tt.readBody)
			}
			set, deleted := responseCookies(res.Response)
			if tt.readClears != (len(deleted) > 0) {
				t.Errorf("GET /session deleted %q, want deletion: %v", deleted, tt.readClears)
			}
			changed := strings.Contains(tt.readBody, "refreshed")
			if (set[name] != nil) != changed {
				t.Errorf("GET /session set %v; want the cookie re-issued: %v", sortedKeys(set), changed)
			}
			if tt.readStatus == 500 && h.jarToken(name) != before {
				t.Error("a failed read changed the session cookie")
			}
		})
	}
}

// TestJWTWithAdapter uses JWT sessions beside an adapter: no session rows,
// no adapter calls to read the session.
func TestJWTWithAdapter(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.Session.Strategy = StrategyJWT })
	res := h.signIn(alicePass)
	if res.StatusCode != http.StatusFound || h.jarToken("authjs.session-token") == "" {
		t.Fatalf("sign-in: %d to %q, cookie %q", res.StatusCode, res.location(), h.jarToken("authjs.session-token"))
	}
	if calls := h.store.Take(); calls["CreateSession"] != 0 {
		t.Errorf("adapter calls at a JWT sign-in: %v", calls)
	}
	s := h.session()
	if id := s["user"].(map[string]any)["id"]; id != h.alice.ID {
		t.Errorf("session user id %v, want %q", id, h.alice.ID)
	}
	if n := h.store.Total(); n != 0 {
		t.Errorf("GET /session made %d adapter calls, want 0", n)
	}
	if len(h.sessions()) != 0 {
		t.Errorf("session rows: %v", h.sessions())
	}
}

// TestJWTCredentialsWithoutID checks that a credentials user without an ID
// gets a random one (Auth.js does the same), so that the token has a sub.
func TestJWTCredentialsWithoutID(t *testing.T) {
	cred, err := credentials.New(credentials.Options{
		Authorize: func(ctx context.Context, c map[string]string, r *http.Request) (*adapter.User, error) {
			return &adapter.User{Name: c["username"]}, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	h := newJWTHarness(t, func(c *Config) { c.Providers = []providers.Provider{cred} })
	var ids []string
	for range 2 {
		h.signIn("whatever")
		u := h.session()["user"].(map[string]any)
		id, _ := u["id"].(string)
		if len(id) != 36 || u["name"] != "alice" {
			t.Fatalf("session user %v, want name alice and a UUID id", u)
		}
		ids = append(ids, id)
	}
	if ids[0] == ids[1] {
		t.Errorf("two sign-ins got the same random id %q", ids[0])
	}
}

// TestJWTApplicationSession reads a JWT session from application code:
// Auth.Session, RequireSession and Middleware (which re-issues when due).
func TestJWTApplicationSession(t *testing.T) {
	const name = "authjs.session-token"
	h := newJWTHarness(t)
	if res := h.get("/private", "Accept", "application/json"); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("/private before sign-in: %d", res.StatusCode)
	}
	h.signIn(alicePass)

	req := httptest.NewRequest("GET", h.srv.URL+"/anything", nil)
	req.AddCookie(&http.Cookie{Name: name, Value: h.jarToken(name)})
	s, err := h.auth.Session(req)
	if err != nil || s.User.ID != jwtAlice.ID || s.User.Email != jwtAlice.Email {
		t.Fatalf("Auth.Session = %+v, %v", s, err)
	}

	if res := h.get("/private"); res.StatusCode != 200 || res.body != "hello Alice" {
		t.Fatalf("/private: %d %q", res.StatusCode, res.body)
	}
	h.clock.Advance(DefaultUpdateAge + time.Minute)
	res := h.get("/private")
	if set, _ := responseCookies(res.Response); res.body != "hello Alice" || set[name] == nil {
		t.Fatalf("/private when a refresh is due: %q, set %v", res.body, sortedKeys(set))
	}
	// Auth.Session never writes: a due session is read but not re-issued.
	h.clock.Advance(DefaultUpdateAge + time.Minute)
	rec := httptest.NewRecorder()
	h.auth.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, err := h.auth.Session(r)
		if err != nil || s.User.Name != "Alice" {
			t.Errorf("Auth.Session behind Middleware = %v, %v", s, err)
		}
	})).ServeHTTP(rec, req)
	if set, _ := responseCookies(rec.Result()); set[name] == nil {
		t.Errorf("Middleware did not re-issue a due cookie")
	}
}

// TestJWTV4Names checks NextAuth.js v4 tokens under the v4 cookie names.
func TestJWTV4Names(t *testing.T) {
	const name = "next-auth.session-token"
	h := newJWTHarness(t, func(c *Config) {
		c.Cookies.V4Names = true
		c.Callbacks.JWT = func(ctx context.Context, p JWTParams) (map[string]any, error) {
			if p.Trigger == TriggerSignIn {
				p.Token["blob"] = strings.Repeat("q", 4000)
			}
			return p.Token, nil
		}
	})
	h.signIn(alicePass)
	jar := h.jarCookies(name)
	if got := sortedKeys(jar); !slices.Equal(got, []string{name + ".0", name + ".1"}) || len(jar[name+".0"]) != jwt.ChunkSizeV4 {
		t.Fatalf("v4 session cookies %q (first %d bytes)", got, len(jar[name+".0"]))
	}
	tok := h.jarToken(name)
	claims, err := newCodec(t, jwt.V4, "", h.clock.Now, testSecret).Decode(tok)
	if err != nil || claims.Email() != jwtAlice.Email {
		t.Fatalf("the cookie is not a NextAuth.js v4 token: %v", err)
	}
	if !strings.HasPrefix(tok, "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.") { // {"alg":"dir","enc":"A256GCM"}
		t.Errorf("v4 token header: %s", strings.Split(tok, ".")[0])
	}
	if got := h.session()["user"].(map[string]any)["name"]; got != "Alice" {
		t.Errorf("GET /session user name %v", got)
	}
}

// TestJWTDefaults checks that JWT is the default strategy without an
// adapter, and database with one.
func TestJWTDefaults(t *testing.T) {
	for _, tt := range []struct {
		adapter bool
		want    SessionStrategy
	}{{false, StrategyJWT}, {true, StrategyDatabase}} {
		cfg := Config{Secrets: []string{testSecret}, URL: "https://example.com"}
		if tt.adapter {
			cfg.Adapter = memory.New()
		}
		a, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if a.cfg.Session.Strategy != tt.want {
			t.Errorf("adapter %v: strategy %q, want %q", tt.adapter, a.cfg.Session.Strategy, tt.want)
		}
		_, isJWT := a.strategy.(*jwtStrategy)
		if isJWT != (tt.want == StrategyJWT) {
			t.Errorf("adapter %v: strategy type %T", tt.adapter, a.strategy)
		}
	}
}

// authJSVector is one token written by the real @auth/core or next-auth
// (jwt/testdata/vectors/vectors.json, made by gen.mjs).
type authJSVector struct {
	Name    string
	Version string
	Secrets []string
	Salt    string
	Token   string
	Payload map[string]any
	Error   *string
	Chunks  []struct{ Name, Value string }
}

func loadAuthJSVectors(t *testing.T) []authJSVector {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("jwt", "testdata", "vectors", "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Vectors []authJSVector }
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	return f.Vectors
}

// TestAuthJSCookieAccepted serves GET /session with session cookies that
// the real Auth.js (and NextAuth.js v4) wrote, chunked as they chunk them.
func TestAuthJSCookieAccepted(t *testing.T) {
	n := 0
	for _, v := range loadAuthJSVectors(t) {
		session := v.Salt == "authjs.session-token" || v.Salt == "__Secure-authjs.session-token" || (v.Version == "v4" && v.Salt == "")
		if !session {
			continue
		}
		n++
		t.Run(v.Name, func(t *testing.T) {
			secure := strings.HasPrefix(v.Salt, "__Secure-")
			base := "http://site.example/api/auth"
			if secure {
				base = "https://site.example/api/auth"
			}
			iat := int64(v.Payload["iat"].(float64))
			clk := testutil.NewClock(time.Unix(iat+60, 0))
			a, logs := jwtAuth(t, base, clk, func(c *Config) {
				c.Secrets = v.Secrets
				c.Cookies.V4Names = v.Version == "v4"
			})
			name := a.site.Names(secure).SessionToken
			var cookies []*http.Cookie
			for _, c := range v.Chunks {
				cookies = append(cookies, &http.Cookie{Name: c.Name, Value: c.Value})
			}
			if len(cookies) == 0 {
				cookies = []*http.Cookie{{Name: name, Value: v.Token}}
			}
			rec := getSession(a, base, cookies...)
			if rec.Code != 200 {
				t.Fatalf("GET /session = %d %s", rec.Code, rec.Body)
			}
			if v.Error != nil {
				if got := strings.TrimSpace(rec.Body.String()); got != "null" && got != "{}" {
					t.Fatalf("expired token (%s): GET /session = %s", *v.Error, got)
				}
				if _, deleted := responseCookies(rec.Result()); len(deleted) != len(cookies) {
					t.Errorf("expired token: deleted %q", deleted)
				}
				return
			}
			var got struct {
				User    map[string]string
				Expires time.Time
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("GET /session = %s: %v; log:\n%s", rec.Body, err, logs)
			}
			str := func(k string) string { s, _ := v.Payload[k].(string); return s }
			// As Auth.js: a claim that is there (null too) is in the
			// session's user, one that is not is left out.
			want := map[string]string{}
			if id := str("sub"); id != "" {
				want["id"] = id
			}
			for key, claim := range map[string]string{"name": "name", "email": "email", "image": "picture"} {
				if _, ok := v.Payload[claim]; ok {
					want[key] = str(claim)
				}
			}
			if !mapsEqual(got.User, want) {
				t.Errorf("session user %v, want %v", got.User, want)
			}
			if exp := int64(v.Payload["exp"].(float64)); got.Expires.Unix() != exp {
				t.Errorf("expires %v, want the token's exp %v", got.Expires, time.Unix(exp, 0).UTC())
			}
			if h := rec.Header().Values("Set-Cookie"); len(h) != 0 {
				t.Errorf("a fresh Auth.js cookie was re-issued: %q", h)
			}
		})
	}
	if n < 15 {
		t.Fatalf("only %d session vectors", n)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
