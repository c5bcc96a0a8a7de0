package gatehouse

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/credentials"
)

const (
	testSecret  = "test-secret-0123456789abcdef0123456789"
	testSecret2 = "another-secret-0123456789abcdef01234567"
	alicePass   = "correct horse battery staple"
)

// clock is a settable clock for tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// harness is a gatehouse handler on an httptest server with a cookie-jar
// client, the memory adapter behind a counting/failing wrapper, a settable
// clock and a captured log.
type harness struct {
	t      *testing.T
	auth   *Auth
	srv    *httptest.Server
	client *http.Client
	jar    http.CookieJar
	store  *faultyAdapter
	mem    *memory.Adapter
	clock  *clock
	logs   *syncBuffer
	alice  *adapter.User
	base   string // server URL + /api/auth
}

type harnessOption func(*Config)

// newHarness starts a server with a credentials provider ("credentials":
// username/password) knowing alice, stored in the adapter.
func newHarness(t *testing.T, opts ...harnessOption) *harness {
	t.Helper()
	h := &harness{t: t, clock: newClock(), logs: &syncBuffer{}}
	h.mem = memory.New()
	h.store = newFaulty(h.mem)
	var err error
	h.alice, err = h.mem.CreateUser(context.Background(), &adapter.User{Name: "Alice", Email: "alice@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	cred, err := credentials.New(credentials.Options{
		Authorize: func(ctx context.Context, c map[string]string, r *http.Request) (*adapter.User, error) {
			if c["username"] == "alice" && c["password"] == alicePass {
				return &adapter.User{ID: h.alice.ID}, nil
			}
			return nil, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
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

var errInjected = errors.New("injected failure")

// faultyAdapter wraps an adapter, counts calls per method and fails the
// method named in failOn. It forwards SessionLister, and Transactor when
// withTx is set (the transaction's adapter is wrapped too).
type faultyAdapter struct {
	inner  adapter.Adapter
	shared *faultState
}

type faultState struct {
	mu     sync.Mutex
	calls  map[string]int
	failOn string
}

func newFaulty(inner adapter.Adapter) *faultyAdapter {
	return &faultyAdapter{inner: inner, shared: &faultState{calls: map[string]int{}}}
}

func (f *faultyAdapter) hit(method string) error {
	s := f.shared
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[method]++
	if s.failOn == method {
		return errInjected
	}
	return nil
}

// fail makes method fail from now on ("" for none).
func (f *faultyAdapter) fail(method string) {
	f.shared.mu.Lock()
	f.shared.failOn = method
	f.shared.mu.Unlock()
}

// take returns the calls made since the last take, and resets them.
func (f *faultyAdapter) take() map[string]int {
	f.shared.mu.Lock()
	defer f.shared.mu.Unlock()
	c := f.shared.calls
	f.shared.calls = map[string]int{}
	return c
}

func (f *faultyAdapter) total() int {
	n := 0
	for _, v := range f.take() {
		n += v
	}
	return n
}

func (f *faultyAdapter) CreateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	if err := f.hit("CreateUser"); err != nil {
		return nil, err
	}
	return f.inner.CreateUser(ctx, u)
}
func (f *faultyAdapter) GetUser(ctx context.Context, id string) (*adapter.User, error) {
	if err := f.hit("GetUser"); err != nil {
		return nil, err
	}
	return f.inner.GetUser(ctx, id)
}
func (f *faultyAdapter) GetUserByEmail(ctx context.Context, e string) (*adapter.User, error) {
	if err := f.hit("GetUserByEmail"); err != nil {
		return nil, err
	}
	return f.inner.GetUserByEmail(ctx, e)
}
func (f *faultyAdapter) GetUserByAccount(ctx context.Context, p, id string) (*adapter.User, error) {
	if err := f.hit("GetUserByAccount"); err != nil {
		return nil, err
	}
	return f.inner.GetUserByAccount(ctx, p, id)
}
func (f *faultyAdapter) UpdateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	if err := f.hit("UpdateUser"); err != nil {
		return nil, err
	}
	return f.inner.UpdateUser(ctx, u)
}
func (f *faultyAdapter) DeleteUser(ctx context.Context, id string) error {
	if err := f.hit("DeleteUser"); err != nil {
		return err
	}
	return f.inner.DeleteUser(ctx, id)
}
func (f *faultyAdapter) LinkAccount(ctx context.Context, a *adapter.Account) error {
	if err := f.hit("LinkAccount"); err != nil {
		return err
	}
	return f.inner.LinkAccount(ctx, a)
}
func (f *faultyAdapter) UpdateAccount(ctx context.Context, a *adapter.Account) error {
	if err := f.hit("UpdateAccount"); err != nil {
		return err
	}
	return f.inner.UpdateAccount(ctx, a)
}
func (f *faultyAdapter) GetAccount(ctx context.Context, p, id string) (*adapter.Account, error) {
	if err := f.hit("GetAccount"); err != nil {
		return nil, err
	}
	return f.inner.GetAccount(ctx, p, id)
}
func (f *faultyAdapter) ListAccounts(ctx context.Context, id string) ([]*adapter.Account, error) {
	if err := f.hit("ListAccounts"); err != nil {
		return nil, err
	}
	return f.inner.ListAccounts(ctx, id)
}
func (f *faultyAdapter) UnlinkAccount(ctx context.Context, p, id string) error {
	if err := f.hit("UnlinkAccount"); err != nil {
		return err
	}
	return f.inner.UnlinkAccount(ctx, p, id)
}
func (f *faultyAdapter) CreateSession(ctx context.Context, s *adapter.Session) error {
	if err := f.hit("CreateSession"); err != nil {
		return err
	}
	return f.inner.CreateSession(ctx, s)
}
func (f *faultyAdapter) GetSessionAndUser(ctx context.Context, t string) (*adapter.Session, *adapter.User, error) {
	if err := f.hit("GetSessionAndUser"); err != nil {
		return nil, nil, err
	}
	return f.inner.GetSessionAndUser(ctx, t)
}
func (f *faultyAdapter) UpdateSession(ctx context.Context, s *adapter.Session) error {
	if err := f.hit("UpdateSession"); err != nil {
		return err
	}
	return f.inner.UpdateSession(ctx, s)
}
func (f *faultyAdapter) DeleteSession(ctx context.Context, t string) error {
	if err := f.hit("DeleteSession"); err != nil {
		return err
	}
	return f.inner.DeleteSession(ctx, t)
}
func (f *faultyAdapter) CreateVerificationToken(ctx context.Context, v *adapter.VerificationToken) error {
	if err := f.hit("CreateVerificationToken"); err != nil {
		return err
	}
	return f.inner.CreateVerificationToken(ctx, v)
}
func (f *faultyAdapter) UseVerificationToken(ctx context.Context, id, t string) (*adapter.VerificationToken, error) {
	if err := f.hit("UseVerificationToken"); err != nil {
		return nil, err
	}
	return f.inner.UseVerificationToken(ctx, id, t)
}
func (f *faultyAdapter) ListSessions(ctx context.Context, userID string) ([]*adapter.Session, error) {
	if err := f.hit("ListSessions"); err != nil {
		return nil, err
	}
	return f.inner.(adapter.SessionLister).ListSessions(ctx, userID)
}

// adapterMethods are the methods of adapter.Adapter, for failing each in turn.
var adapterMethods = []string{
	"CreateUser", "GetUser", "GetUserByEmail", "GetUserByAccount", "UpdateUser", "DeleteUser",
	"LinkAccount", "UpdateAccount", "GetAccount", "ListAccounts", "UnlinkAccount",
	"CreateSession", "GetSessionAndUser", "UpdateSession", "DeleteSession",
	"CreateVerificationToken", "UseVerificationToken",
}

// faultyTx is a faultyAdapter that is also an adapter.Transactor.
type faultyTx struct{ *faultyAdapter }

func (f faultyTx) InTx(ctx context.Context, fn func(tx adapter.Adapter) error) error {
	return f.inner.(adapter.Transactor).InTx(ctx, func(tx adapter.Adapter) error {
		return fn(&faultyAdapter{inner: tx, shared: f.shared})
	})
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }
