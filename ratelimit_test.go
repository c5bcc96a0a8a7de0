package gatehouse

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/internal/smtptest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/credentials"
)

// TestRateLimitConcurrentGuesses sends many wrong passwords for one
// identifier at once. The limit must hold for concurrent attempts too: no
// more than Credentials.RateLimit.Identifier of them may reach Authorize, or a
// brute-force client simply sends its guesses in parallel.
func TestRateLimitConcurrentGuesses(t *testing.T) {
	const (
		limit    = 3
		attempts = 12
	)
	var calls atomic.Int32
	release := make(chan struct{})
	slow, err := credentials.New(credentials.Options{
		ID: "slow",
		Authorize: func(ctx context.Context, c map[string]string, r *http.Request) (*adapter.User, error) {
			calls.Add(1)
			select { // hold each attempt until all were sent (or a while)
			case <-release:
			case <-time.After(2 * time.Second):
			}
			return nil, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, func(c *Config) {
		c.Providers = []providers.Provider{slow}
		c.Credentials.RateLimit = RateLimit{Identifier: limit, IdentifierWindow: time.Hour, IP: 100, IPWindow: time.Hour}
	})
	token := h.csrf()
	var wg sync.WaitGroup
	for i := 0; i < attempts; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.post("/api/auth/callback/slow", url.Values{"csrfToken": {token}, "username": {"alice"}, "password": {"guess"}})
		}()
	}
	// Give every request time to get past the limiter, then let them go.
	deadline := time.Now().Add(time.Second)
	for calls.Load() < attempts && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	close(release)
	wg.Wait()
	if got := calls.Load(); got > limit {
		t.Fatalf("%d concurrent guesses reached Authorize; the identifier limit is %d", got, limit)
	}
}

// TestEmailLinksPerClientLimit: the per-address limit alone lets one client
// have the site mail any number of addresses (mail bombing, spam through
// the site's reputation). A client address may request at most
// Email.RateLimit.IP links per Email.RateLimit.IPWindow, whatever the addresses.
func TestEmailLinksPerClientLimit(t *testing.T) {
	h := newEmailHarness(t, smtptest.Options{}, "", func(c *Config) {
		c.Email.RateLimit.IP = 3
		c.Email.RateLimit.IPWindow = 10 * time.Minute
	})
	for i := range 3 {
		addr := fmt.Sprintf("user%d@example.com", i)
		if res := h.requestLink(addr, "/"); !strings.Contains(res.location(), "/verify-request") {
			t.Fatalf("link %d: %d %q, want the verify-request page", i, res.StatusCode, res.location())
		}
	}
	res := h.requestLink("user9@example.com", "/")
	wantErrorRedirect(t, res, "/signin", "EmailRateLimited")
	if res.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After on the refused request")
	}
	if n := len(h.provider.requests()); n != 3 {
		t.Fatalf("%d links sent, want 3", n)
	}
	h.clock.Advance(11 * time.Minute)
	if res := h.requestLink("user9@example.com", "/"); !strings.Contains(res.location(), "/verify-request") {
		t.Fatalf("after the window: %q", res.location())
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

func TestEmailRateLimit(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*Config)
		allowed int // links sent before the limit refuses
		window  time.Duration
	}{
		{"default 1 per 30s", func(*Config) {}, 1, 30 * time.Second},
		{"3 per minute", func(c *Config) { c.Email.RateLimit.Identifier = 3; c.Email.RateLimit.IdentifierWindow = time.Minute }, 3, time.Minute},
		{"disabled", func(c *Config) { c.Email.RateLimit.Disabled = true }, 6, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newEmailHarness(t, smtptest.Options{}, "", tt.edit)
			for i := range tt.allowed {
				res := h.requestLink("bob@example.com", "/")
				if !strings.Contains(res.location(), "/verify-request") {
					t.Fatalf("request %d: %d %q, want verify-request", i+1, res.StatusCode, res.location())
				}
			}
			if tt.window == 0 {
				return
			}
			res := h.requestLink("Bob@Example.com", "/")
			wantErrorRedirect(t, res, "/signin", "EmailRateLimited")
			if ra := res.Header.Get("Retry-After"); ra != strconv.Itoa(int(tt.window/time.Second)) {
				t.Errorf("Retry-After %q", ra)
			}
			if n := len(h.smtp.Messages()); n != tt.allowed {
				t.Errorf("%d messages, want %d", n, tt.allowed)
			}
			if !strings.Contains(h.logs.String(), "level=WARN") {
				t.Error("the refusal is not logged as a warning")
			}
			page := h.get("/api/auth/signin?error=EmailRateLimited")
			if !strings.Contains(page.body, "sent to this address moments ago") {
				t.Errorf("sign-in page does not explain the limit:\n%s", page.body)
			}
			// Another address is not limited.
			if res := h.requestLink("carol@example.com", "/"); !strings.Contains(res.location(), "/verify-request") {
				t.Errorf("other address: %q", res.location())
			}
			h.clock.Advance(tt.window + time.Second)
			if res := h.requestLink("bob@example.com", "/"); !strings.Contains(res.location(), "/verify-request") {
				t.Errorf("after the window: %q", res.location())
			}
		})
	}
}
