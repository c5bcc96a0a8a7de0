package main

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/faultproxy"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// answer is one request's outcome as the load sees it.
type answer struct {
	status     int
	retryAfter string
	location   string
	body       string
	took       time.Duration
	err        error
	header     http.Header
}

// do sends req with c and reads the whole answer.
func do(c *http.Client, req *http.Request) answer {
	began := time.Now()
	res, err := c.Do(req)
	if err != nil {
		return answer{err: err, took: time.Since(began)}
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	return answer{status: res.StatusCode, retryAfter: res.Header.Get("Retry-After"), location: res.Header.Get("Location"),
		body: string(b), took: time.Since(began), err: err, header: res.Header}
}

// sessionRead reads /api/auth/session with c's cookies.
func sessionRead(c *http.Client, base string) answer {
	req, _ := http.NewRequest("GET", base+"/api/auth/session", nil)
	return do(c, req)
}

// credentialsPost posts the demo user's name and password (with a fresh
// CSRF token) and returns the answer without following its redirect.
func credentialsPost(t *testing.T, base, password string) answer {
	t.Helper()
	c := newBrowser(t)
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	form := url.Values{"csrfToken": {csrfToken(t, c, base)}, "username": {"demo"}, "password": {password}, "callbackUrl": {base + "/protected"}}
	req, _ := http.NewRequest("POST", base+"/api/auth/callback/credentials", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return do(c, req)
}

// TestServeRedisFaults runs `serve` as deployed with REDIS_URL (users in
// PostgreSQL, sessions and rate limits in Redis) with a TCP proxy in
// front of Redis, and stalls, cuts and restores the proxy under a load of
// session reads and sign-ins: during a fault every request is answered
// 503 with Retry-After within --store-timeout (never 500 Configuration,
// never "wrong password"); after the restore sessions are read again
// within a second and none is lost; each outage logs one "store lost" and
// one "store back" line for the sessions and one pair for the rate limits
// (both in this Redis).
func TestServeRedisFaults(t *testing.T) {
	pg := testsvc.NewPostgres(t)
	svc := testsvc.NewRedis(t)
	if pg == nil || svc == nil {
		return
	}
	proxy := faultproxy.ForTest(t, svc.Addr)
	const (
		storeTimeout = time.Second
		margin       = 2 * time.Second // a loaded 2-core CI machine; measured figures are logged
		password     = "redis-faults-pw-1"
		load         = 16
	)
	env := map[string]string{"REDIS_URL": "redis://" + proxy.Addr() + "/0", "AUTH_SECRET": strings.Repeat("f", 32)}
	s := startServe(t, env, "--database", pg.URL, "--synchronize", "--demo-user", "--demo-password", password, "--store-timeout", storeTimeout.String())

	// Several signed-in users (the demo user, several sessions): each
	// must still be signed in after the faults.
	var users []*http.Client
	for range 4 {
		users = append(users, signInDemo(t, &server{URL: s.URL, Password: password}))
	}

	// readAll reads every user's session load/len(users) times at once.
	readAll := func() []answer {
		var mu sync.Mutex
		var out []answer
		var wg sync.WaitGroup
		for i := range load {
			wg.Go(func() {
				a := sessionRead(users[i%len(users)], s.URL)
				mu.Lock()
				out = append(out, a)
				mu.Unlock()
			})
		}
		wg.Wait()
		return out
	}

	tests := []struct {
		name  string
		fault func()
	}{
		{"stall", proxy.Stall},
		{"cut", proxy.Cut},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fault()
			began := time.Now()
			first := sessionRead(users[0], s.URL)
			firstTook := time.Since(began)
			// Sign-ins with the right password while the session reads run.
			signIns := make([]answer, 2)
			var wg sync.WaitGroup
			for i := range signIns {
				wg.Go(func() { signIns[i] = credentialsPost(t, s.URL, password) })
			}
			reads := readAll()
			wg.Wait()
			statuses := map[int]int{}
			var longest time.Duration
			for _, a := range append(append(reads, first), signIns...) {
				statuses[a.status]++
				longest = max(longest, a.took)
				if a.err != nil {
					t.Errorf("during the %s: %v", tt.name, a.err)
					continue
				}
				if a.status != http.StatusServiceUnavailable || a.retryAfter == "" {
					t.Errorf("during the %s: %d (Retry-After %q), want 503 with Retry-After: %.200s", tt.name, a.status, a.retryAfter, a.body)
				}
				if strings.Contains(a.body+a.location, "Configuration") || strings.Contains(a.body+a.location, "CredentialsSignin") {
					t.Errorf("during the %s: an answer names a configuration error or wrong credentials: %.200s", tt.name, a.body)
				}
			}
			t.Logf("%s: first 503 after %v; %d requests: statuses %v, longest %v (--store-timeout %v)",
				tt.name, firstTook.Round(time.Millisecond), len(reads)+1+len(signIns), statuses, longest.Round(time.Millisecond), storeTimeout)
			if longest > storeTimeout+margin {
				t.Errorf("during the %s a request waited %v with --store-timeout %v", tt.name, longest, storeTimeout)
			}

			// Readiness pings Redis too (through the composed adapter): a
			// load balancer stops sending here while it is gone.
			if code := readyz(t, s.URL); code != http.StatusServiceUnavailable {
				t.Errorf("during the %s /readyz answered %d, want 503", tt.name, code)
			}

			proxy.Restore()
			began = time.Now()
			for {
				if a := sessionRead(users[0], s.URL); a.status == http.StatusOK && strings.Contains(a.body, `"demo@example.com"`) {
					break
				}
				if time.Since(began) > 10*time.Second {
					t.Fatalf("no session read succeeded within 10s of the restore")
				}
				time.Sleep(10 * time.Millisecond)
			}
			took := time.Since(began)
			t.Logf("%s: sessions read again %v after the restore", tt.name, took.Round(time.Millisecond))
			if took > time.Second {
				t.Errorf("recovery took %v after the restore, want < 1s", took)
			}
			if code := readyz(t, s.URL); code != http.StatusOK {
				t.Errorf("after the %s /readyz answered %d, want 200", tt.name, code)
			}
			for _, a := range readAll() {
				if a.status != http.StatusOK || !strings.Contains(a.body, `"demo@example.com"`) {
					t.Errorf("after the %s: a session read answered %d %.200s (a session lost?)", tt.name, a.status, a.body)
				}
			}
			if page := signIn(t, newBrowser(t), s, password); !strings.Contains(page, `id="protected"`) {
				t.Errorf("after the %s the right password does not sign in:\n%.300s", tt.name, page)
			}
		})
	}
	logs := s.stderr.String()
	for _, store := range []string{"gatehouse: store", "gatehouse: rate limit store"} {
		lost, back := strings.Count(logs, store+" lost"), strings.Count(logs, store+" back")
		if lost != len(tests) || back != len(tests) {
			t.Errorf("%d %q lost and %d back lines for %d outages, want one pair each:\n%s", lost, store, back, len(tests), logs)
		}
	}
	for _, bad := range []string{"panic", "code=Configuration"} {
		if strings.Contains(logs, bad) {
			t.Errorf("the log holds %q:\n%s", bad, logs)
		}
	}
}

// readyz returns the status of GET /readyz on the server at base.
func readyz(t *testing.T, base string) int {
	t.Helper()
	res, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatalf("GET /readyz: %v", err)
	}
	res.Body.Close()
	return res.StatusCode
}
