package passkey_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/internal/testutil"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/passkey"
)

const testSecret = "test-secret-0123456789abcdef0123456789"

// site is a gatehouse handler with a passkey provider on an httptest
// server, and a browser: a cookie-jar client.
type site struct {
	t      testing.TB
	auth   *gatehouse.Auth
	store  adapter.Adapter
	srv    *httptest.Server
	client *http.Client
	clock  *testutil.Clock
	logs   *testutil.SyncBuffer
	origin string // http://localhost:port (WebAuthn needs a domain, not an IP)
	base   string // origin + /api/auth
}

type siteOption func(*gatehouse.Config)

func withStrategy(s gatehouse.SessionStrategy) siteOption {
	return func(c *gatehouse.Config) { c.Session.Strategy = s }
}

func withProvider(p providers.Provider) siteOption {
	return func(c *gatehouse.Config) { c.Providers = []providers.Provider{p} }
}

func withAdapter(a adapter.Adapter) siteOption {
	return func(c *gatehouse.Config) { c.Adapter = a }
}

// newSite starts a site with the default passkey provider over the memory
// adapter (or the one given).
func newSite(t testing.TB, opts ...siteOption) *site {
	t.Helper()
	s := &site{t: t, clock: testutil.NewClock(time.Now()), logs: &testutil.SyncBuffer{}}
	p, err := passkey.New(passkey.Config{})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.srv.Close)
	_, port, _ := net.SplitHostPort(s.srv.Listener.Addr().String())
	s.origin = "http://localhost:" + port
	s.base = s.origin + "/api/auth"
	cfg := gatehouse.Config{
		Secrets:   []string{testSecret},
		URL:       s.base,
		Adapter:   memory.New(),
		Providers: []providers.Provider{p},
		Logger:    slog.New(slog.NewTextHandler(s.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:       s.clock.Now,
	}
	for _, o := range opts {
		o(&cfg)
	}
	s.store = cfg.Adapter
	if s.auth, err = gatehouse.New(cfg); err != nil {
		t.Fatal(err)
	}
	mux.Handle("/api/auth/", s.auth)
	s.newBrowser()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("log:\n%s", s.logs.String())
		}
	})
	return s
}

// newBrowser forgets every cookie (a signed-out browser).
func (s *site) newBrowser() {
	jar, _ := cookiejar.New(nil)
	s.client = &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (s *site) get(path string) (int, []byte) {
	s.t.Helper()
	res, err := s.client.Get(s.base + path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

func (s *site) csrf() string {
	s.t.Helper()
	_, b := s.get("/csrf")
	var v struct{ CSRFToken string }
	if err := json.Unmarshal(b, &v); err != nil || v.CSRFToken == "" {
		s.t.Fatalf("GET /csrf: %s", b)
	}
	return v.CSRFToken
}

// options asks for ceremony options as next-auth/webauthn does and returns
// the action decided and the options.
func (s *site) options(query string) (string, json.RawMessage) {
	s.t.Helper()
	status, b := s.get("/webauthn-options/passkey?" + query)
	var v struct {
		Action  string          `json:"action"`
		Options json.RawMessage `json:"options"`
	}
	if err := json.Unmarshal(b, &v); status != http.StatusOK || err != nil || v.Action == "" {
		s.t.Fatalf("GET /webauthn-options/passkey?%s: %d %s", query, status, b)
	}
	return v.Action, v.Options
}

// finish posts a credential to the callback as next-auth/webauthn does
// (form body, X-Auth-Return-Redirect) and returns the URL it answers.
func (s *site) finish(action string, data []byte) string {
	s.t.Helper()
	form := url.Values{"csrfToken": {s.csrf()}, "action": {action}, "data": {string(data)}, "callbackUrl": {s.origin + "/home"}}
	req, _ := http.NewRequest(http.MethodPost, s.base+"/callback/passkey", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Auth-Return-Redirect", "1")
	res, err := s.client.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var v struct{ URL string }
	if err := json.Unmarshal(b, &v); err != nil || v.URL == "" {
		s.t.Fatalf("POST /callback/passkey: %d %s", res.StatusCode, b)
	}
	return v.URL
}

// sessionEmail is the signed-in user's email, or "" without a session.
func (s *site) sessionEmail() string {
	s.t.Helper()
	_, b := s.get("/session")
	var v struct {
		User struct{ Email string }
	}
	_ = json.Unmarshal(b, &v)
	return v.User.Email
}

func (s *site) authenticators(userID string) []*adapter.Authenticator {
	s.t.Helper()
	as, _ := adapter.As[adapter.AuthenticatorStore](s.store)
	out, err := as.ListAuthenticators(context.Background(), userID)
	if err != nil {
		s.t.Fatal(err)
	}
	return out
}

func (s *site) userByEmail(email string) *adapter.User {
	s.t.Helper()
	u, err := s.store.GetUserByEmail(context.Background(), email)
	if err != nil {
		s.t.Fatalf("user %s: %v", email, err)
	}
	return u
}
