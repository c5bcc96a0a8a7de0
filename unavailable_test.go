package gatehouse

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// freezable is an adapter whose session reads hang until their context
// ends while frozen (a stalled database), or fail to connect while cut.
type freezable struct {
	adapter.Adapter
	frozen, cut atomic.Bool
}

func (f *freezable) GetSessionAndUser(ctx context.Context, token string) (*adapter.Session, *adapter.User, error) {
	if f.cut.Load() {
		return nil, nil, &net.OpError{Op: "dial", Net: "tcp", Err: fmt.Errorf("connect: connection refused")}
	}
	if f.frozen.Load() {
		<-ctx.Done()
		return nil, nil, fmt.Errorf("query: %w", ctx.Err())
	}
	return f.Adapter.GetSessionAndUser(ctx, token)
}

// TestStoreUnavailable: a stalled or unreachable store is answered 503
// with Retry-After (JSON for /session, a "temporarily unavailable" page
// for pages), within Config.StoreTimeout; the outage is logged as one line
// when lost and one when back, not one ERROR per request.
func TestStoreUnavailable(t *testing.T) {
	var f *freezable
	h := newHarness(t, func(c *Config) {
		f = &freezable{Adapter: c.Adapter}
		c.Adapter = f
		c.StoreTimeout = 100 * time.Millisecond
	})
	h.signIn(alicePass)
	if h.sessionCookie() == "" {
		t.Fatal("no session")
	}
	tests := []struct {
		name   string
		fault  func()
		path   string
		accept string
		status int
		body   string
	}{
		{"stalled /session", func() { f.frozen.Store(true) }, "/api/auth/session", "", 503, `"error":"ServiceUnavailable"`},
		{"stalled page", func() { f.frozen.Store(true) }, "/private", "text/html", 503, "Temporarily unavailable"},
		{"cut /session", func() { f.cut.Store(true) }, "/api/auth/session", "", 503, `"error":"ServiceUnavailable"`},
		{"back", func() {}, "/api/auth/session", "", 200, `"name":"Alice"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.frozen.Store(false)
			f.cut.Store(false)
			tt.fault()
			var wg sync.WaitGroup
			for range 10 {
				wg.Go(func() {
					began := time.Now()
					res := h.get(tt.path, "Accept", tt.accept)
					if took := time.Since(began); took > time.Second {
						t.Errorf("took %v with StoreTimeout 100ms", took)
					}
					if res.StatusCode != tt.status || !strings.Contains(res.body, tt.body) {
						t.Errorf("%d %q, want %d with %q", res.StatusCode, res.body, tt.status, tt.body)
					}
					if tt.status == 503 && res.Header.Get("Retry-After") == "" {
						t.Error("503 without Retry-After")
					}
				})
			}
			wg.Wait()
		})
	}
	logs := h.logs.String()
	if n := strings.Count(logs, "store lost"); n != 1 {
		t.Errorf("%d 'store lost' lines for one outage of 30 requests, want 1", n)
	}
	if n := strings.Count(logs, "store back"); n != 1 {
		t.Errorf("%d 'store back' lines, want 1", n)
	}
	if n := strings.Count(logs, "level=ERROR"); n != 1 {
		t.Errorf("%d ERROR lines, want 1:\n%s", n, logs)
	}
	if strings.Contains(logs, "Configuration") {
		t.Error("the outage was reported as a configuration error")
	}
}

// TestClientGoneIsNotAnError: a client that hangs up while its session
// is read is not logged as an error and gets no answer written.
func TestClientGoneIsNotAnError(t *testing.T) {
	var f *freezable
	h := newHarness(t, func(c *Config) {
		f = &freezable{Adapter: c.Adapter}
		c.Adapter = f
	})
	h.signIn(alicePass)
	f.frozen.Store(true)
	ctx, cancel := context.WithCancel(context.Background())
	req := httptest.NewRequestWithContext(ctx, "GET", h.base+"/session", nil)
	req.Header.Set("Cookie", "authjs.session-token="+h.sessionCookie())
	rec := httptest.NewRecorder()
	time.AfterFunc(50*time.Millisecond, cancel)
	h.auth.ServeHTTP(rec, req)
	if rec.Body.Len() != 0 || rec.Code != http.StatusOK /* nothing written */ {
		t.Errorf("answered %d %q to a client that went away", rec.Code, rec.Body.String())
	}
	if logs := h.logs.String(); strings.Contains(logs, "level=ERROR") || strings.Contains(logs, "level=WARN") {
		t.Errorf("hang-up logged:\n%s", logs)
	}
}

// TestIsUnreachable: the errors a store's client returns when the server
// or the path to it is gone are unavailability; others are not.
func TestIsUnreachable(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"connection closed by the server (go-redis: EOF)", fmt.Errorf("redisadapter: get session: %w", io.EOF), true},
		{"closed mid-answer", fmt.Errorf("read: %w", io.ErrUnexpectedEOF), true},
		{"reset", fmt.Errorf("write: %w", syscall.ECONNRESET), true},
		{"refused", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, true},
		{"a query error", errors.New("syntax error at or near SELCT"), false},
		{"not found", adapter.ErrNotFound, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isUnreachable(tt.err); got != tt.want {
				t.Errorf("isUnreachable(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
