package gatehouse

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/internal/web"
)

// TestCredentialsFlow is the end-to-end path: credentials sign-in →
// session cookie → /session shows the user → POST /session update → sign
// out → /session empty.
func TestCredentialsFlow(t *testing.T) {
	var events []string
	h := newHarness(t, func(c *Config) {
		c.Callbacks.Session = func(ctx context.Context, p SessionParams) (*Session, error) {
			s := p.Session
			if p.Trigger == TriggerUpdate && p.NewSession != nil {
				var d struct{ Name string }
				if err := json.Unmarshal(p.NewSession, &d); err != nil {
					return nil, err
				}
				u := p.User.Clone()
				u.Name = d.Name
				if _, err := c.Adapter.UpdateUser(ctx, u); err != nil {
					return nil, err
				}
				s.User.Name = d.Name
			}
			s.Extra = map[string]any{"role": "admin"}
			return s, nil
		}
		c.Events.SignIn = func(_ context.Context, e SignInEvent) { events = append(events, "signIn:"+e.User.Email) }
		c.Events.SignOut = func(_ context.Context, e SignOutEvent) { events = append(events, "signOut:"+e.Session.UserID) }
		c.Events.Session = func(_ context.Context, e SessionEvent) { events = append(events, "session:"+string(e.Trigger)) }
	})

	if s := h.session(); s != nil {
		t.Fatalf("before sign-in: session %v, want null", s)
	}

	res := h.signIn(alicePass)
	if res.StatusCode != http.StatusFound || res.location() != h.srv.URL+"/dashboard" {
		t.Fatalf("sign-in: %d Location %q, want 302 to %s/dashboard", res.StatusCode, res.location(), h.srv.URL)
	}
	cookie := h.sessionCookie()
	if len(cookie) != 64 {
		t.Fatalf("session cookie %q: want 64 hex characters (256 bits)", cookie)
	}
	for _, c := range res.Cookies() {
		if c.Name == "authjs.session-token" {
			if !c.HttpOnly || c.Path != "/" || c.SameSite != http.SameSiteLaxMode {
				t.Errorf("session cookie attributes: %+v", c)
			}
			if want := h.clock.Now().Add(DefaultMaxAge); !c.Expires.Equal(want.Truncate(time.Second)) {
				t.Errorf("session cookie expires %v, want %v", c.Expires, want)
			}
		}
	}
	stored := h.sessions()
	if len(stored) != 1 || stored[0].SessionToken != web.SHA256Hex(cookie) {
		t.Fatalf("stored sessions %+v: want one holding sha256(cookie)", stored)
	}

	s := h.session()
	user, _ := s["user"].(map[string]any)
	if user["email"] != "alice@example.com" || user["name"] != "Alice" || user["id"] != h.alice.ID || s["role"] != "admin" {
		t.Fatalf("GET /session = %v", s)
	}
	if s["expires"] != h.clock.Now().Add(DefaultMaxAge).UTC().Format("2006-01-02T15:04:05.000Z") {
		t.Errorf("expires %v", s["expires"])
	}

	// POST /session: the client's update(), JSON body.
	res = h.postJSON("/api/auth/session", map[string]any{"csrfToken": h.csrf(), "data": map[string]string{"name": "Alice B."}})
	if res.StatusCode != 200 {
		t.Fatalf("POST /session: %d %s", res.StatusCode, res.body)
	}
	var upd map[string]any
	res.json(t, &upd)
	if upd["user"].(map[string]any)["name"] != "Alice B." {
		t.Fatalf("POST /session = %v, want the new name", upd)
	}
	if u, _ := h.mem.GetUser(context.Background(), h.alice.ID); u.Name != "Alice B." {
		t.Errorf("stored name %q", u.Name)
	}

	// Sign out.
	res = h.post("/api/auth/signout", url.Values{"csrfToken": {h.csrf()}, "callbackUrl": {"/bye"}})
	if res.StatusCode != http.StatusFound || res.location() != h.srv.URL+"/bye" {
		t.Fatalf("sign-out: %d %q", res.StatusCode, res.location())
	}
	if n := len(h.sessions()); n != 0 {
		t.Fatalf("%d sessions stored after sign-out, want 0", n)
	}
	if h.sessionCookie() != "" {
		t.Error("session cookie still in the jar after sign-out")
	}
	if s := h.session(); s != nil {
		t.Fatalf("after sign-out: %v", s)
	}
	want := "signIn:alice@example.com session: session:update signOut:" + h.alice.ID
	if got := strings.Join(events, " "); got != want {
		t.Errorf("events %q, want %q", got, want)
	}
}

// TestOldCookieAfterSignOut checks that a copied session cookie stops
// working once its session is signed out.
func TestOldCookieAfterSignOut(t *testing.T) {
	h := newHarness(t)
	h.signIn(alicePass)
	stolen := h.sessionCookie()
	h.post("/api/auth/signout", url.Values{"csrfToken": {h.csrf()}})
	req, _ := http.NewRequest("GET", h.base+"/session", nil)
	req.AddCookie(&http.Cookie{Name: "authjs.session-token", Value: stolen})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var v any
	json.NewDecoder(res.Body).Decode(&v)
	if v != nil {
		t.Fatalf("old cookie still gives a session: %v", v)
	}
}

func TestRawTokens(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.Session.RawTokens = true })
	h.signIn(alicePass)
	stored := h.sessions()
	if len(stored) != 1 || stored[0].SessionToken != h.sessionCookie() {
		t.Fatalf("RawTokens: stored %+v, cookie %q", stored, h.sessionCookie())
	}
	if h.session() == nil {
		t.Fatal("no session with raw tokens")
	}
}

// TestSlidingExpiry: no write before UpdateAge, one write after, expiry
// deletes the row.
func TestSlidingExpiry(t *testing.T) {
	h := newHarness(t)
	h.signIn(alicePass)
	start := h.clock.Now()
	h.store.Take()

	readSession := func(wantCalls map[string]int, wantCookie bool) {
		t.Helper()
		res := h.get("/api/auth/session")
		calls := h.store.Take()
		if len(calls) != len(wantCalls) {
			t.Fatalf("at +%v adapter calls %v, want %v", h.clock.Now().Sub(start), calls, wantCalls)
		}
		for m, n := range wantCalls {
			if calls[m] != n {
				t.Fatalf("at +%v adapter calls %v, want %v", h.clock.Now().Sub(start), calls, wantCalls)
			}
		}
		set := false
		for _, c := range res.Cookies() {
			set = set || c.Name == "authjs.session-token"
		}
		if set != wantCookie {
			t.Fatalf("at +%v session cookie set: %v, want %v", h.clock.Now().Sub(start), set, wantCookie)
		}
	}

	h.clock.Advance(time.Hour)
	readSession(map[string]int{"GetSessionAndUser": 1}, false)
	h.clock.Advance(22*time.Hour + 59*time.Minute)
	readSession(map[string]int{"GetSessionAndUser": 1}, false)
	h.clock.Advance(2 * time.Minute) // past 24 h: one write, cookie re-set
	readSession(map[string]int{"GetSessionAndUser": 1, "UpdateSession": 1}, true)
	if got, want := h.sessions()[0].Expires, h.clock.Now().Add(DefaultMaxAge); !got.Equal(want) {
		t.Fatalf("expiry after refresh %v, want %v", got, want)
	}
	h.clock.Advance(time.Hour)
	readSession(map[string]int{"GetSessionAndUser": 1}, false)

	// Idle past MaxAge: the row is deleted when met and the cookie cleared.
	h.clock.Advance(DefaultMaxAge)
	readSession(map[string]int{"GetSessionAndUser": 1, "DeleteSession": 1}, true)
	if n := len(h.sessions()); n != 0 {
		t.Fatalf("%d sessions after expiry, want 0", n)
	}
	if h.session() != nil {
		t.Fatal("expired session still returned")
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

func TestProvidersAndCSRFEndpoints(t *testing.T) {
	h := newHarness(t)
	res := h.get("/api/auth/providers")
	var p map[string]map[string]string
	res.json(t, &p)
	want := map[string]string{"id": "credentials", "name": "Credentials", "type": "credentials",
		"signinUrl": h.base + "/signin/credentials", "callbackUrl": h.base + "/callback/credentials"}
	for k, v := range want {
		if p["credentials"][k] != v {
			t.Errorf("/providers credentials.%s = %q, want %q", k, p["credentials"][k], v)
		}
	}
	res = h.get("/api/auth/csrf")
	if cc := res.Header.Get("Cache-Control"); cc != "private, no-cache, no-store" {
		t.Errorf("/csrf Cache-Control %q", cc)
	}
	var c struct{ CSRFToken string }
	res.json(t, &c)
	var cookie *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == "authjs.csrf-token" {
			cookie = ck
		}
	}
	if cookie == nil || !strings.HasPrefix(cookie.Value, c.CSRFToken+"%7C") || !cookie.HttpOnly {
		t.Fatalf("CSRF cookie %+v for token %s", cookie, c.CSRFToken)
	}
	// A second call with the cookie reuses the token and sets no cookie.
	res = h.get("/api/auth/csrf")
	var c2 struct{ CSRFToken string }
	res.json(t, &c2)
	if c2.CSRFToken != c.CSRFToken || len(res.Cookies()) != 0 {
		t.Errorf("second /csrf: token %s (first %s), cookies %v", c2.CSRFToken, c.CSRFToken, res.Cookies())
	}
}

func TestPagesRender(t *testing.T) {
	h := newHarness(t)
	for _, path := range []string{"/api/auth/signin", "/api/auth/signout", "/api/auth/verify-request", "/api/auth/error?error=AccessDenied"} {
		res := h.get(path)
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || res.StatusCode >= 500 {
			t.Errorf("GET %s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
	if res := h.get("/api/auth/error?error=AccessDenied"); res.StatusCode != 403 {
		t.Errorf("error page AccessDenied: %d, want 403", res.StatusCode)
	}
	if res := h.get("/api/auth/error?error=%3Cscript%3E"); strings.Contains(res.body, "<script>") {
		t.Error("error page echoes markup")
	}
}

func TestCustomPages(t *testing.T) {
	h := newHarness(t, func(c *Config) {
		c.Pages = Pages{SignIn: "/login", SignOut: "/logout", Error: "/oops", VerifyRequest: "/check-mail", NewUser: "/welcome"}
	})
	tests := []struct{ path, want string }{
		{"/api/auth/signin?callbackUrl=%2Fx&error=CredentialsSignin", "/login?callbackUrl=" + url.QueryEscape(h.srv.URL+"/x") + "&error=CredentialsSignin"},
		{"/api/auth/signout", "/logout"},
		{"/api/auth/error?error=AccessDenied", "/oops?error=AccessDenied"},
		{"/api/auth/verify-request?provider=email&type=email", "/check-mail?provider=email&type=email"},
	}
	for _, tt := range tests {
		res := h.get(tt.path)
		if res.StatusCode != http.StatusFound || res.location() != h.srv.URL+tt.want {
			t.Errorf("GET %s: %d %q, want 302 %q", tt.path, res.StatusCode, res.location(), h.srv.URL+tt.want)
		}
	}
	// A failed sign-in goes to the custom sign-in page.
	res := h.signIn("wrong")
	if res.location() != h.srv.URL+"/login?code=credentials&error=CredentialsSignin" {
		t.Errorf("failed sign-in: %q", res.location())
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
		{"GET", "/api/auth/signin/credentials", 405},
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

func TestSignInProviderRedirectsForCredentials(t *testing.T) {
	h := newHarness(t)
	res := h.post("/api/auth/signin/credentials", url.Values{"csrfToken": {h.csrf()}, "callbackUrl": {"/x"}})
	if res.StatusCode != 302 || !strings.HasPrefix(res.location(), h.base+"/signin?") {
		t.Fatalf("POST /signin/credentials: %d %q", res.StatusCode, res.location())
	}
}

func TestRateLimit(t *testing.T) {
	h := newHarness(t, func(c *Config) {
		c.Credentials.RateLimit = RateLimit{Identifier: 3, IdentifierWindow: 10 * time.Minute, IP: 5, IPWindow: 10 * time.Minute}
	})
	for i := 0; i < 3; i++ {
		if res := h.signIn("wrong"); !strings.Contains(res.location(), "error=CredentialsSignin") {
			t.Fatalf("attempt %d: %q", i, res.location())
		}
	}
	// The right password is refused while the identifier is limited.
	if res := h.signIn(alicePass); !strings.Contains(res.location(), "error=CredentialsSignin") || h.sessionCookie() != "" {
		t.Fatalf("limited identifier signed in: %q", res.location())
	}
	if !strings.Contains(h.logs.String(), "too many failed attempts") {
		t.Error("rate limiting not logged")
	}
	h.clock.Advance(11 * time.Minute)
	if res := h.signIn(alicePass); res.location() != h.srv.URL+"/dashboard" {
		t.Fatalf("after the window: %q", res.location())
	}

	// Per address: five failures with different user names block the
	// address for everyone.
	h.clock.Advance(11 * time.Minute)
	for i := 0; i < 5; i++ {
		form := url.Values{"csrfToken": {h.csrf()}, "username": {"user" + string(rune('a'+i))}, "password": {"x"}}
		h.post("/api/auth/callback/credentials", form)
	}
	if res := h.signIn(alicePass); !strings.Contains(res.location(), "error=CredentialsSignin") {
		t.Fatalf("limited address signed in: %q", res.location())
	}
}

func TestRequireSession(t *testing.T) {
	h := newHarness(t)
	res := h.get("/private?tab=1", "Accept", "text/html,application/xhtml+xml")
	want := h.base + "/signin?callbackUrl=" + url.QueryEscape(h.srv.URL+"/private?tab=1")
	if res.StatusCode != http.StatusSeeOther || res.location() != want {
		t.Fatalf("page without session: %d %q, want 303 %q", res.StatusCode, res.location(), want)
	}
	res = h.get("/private", "Accept", "application/json")
	if res.StatusCode != 401 || !strings.Contains(res.body, `"SessionRequired"`) {
		t.Fatalf("API without session: %d %s", res.StatusCode, res.body)
	}
	h.signIn(alicePass)
	h.store.Take()
	res = h.get("/private")
	if res.StatusCode != 200 || res.body != "hello Alice" {
		t.Fatalf("with session: %d %q", res.StatusCode, res.body)
	}
	if calls := h.store.Take(); calls["GetSessionAndUser"] != 1 || len(calls) != 1 {
		t.Errorf("adapter calls %v, want one GetSessionAndUser", calls)
	}
}

func TestAuthSession(t *testing.T) {
	h := newHarness(t)
	h.signIn(alicePass)
	req := httptest_request(h)
	h.store.Take()
	s, err := h.auth.Session(req)
	if err != nil || s.User.Email != "alice@example.com" {
		t.Fatalf("Session = %+v, %v", s, err)
	}
	if n := h.store.Total(); n != 1 {
		t.Errorf("Session made %d adapter calls, want 1", n)
	}
	// Past UpdateAge Session still makes one call and writes nothing.
	h.clock.Advance(48 * time.Hour)
	if _, err := h.auth.Session(req); err != nil {
		t.Fatal(err)
	}
	if c := h.store.Take(); c["UpdateSession"] != 0 {
		t.Errorf("Session wrote: %v", c)
	}
	req.Header.Del("Cookie")
	if _, err := h.auth.Session(req); err != ErrNoSession {
		t.Errorf("no cookie: %v, want ErrNoSession", err)
	}
}

// httptest_request builds a request carrying the jar's cookies for the site.
func httptest_request(h *harness) *http.Request {
	req, _ := http.NewRequest("GET", h.srv.URL+"/page", nil)
	u, _ := url.Parse(h.srv.URL)
	for _, c := range h.jar.Cookies(u) {
		req.AddCookie(c)
	}
	return req
}

func TestSignOutEverywhere(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		h.jar.SetCookies(mustURL(h.srv.URL), []*http.Cookie{{Name: "authjs.session-token", Value: "", MaxAge: -1}})
		h.signIn(alicePass)
	}
	if n := len(h.sessions()); n != 3 {
		t.Fatalf("%d sessions, want 3", n)
	}
	n, err := h.auth.SignOutEverywhere(ctx, h.alice.ID)
	if err != nil || n != 3 || len(h.sessions()) != 0 {
		t.Fatalf("SignOutEverywhere = %d, %v; %d left", n, err, len(h.sessions()))
	}
	if h.session() != nil {
		t.Fatal("session survives SignOutEverywhere")
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func TestSignInCallback(t *testing.T) {
	tests := []struct {
		name     string
		cb       func(context.Context, SignInParams) (string, error)
		wantLoc  string
		wantSess bool
	}{
		{"allow", func(context.Context, SignInParams) (string, error) { return "", nil }, "/dashboard", true},
		{"deny", func(context.Context, SignInParams) (string, error) { return "", context.Canceled }, "/api/auth/error?error=AccessDenied", false},
		{"redirect", func(context.Context, SignInParams) (string, error) { return "/blocked", nil }, "/blocked", false},
		{"redirect off-site", func(context.Context, SignInParams) (string, error) { return "https://evil.example/", nil }, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got SignInParams
			h := newHarness(t, func(c *Config) {
				c.Callbacks.SignIn = func(ctx context.Context, p SignInParams) (string, error) { got = p; return tt.cb(ctx, p) }
			})
			res := h.signIn(alicePass)
			if res.location() != h.srv.URL+tt.wantLoc {
				t.Errorf("Location %q, want %q", res.location(), h.srv.URL+tt.wantLoc)
			}
			if (h.sessionCookie() != "") != tt.wantSess || (len(h.sessions()) == 1) != tt.wantSess {
				t.Errorf("session created: cookie %q, rows %d; want %v", h.sessionCookie(), len(h.sessions()), tt.wantSess)
			}
			if got.User == nil || got.User.ID != h.alice.ID || got.Credentials["username"] != "alice" || got.Provider.ID != "credentials" {
				t.Errorf("SignIn callback params %+v", got)
			}
		})
	}
}

func TestAuthorizeUnknownUser(t *testing.T) {
	h := newHarness(t)
	// Delete alice from the store: Authorize still returns her ID.
	if err := h.mem.DeleteUser(context.Background(), h.alice.ID); err != nil {
		t.Fatal(err)
	}
	res := h.signIn(alicePass)
	if !strings.Contains(res.location(), "error=Configuration") {
		t.Fatalf("Location %q", res.location())
	}
	if !strings.Contains(h.logs.String(), "which is not in the adapter") {
		t.Error("the log does not say the user is missing from the adapter")
	}
}

var _ = adapter.ErrNotFound

func TestCallbackURLCookie(t *testing.T) {
	h := newHarness(t)
	res := h.get("/api/auth/signin?callbackUrl=%2Forders%3Fid%3D7")
	var got string
	for _, c := range res.Cookies() {
		if c.Name == "authjs.callback-url" {
			got = c.Value
		}
	}
	if want := url.QueryEscape(h.srv.URL + "/orders?id=7"); got != want {
		t.Fatalf("callback-url cookie %q, want %q", got, want)
	}
	// A later action without callbackUrl returns there.
	res = h.post("/api/auth/signout", url.Values{"csrfToken": {h.csrf()}})
	if res.location() != h.srv.URL+"/orders?id=7" {
		t.Fatalf("sign-out went to %q", res.location())
	}
	// A hostile cookie value is refused like a hostile parameter.
	h.jar.SetCookies(mustURL(h.srv.URL), []*http.Cookie{{Name: "authjs.callback-url", Value: url.QueryEscape("https://evil.example/")}})
	res = h.post("/api/auth/signout", url.Values{"csrfToken": {h.csrf()}})
	if res.location() != h.srv.URL {
		t.Fatalf("hostile cookie: sign-out went to %q", res.location())
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
