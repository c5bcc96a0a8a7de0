package oidctest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Fake answers requests for any host from scripted routes. Create it with
// NewFake and send requests through Fake.Client.
type Fake struct {
	t   testing.TB
	srv *httptest.Server

	key signingKey

	mu       sync.Mutex
	routes   map[string]http.HandlerFunc
	requests []Request
}

// Request is a request the Fake received.
type Request struct {
	Method string
	// URL is the URL as the client meant it (original scheme-less host and
	// path, with query).
	URL *url.URL
	// Header is the request's header (Authorization holds Basic client
	// credentials when used).
	Header http.Header
	// Form is the parsed query and form body.
	Form url.Values
}

// KeyID is the "kid" of the Fake's signing key.
const KeyID = "oidctest-key"

// NewFake starts a Fake; it stops when the test ends.
func NewFake(t testing.TB) *Fake {
	t.Helper()
	f := &Fake{t: t, routes: map[string]http.HandlerFunc{}, key: signingKey{kid: KeyID}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func routeKey(host, path string) string { return host + path }

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	u := *r.URL
	u.Host = r.Host
	f.mu.Lock()
	f.requests = append(f.requests, Request{Method: r.Method, URL: &u, Header: r.Header.Clone(), Form: r.Form})
	h := f.routes[routeKey(r.Host, r.URL.Path)]
	f.mu.Unlock()
	if h == nil {
		f.t.Errorf("oidctest: unexpected request %s %s%s", r.Method, r.Host, r.URL.Path)
		http.NotFound(w, r)
		return
	}
	h(w, r)
}

// Client returns an HTTP client whose every request, for any host and
// scheme, goes to the Fake; the Fake sees the original host.
func (f *Fake) Client() *http.Client {
	return &http.Client{Transport: rewrite{target: f.srv.Listener.Addr().String()}}
}

type rewrite struct{ target string }

func (rw rewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Host = req.URL.Host
	r.URL.Scheme = "http"
	r.URL.Host = rw.target
	return http.DefaultTransport.RoundTrip(r)
}

// Handle routes rawURL's host and path (its query is ignored) to h.
func (f *Fake) Handle(rawURL string, h http.HandlerFunc) {
	f.t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		f.t.Fatalf("oidctest: route %q is not an absolute URL", rawURL)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.routes[routeKey(u.Host, u.Path)] = h
}

// JSON routes rawURL to an answer with status and body ([]byte and string
// sent as they are, anything else JSON-encoded).
func (f *Fake) JSON(rawURL string, status int, body any) {
	f.t.Helper()
	var data []byte
	switch b := body.(type) {
	case []byte:
		data = b
	case string:
		data = []byte(b)
	default:
		var err error
		if data, err = json.Marshal(body); err != nil {
			f.t.Fatalf("oidctest: encoding %s: %v", rawURL, err)
		}
	}
	f.Handle(rawURL, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(data)
	})
}

// JWKS routes rawURL to the Fake's public key set.
func (f *Fake) JWKS(rawURL string) {
	f.t.Helper()
	set, err := f.key.jwks()
	if err != nil {
		f.t.Fatal(err)
	}
	f.JSON(rawURL, http.StatusOK, set)
}

// SignIDToken signs claims with the Fake's key (RS256, kid KeyID).
func (f *Fake) SignIDToken(claims map[string]any) string {
	f.t.Helper()
	s, err := f.key.sign(claims)
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

// Requests returns the requests received for rawURL's host and path, in
// order.
func (f *Fake) Requests(rawURL string) []Request {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Request
	for _, r := range f.requests {
		if r.URL.Host == u.Host && r.URL.Path == u.Path {
			out = append(out, r)
		}
	}
	return out
}

// ReadFixture reads a file below testdata, failing the test when it is
// missing.
func ReadFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("oidctest: fixture: %v", err)
	}
	return b
}

// FixtureObject reads a JSON object fixture below testdata; ok is false when
// the file does not exist.
func FixtureObject(t testing.TB, name string) (m map[string]any, ok bool) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if os.IsNotExist(err) {
		return nil, false
	}
	if err != nil {
		t.Fatalf("oidctest: fixture: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil && err != io.EOF {
		t.Fatalf("oidctest: fixture %s: %v", name, err)
	}
	return m, true
}
