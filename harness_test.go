package gatehouse

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/internal/testutil"
	"github.com/gatehouse-go/gatehouse/internal/web"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/credentials"
)

const (
	testSecret  = "test-secret-0123456789abcdef0123456789"
	testSecret2 = "another-secret-0123456789abcdef01234567"
	alicePass   = "correct horse battery staple"
)

// newClock returns a settable clock at the tests' usual start time.
func newClock() *testutil.Clock {
	return testutil.NewClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
}

// harness is a gatehouse handler on an httptest server with a cookie-jar
// client, the memory adapter behind a counting/failing wrapper, a settable
// clock and a captured log.
type harness struct {
	t      *testing.T
	auth   *Auth
	srv    *httptest.Server
	client *http.Client
	jar    http.CookieJar
	store  *testutil.Faulty
	mem    *memory.Adapter
	clock  *testutil.Clock
	logs   *testutil.SyncBuffer
	alice  *adapter.User
	base   string // server URL + /api/auth
}

type harnessOption func(*Config)

// newHarness starts a server with a credentials provider ("credentials":
// username/password) knowing alice, stored in the adapter.
func newHarness(t *testing.T, opts ...harnessOption) *harness {
	t.Helper()
	h := &harness{t: t, clock: newClock(), logs: &testutil.SyncBuffer{}}
	h.mem = memory.New()
	h.store = testutil.NewFaulty(h.mem)
	var err error
	h.alice, err = h.mem.CreateUser(context.Background(), &adapter.User{Name: "Alice", Email: "alice@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	cred := aliceCredentials(t, func() *adapter.User { return &adapter.User{ID: h.alice.ID} })
	mux := http.NewServeMux()
	h.srv = httptest.NewServer(mux)
	t.Cleanup(h.srv.Close)
	h.base = h.srv.URL + "/api/auth"
	cfg := Config{
		Secrets:   []string{testSecret},
		URL:       h.base,
		Adapter:   h.store,
		Providers: []providers.Provider{cred},
		Logger:    slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:       h.clock.Now,
	}
	for _, o := range opts {
		o(&cfg)
	}
	h.auth, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle("/api/auth/", h.auth)
	mux.Handle("/private", h.auth.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, _ := SessionFromContext(r.Context())
		io.WriteString(w, "hello "+s.User.Name)
	})))
	h.jar, _ = cookiejar.New(nil)
	h.client = &http.Client{
		Jar:           h.jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("log:\n%s", h.logs.String())
		}
	})
	return h
}

// response is a read response.
type response struct {
	*http.Response
	body string
}

func (r *response) location() string { return r.Header.Get("Location") }

// json decodes the body into v.
func (r *response) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("body %q is not JSON: %v", r.body, err)
	}
}

func (h *harness) do(req *http.Request) *response {
	h.t.Helper()
	res, err := h.client.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return &response{Response: res, body: string(b)}
}

func (h *harness) get(path string, headers ...string) *response {
	h.t.Helper()
	req, _ := http.NewRequest("GET", h.srv.URL+path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return h.do(req)
}

func (h *harness) post(path string, form url.Values, headers ...string) *response {
	h.t.Helper()
	req, _ := http.NewRequest("POST", h.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return h.do(req)
}

func (h *harness) postJSON(path string, body any, headers ...string) *response {
	h.t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", h.srv.URL+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return h.do(req)
}

// csrf fetches a CSRF token (and its cookie, into the jar).
func (h *harness) csrf() string {
	h.t.Helper()
	res := h.get("/api/auth/csrf")
	var v struct{ CSRFToken string }
	res.json(h.t, &v)
	if len(v.CSRFToken) != 64 {
		h.t.Fatalf("GET /csrf: token %q, want 64 hex chars", v.CSRFToken)
	}
	return v.CSRFToken
}

// signIn signs alice in with credentials and returns the response.
func (h *harness) signIn(password string, extra ...string) *response {
	h.t.Helper()
	form := url.Values{"csrfToken": {h.csrf()}, "username": {"alice"}, "password": {password}, "callbackUrl": {"/dashboard"}}
	for i := 0; i+1 < len(extra); i += 2 {
		form.Set(extra[i], extra[i+1])
	}
	return h.post("/api/auth/callback/credentials", form)
}

// sessionCookie returns the session cookie value in the jar, or "".
func (h *harness) sessionCookie() string {
	u, _ := url.Parse(h.srv.URL)
	for _, c := range h.jar.Cookies(u) {
		if c.Name == "authjs.session-token" {
			return c.Value
		}
	}
	return ""
}

// session returns GET /session decoded (nil for null).
func (h *harness) session() map[string]any {
	h.t.Helper()
	res := h.get("/api/auth/session")
	if res.StatusCode != 200 {
		h.t.Fatalf("GET /session: %d %s", res.StatusCode, res.body)
	}
	var v map[string]any
	res.json(h.t, &v)
	return v
}

// sessions lists alice's stored sessions.
func (h *harness) sessions() []*adapter.Session {
	h.t.Helper()
	s, err := h.mem.ListSessions(context.Background(), h.alice.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	return s
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

// testRequest returns a request to a's handler from an http or (secure) an
// https origin, whatever a's URL.
func testRequest(a *Auth, secure bool) *web.Request {
	origin := "http://site.example"
	if secure {
		origin = "https://site.example"
	}
	site := web.NewSite(web.Options{Origin: origin, BasePath: a.basePath, Secrets: a.cfg.Secrets, Now: a.now,
		V4Names: a.cfg.Cookies.V4Names, SameSite: a.cfg.Cookies.SameSite})
	rq, err := site.NewRequest(httptest.NewRecorder(), httptest.NewRequest("GET", origin+a.basePath+"/signin", nil))
	if err != nil {
		panic(err)
	}
	return rq
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// sessionRequest stores a database session of u expiring at exp and
// returns a GET /session request from a browser that holds its cookie (and,
// with csrfCookie, a CSRF cookie of a's), for an Auth whose URL is
// https://site.example/api/auth.
func sessionRequest(tb testing.TB, a *Auth, store adapter.Adapter, u *adapter.User, exp time.Time, csrfCookie bool) *http.Request {
	tb.Helper()
	token := web.RandomHex(32)
	if err := store.CreateSession(context.Background(), &adapter.Session{SessionToken: web.SHA256Hex(token), UserID: u.ID, Expires: exp}); err != nil {
		tb.Fatal(err)
	}
	req := httptest.NewRequest("GET", "https://site.example/api/auth/session", nil)
	req.Header.Set("Cookie", "__Secure-authjs.session-token="+token)
	if csrfCookie {
		req.Header.Add("Cookie", "__Host-authjs.csrf-token="+a.site.CSRFCookieValue(web.RandomHex(32)))
	}
	return req
}

// aliceCredentials is a credentials provider ("credentials":
// username/password) that accepts alice with alicePass as the user alice
// returns.
func aliceCredentials(t *testing.T, alice func() *adapter.User) providers.Provider {
	t.Helper()
	cred, err := credentials.New(credentials.Options{
		Authorize: func(ctx context.Context, c map[string]string, r *http.Request) (*adapter.User, error) {
			if c["username"] == "alice" && c["password"] == alicePass {
				return alice(), nil
			}
			return nil, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return cred
}
