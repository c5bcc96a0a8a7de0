package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/testsvc"
	"github.com/gatehouse-go/gatehouse/internal/testutil"
)

// process is `gatehouse serve` running as a child process of the test.
type process struct {
	addr   string // "127.0.0.1:port"
	cmd    *exec.Cmd
	out    *testutil.SyncBuffer // stdout and stderr
	exited chan struct{}        // closed when the process has exited
}

// freeAddr returns a loopback address with a port nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startProcess runs `gatehouse serve --addr <free port> args...` as a
// child process (the test binary itself, see TestMain) with env added to
// the environment, and waits until its /readyz answers 200. It is
// killed, if still running, when the test ends.
func startProcess(t *testing.T, env map[string]string, args ...string) *process {
	t.Helper()
	p := &process{addr: freeAddr(t), out: &testutil.SyncBuffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command(os.Args[0], append([]string{"serve", "--addr", p.addr}, args...)...)
	p.cmd.Env = append(os.Environ(), runMainEnv+"=1")
	for k, v := range env {
		p.cmd.Env = append(p.cmd.Env, k+"="+v)
	}
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.exited
	})
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get("http://" + p.addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return p
			}
		}
		select {
		case <-p.exited:
			t.Fatalf("serve exited before it was ready:\n%s", p.out)
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("serve was not ready within 60s:\n%s", p.out)
	return nil
}

// lbBackend is one instance behind the balancer.
type lbBackend struct {
	addr      string
	downUntil atomic.Int64 // Unix ns; set when its connection was refused
	ready     atomic.Bool  // the last /readyz probe's answer
	// downSince is when it was first skipped (refused, or its probe
	// failed), Unix ns; 0 until then.
	downSince atomic.Int64
}

// markDown notes that b was found down. It is called after up already
// answers false, and takes the time then, so that a request that chose b
// after downSince was refused by up.
func (b *lbBackend) markDown() { b.downSince.CompareAndSwap(0, time.Now().UnixNano()) }

func (b *lbBackend) up(now time.Time) bool {
	return b.ready.Load() && now.UnixNano() >= b.downUntil.Load()
}

// balancer is a round-robin http.RoundTripper over backends, as a load
// balancer does it: a backend is skipped while its /readyz (probed every
// probeEvery) is not 200, and after a failed connection (a passive
// health check) for downFor, the request going to the next backend
// instead; a connection that failed never reached the backend, so
// retrying it is safe whatever the method.
type balancer struct {
	backends []*lbBackend
	next     atomic.Uint64
	tr       *http.Transport
}

const (
	probeEvery = 50 * time.Millisecond
	downFor    = time.Second
)

var errNoBackend = errors.New("balancer: no backend is up")

// newBalancer probes the backends until ctx ends.
func newBalancer(ctx context.Context, addrs []string) *balancer {
	lb := &balancer{tr: &http.Transport{MaxIdleConnsPerHost: 64}}
	for _, a := range addrs {
		b := &lbBackend{addr: a}
		b.ready.Store(true)
		lb.backends = append(lb.backends, b)
	}
	go func() {
		probe := &http.Client{Timeout: time.Second}
		for ctx.Err() == nil {
			for _, b := range lb.backends {
				res, err := probe.Get("http://" + b.addr + "/readyz")
				ok := err == nil && res.StatusCode == http.StatusOK
				if err == nil {
					res.Body.Close()
				}
				if b.ready.Swap(ok) && !ok {
					b.markDown()
				}
			}
			select {
			case <-ctx.Done():
			case <-time.After(probeEvery):
			}
		}
		lb.tr.CloseIdleConnections()
	}()
	return lb
}

// RoundTrip sends req to the next backend that is up.
func (lb *balancer) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body.Close()
	}
	for range 2 * len(lb.backends) {
		now := time.Now()
		b := lb.backends[lb.next.Add(1)%uint64(len(lb.backends))]
		if !b.up(now) {
			continue
		}
		out := req.Clone(req.Context())
		out.URL.Scheme, out.URL.Host = "http", b.addr
		if body != nil {
			out.Body = io.NopCloser(bytes.NewReader(body))
		}
		res, err := lb.tr.RoundTrip(out)
		if err != nil && neverReached(err) {
			b.downUntil.Store(now.Add(downFor).UnixNano())
			b.markDown()
			continue
		}
		if err != nil {
			return nil, &backendError{addr: b.addr, chosen: now, err: err}
		}
		setBackend(res.Header, b.addr, now)
		return res, nil
	}
	return nil, errNoBackend
}

// neverReached reports whether err is a failure to connect (refused, or
// reset while connecting as the process dies), which a balancer may
// retry on another backend whatever the method: the request was not sent.
func neverReached(err error) bool {
	var oe *net.OpError
	return errors.Is(err, syscall.ECONNREFUSED) || errors.As(err, &oe) && oe.Op == "dial"
}

// The balancer names, in these response headers, the backend it chose
// for a request and when (Unix ns), so that the test can tell which
// instance a failure came from and whether the balancer already knew it
// was down.
const (
	backendHeader = "X-Test-Backend"
	chosenHeader  = "X-Test-Backend-Chosen"
)

func setBackend(h http.Header, addr string, chosen time.Time) {
	h.Set(backendHeader, addr)
	h.Set(chosenHeader, strconv.FormatInt(chosen.UnixNano(), 10))
}

// backendOf returns the backend and the time it was chosen named in h.
func backendOf(h http.Header) (addr string, chosen time.Time) {
	ns, _ := strconv.ParseInt(h.Get(chosenHeader), 10, 64)
	return h.Get(backendHeader), time.Unix(0, ns)
}

// backendError is a request the chosen backend did not answer.
type backendError struct {
	addr   string
	chosen time.Time
	err    error
}

func (e *backendError) Error() string { return e.addr + ": " + e.err.Error() }
func (e *backendError) Unwrap() error { return e.err }

// serveBalancer serves a reverse proxy through lb on ln until the test
// ends.
func serveBalancer(t *testing.T, ln net.Listener, lb *balancer) {
	t.Helper()
	proxy := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.Out.URL.Scheme, pr.Out.URL.Host = "http", "backend" // the balancer picks the host
			pr.Out.Host = pr.In.Host
			pr.SetXForwarded()
		},
		Transport: lb,
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			if be, ok := errors.AsType[*backendError](err); ok {
				setBackend(w.Header(), be.addr, be.chosen)
			}
			w.WriteHeader(http.StatusBadGateway)
			_, _ = io.WriteString(w, err.Error())
		},
	}
	srv := &http.Server{Handler: proxy}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
}

// outcome is one request of the load.
type outcome struct {
	began, ended time.Time
	ok           bool
	what         string // the failure
	// backend is the instance the balancer chose for the failed request,
	// and chosen when; "" if none was.
	backend string
	chosen  time.Time
}

// TestServeBalancedInstanceLost runs three `serve` processes on one
// PostgreSQL and one Redis behind a round-robin reverse proxy, under a
// steady load of session reads and a few sign-ins, and stops one of them:
// killed (SIGKILL), only the requests it was answering fail, none once
// the balancer has marked it down; shut down (SIGTERM, readiness off for
// --drain-delay, then draining), none fails. Afterwards every session is
// read through each remaining instance, and a sign-out through one is
// refused by all.
func TestServeBalancedInstanceLost(t *testing.T) {
	tests := []struct {
		name   string
		signal syscall.Signal
		// zeroFailures: a graceful shutdown fails no request.
		zeroFailures bool
	}{
		{"SIGKILL", syscall.SIGKILL, false},
		{"SIGTERM", syscall.SIGTERM, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pg := testsvc.NewPostgres(t)
			svc := testsvc.NewRedis(t)
			if pg == nil || svc == nil {
				return
			}
			runBalanced(t, pg.URL, svc.Addr, tt.signal, tt.zeroFailures)
		})
	}
}

// runBalanced is one run of TestServeBalancedInstanceLost.
func runBalanced(t *testing.T, databaseURL, redisAddr string, sig syscall.Signal, zeroFailures bool) {
	t.Helper()
	const (
		password = "balanced-pw-1"
		readers  = 8 // concurrent session readers
		signers  = 1 // concurrent sign-ins
	)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	site := "http://" + ln.Addr().String()
	env := map[string]string{
		"REDIS_URL":   "redis://" + redisAddr + "/0",
		"AUTH_SECRET": strings.Repeat("b", 32),
		"AUTH_URL":    site + "/api/auth", // the balancer's address, as behind a real one
	}
	args := []string{"--database", databaseURL, "--synchronize", "--demo-user", "--demo-password", password, "--drain-delay", "500ms"}
	var procs []*process
	var addrs []string
	for range 3 { // one after the other: the first creates the schema and the demo user
		p := startProcess(t, env, args...)
		procs, addrs = append(procs, p), append(addrs, p.addr)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	lb := newBalancer(ctx, addrs)
	serveBalancer(t, ln, lb)

	// Sessions made through the balancer, so on any instance.
	var users []*http.Client
	for range readers {
		users = append(users, signInDemo(t, &server{URL: site, Password: password}))
	}
	tokens := make([]string, len(users))
	u, _ := url.Parse(site)
	for i, c := range users {
		for _, ck := range c.Jar.Cookies(u) {
			if ck.Name == "authjs.session-token" {
				tokens[i] = ck.Value
			}
		}
	}

	var mu sync.Mutex
	var outcomes []outcome
	record := func(o outcome) {
		mu.Lock()
		outcomes = append(outcomes, o)
		mu.Unlock()
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := range readers {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				o := outcome{began: time.Now()}
				a := sessionRead(users[i], site)
				o.ended, o.ok = time.Now(), a.err == nil && a.status == http.StatusOK && strings.Contains(a.body, `"demo@example.com"`)
				if !o.ok {
					o.what = fmt.Sprintf("session read: %v %d %.100s", a.err, a.status, a.body)
					o.backend, o.chosen = backendOf(a.header)
				}
				record(o)
			}
		})
	}
	for range signers {
		wg.Go(func() {
			c := newBrowser(t)
			c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
			for {
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
				o := outcome{began: time.Now()}
				a := do(c, mustRequest("GET", site+"/api/auth/csrf", nil))
				var csrf string
				if a.err == nil && a.status == http.StatusOK {
					if _, rest, ok := strings.Cut(a.body, `"csrfToken":"`); ok {
						csrf, _, _ = strings.Cut(rest, `"`)
					}
				}
				if csrf != "" {
					form := url.Values{"csrfToken": {csrf}, "username": {"demo"}, "password": {password}, "callbackUrl": {site + "/protected"}}
					req := mustRequest("POST", site+"/api/auth/callback/credentials", strings.NewReader(form.Encode()))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					a = do(c, req)
				}
				o.ended, o.ok = time.Now(), csrf != "" && a.err == nil && a.status == http.StatusFound && strings.HasSuffix(a.location, "/protected")
				if !o.ok {
					o.what = fmt.Sprintf("sign-in: %v %d to %q %.100s", a.err, a.status, a.location, a.body)
					o.backend, o.chosen = backendOf(a.header)
				}
				record(o)
			}
		})
	}

	time.Sleep(time.Second) // steady load on all three
	victim, victimLB := procs[1], lb.backends[1]
	if victimLB.downSince.Load() != 0 {
		t.Fatalf("the balancer marked the instance down before it was stopped")
	}
	stopped := time.Now()
	if err := victim.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case <-victim.exited:
	case <-time.After(15 * time.Second):
		t.Fatalf("the instance did not exit within 15s of %v", sig)
	}
	exited := time.Now()
	time.Sleep(1500 * time.Millisecond) // load on the remaining two
	close(stop)
	wg.Wait()
	cancel()

	var before, after, failures, failuresAfterDown int
	var lastFailure time.Time
	downAt := time.Unix(0, victimLB.downSince.Load())
	for _, o := range outcomes {
		if o.began.Before(stopped) {
			before++
		} else {
			after++
		}
		if o.ok {
			continue
		}
		failures++
		if o.ended.After(lastFailure) {
			lastFailure = o.ended
		}
		if o.backend != victim.addr {
			t.Errorf("a request failed that the balancer sent to %q, not to the stopped instance: %s", o.backend, o.what)
		} else if victimLB.downSince.Load() != 0 && o.chosen.After(downAt) {
			failuresAfterDown++
		}
		if failures <= 5 {
			t.Logf("failed: %s (began %v after the %v, sent to the instance %v after it)", o.what,
				o.began.Sub(stopped).Round(time.Millisecond), sig, o.chosen.Sub(stopped).Round(time.Millisecond))
		}
		if o.ended.Before(stopped) {
			t.Errorf("a request failed before the %v: %s", sig, o.what)
		}
	}
	untilClean := time.Duration(0)
	if failures > 0 {
		untilClean = lastFailure.Sub(stopped)
	}
	t.Logf("%v: %d requests before, %d after; %d failed, the last %v after the signal; marked down %v after it; exited %v after it",
		sig, before, after, failures, untilClean.Round(time.Millisecond), downAt.Sub(stopped).Round(time.Millisecond), exited.Sub(stopped).Round(time.Millisecond))
	if victimLB.downSince.Load() == 0 {
		t.Errorf("the balancer never marked the stopped instance down")
	}
	if zeroFailures && failures > 0 {
		t.Errorf("%d requests failed during a graceful shutdown, want none", failures)
	}
	if failures > readers+signers {
		t.Errorf("%d requests failed, more than the %d in flight at the %v", failures, readers+signers, sig)
	}
	if failuresAfterDown > 0 {
		t.Errorf("%d requests the balancer sent to the instance after marking it down failed", failuresAfterDown)
	}
	if after == 0 {
		t.Error("no request was made after the signal")
	}

	// Every session is read through each remaining instance, directly.
	remaining := []*process{procs[0], procs[2]}
	direct := func(p *process, method, path, token string, body io.Reader) answer {
		req := mustRequest(method, "http://"+p.addr+path, body)
		req.Host = u.Host
		req.AddCookie(&http.Cookie{Name: "authjs.session-token", Value: token})
		return do(http.DefaultClient, req)
	}
	for _, p := range remaining {
		for i, tok := range tokens {
			if a := direct(p, "GET", "/api/auth/session", tok, nil); a.status != http.StatusOK || !strings.Contains(a.body, `"demo@example.com"`) {
				t.Errorf("session %d through %s after the %v: %d %.200s", i, p.addr, sig, a.status, a.body)
			}
		}
	}
	// Sign out session 0 through the first remaining instance: every
	// instance, and the balancer, refuse it afterwards.
	c := users[0]
	csrf := csrfToken(t, c, site)
	req := mustRequest("POST", "http://"+remaining[0].addr+"/api/auth/signout", strings.NewReader(url.Values{"csrfToken": {csrf}}.Encode()))
	req.Host = u.Host
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", site)
	for _, ck := range c.Jar.Cookies(u) {
		req.AddCookie(ck)
	}
	if a := do(&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, req); a.status != http.StatusFound {
		t.Fatalf("sign-out through %s: %d %.200s", remaining[0].addr, a.status, a.body)
	}
	for _, p := range remaining {
		if a := direct(p, "GET", "/api/auth/session", tokens[0], nil); strings.Contains(a.body, `"demo@example.com"`) {
			t.Errorf("%s still accepts the session signed out on %s: %s", p.addr, remaining[0].addr, a.body)
		}
	}
	for range 4 {
		req := mustRequest("GET", site+"/api/auth/session", nil)
		req.AddCookie(&http.Cookie{Name: "authjs.session-token", Value: tokens[0]})
		if a := do(http.DefaultClient, req); strings.Contains(a.body, `"demo@example.com"`) {
			t.Errorf("the balancer still reaches an instance accepting the signed-out session: %s", a.body)
		}
	}
	if strings.Contains(procs[0].out.String()+procs[2].out.String(), "panic") {
		t.Errorf("a remaining instance panicked:\n%s\n%s", procs[0].out, procs[2].out)
	}
}

func mustRequest(method, target string, body io.Reader) *http.Request {
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		panic(err)
	}
	return req
}
