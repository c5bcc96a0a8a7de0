package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/testutil"
)

// mapEnv returns a getenv reading only m, so tests never see the machine's
// environment.
func mapEnv(m map[string]string) env {
	return func(k string) string { return m[k] }
}

// result is one run of the command.
type result struct {
	code           int
	stdout, stderr string
}

// runCmd runs the command with args and the environment m.
func runCmd(t *testing.T, m map[string]string, args ...string) result {
	t.Helper()
	var out, errb testutil.SyncBuffer
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	code := run(ctx, args, &out, &errb, mapEnv(m))
	return result{code, out.String(), errb.String()}
}

// server is a `gatehouse serve` running in the test.
type server struct {
	URL      string // "http://127.0.0.1:port"
	Password string // the demo user's password
	stdout   *testutil.SyncBuffer
	stderr   *testutil.SyncBuffer
}

var (
	listenRE   = regexp.MustCompile(`listening on (https?://\S+)`)
	passwordRE = regexp.MustCompile(`demo user: name "demo", password "([^"]+)"`)
)

// startServe runs `gatehouse serve --addr 127.0.0.1:0 args...` until the
// test ends, and checks that it then shuts down cleanly with status 0.
func startServe(t *testing.T, m map[string]string, args ...string) *server {
	t.Helper()
	s := &server{stdout: &testutil.SyncBuffer{}, stderr: &testutil.SyncBuffer{}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), s.stdout, s.stderr, mapEnv(m))
	}()
	t.Cleanup(func() {
		began := time.Now()
		defer func() { t.Logf("serve stopped in %v", time.Since(began).Round(time.Millisecond)) }()
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exited with %d after shutdown; stderr:\n%s", code, s.stderr)
			}
		case <-time.After(15 * time.Second):
			t.Errorf("serve did not shut down within 15s")
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if mm := listenRE.FindStringSubmatch(s.stdout.String()); mm != nil {
			s.URL = mm[1]
			if pm := passwordRE.FindStringSubmatch(s.stdout.String()); pm != nil {
				s.Password = pm[1]
			}
			return s
		}
		select {
		case code := <-done:
			done <- code
			t.Fatalf("serve exited with %d before listening; stdout:\n%s\nstderr:\n%s", code, s.stdout, s.stderr)
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not listen within 30s; stdout:\n%s\nstderr:\n%s", s.stdout, s.stderr)
	return nil
}

// oneLineErr checks that stderr is exactly one line (plus, for usage
// errors, the hint to run --help) and contains want.
func oneLineErr(t *testing.T, r result, want string) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")
	if len(lines) > 2 || (len(lines) == 2 && !strings.Contains(lines[1], "--help")) {
		t.Errorf("stderr is %d lines, want one:\n%s", len(lines), r.stderr)
	}
	if !strings.Contains(lines[0], want) {
		t.Errorf("stderr = %q, want it to contain %q", lines[0], want)
	}
}
