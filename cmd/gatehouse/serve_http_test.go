package main

import (
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// dialServe opens a raw TCP connection to s, closed at cleanup.
func dialServe(t *testing.T, s *server) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// closedWithin reports whether the server closes c within d (reading and
// discarding whatever it sends first, such as a 408 answer).
func closedWithin(c net.Conn, d time.Duration) bool {
	_ = c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, c)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return false
	}
	return true
}

// TestServeCutsSlowClients: a client that sends its body slowly, one
// that stops between requests, and one that sends headers slowly are
// disconnected at the configured timeouts (they used to hold their
// connections for minutes).
func TestServeCutsSlowClients(t *testing.T) {
	s := startServe(t, nil, "--database", "sqlite::memory:", "--read-timeout", "300ms", "--read-header-timeout", "200ms", "--idle-timeout", "300ms")
	tests := []struct {
		name string
		send string
	}{
		{"slow body", "POST /api/auth/callback/credentials HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nusername=d"},
		{"slow headers", "GET / HTTP/1.1\r\nHost: x\r\n"},
		{"idle", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := dialServe(t, s)
			if _, err := io.WriteString(c, tt.send); err != nil {
				t.Fatal(err)
			}
			began := time.Now()
			if !closedWithin(c, 3*time.Second) {
				t.Fatalf("connection still open after 3s")
			}
			t.Logf("closed after %v", time.Since(began).Round(10*time.Millisecond))
		})
	}
}

// TestServeHealth: /healthz and /readyz answer 200 whatever the Host, and
// oversized headers are refused with 431.
func TestServeHealth(t *testing.T) {
	s := startServe(t, nil, "--database", "sqlite::memory:", "--max-header-bytes", "8192")
	for _, path := range []string{"/healthz", "/readyz"} {
		req, _ := http.NewRequest("GET", s.URL+path, nil)
		req.Host = "10.0.0.7:3000" // a probe by pod address
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || strings.TrimSpace(string(body)) != "ok" {
			t.Errorf("%s: %d %q", path, res.StatusCode, body)
		}
	}
	req, _ := http.NewRequest("GET", s.URL+"/", nil)
	req.Header.Set("Cookie", "a="+strings.Repeat("x", 20000))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("20 KB of cookies with --max-header-bytes 8192: %d, want 431", res.StatusCode)
	}
}

// TestServeShutdownWithSlowRequest: a request still running when the
// grace period ends is cut off and serve exits 0 (startServe's cleanup
// checks the exit code); it used to exit 1.
func TestServeShutdownWithSlowRequest(t *testing.T) {
	var c net.Conn
	var s *server
	t.Cleanup(func() { // runs after serve has stopped
		if s != nil && !strings.Contains(s.stdout.String(), "were cut off") {
			t.Errorf("the cut-off request was not reported; stdout:\n%s", s.stdout)
		}
		if c != nil {
			if !closedWithin(c, time.Second) {
				t.Error("the slow request's connection was not closed at shutdown")
			}
			c.Close()
		}
	})
	s = startServe(t, nil, "--database", "sqlite::memory:", "--shutdown-grace", "200ms")
	var err error
	c, err = net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	// Headers read, body pending: the connection is active.
	if _, err := io.WriteString(c, "POST /api/auth/callback/credentials HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nx"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
}

func TestServeHTTPFlagErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--read-timeout", "-1s"}, "--read-timeout is negative"},
		{[]string{"--max-header-bytes", "100"}, "at least 4096"},
	}
	for _, tt := range tests {
		r := runCmd(t, nil, append([]string{"serve"}, tt.args...)...)
		if r.code == 0 || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("serve %v: exit %d, stderr %q; want an error containing %q", tt.args, r.code, r.stderr, tt.want)
		}
	}
}

// TestServeMetrics: --metrics serves Prometheus text on its own listener,
// with the sign-ins and store calls of the app.
func TestServeMetrics(t *testing.T) {
	s := startServe(t, nil, "--database", "sqlite::memory:", "--metrics", "127.0.0.1:0")
	m := regexp.MustCompile(`metrics at (http://\S+)`).FindStringSubmatch(s.stdout.String())
	if m == nil {
		t.Fatalf("no metrics address in:\n%s", s.stdout)
	}
	signInDemo(t, s)
	res, err := http.Get(m[1])
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{
		`gatehouse_sign_ins_total{provider="credentials",outcome="success"} 1`,
		`gatehouse_store_call_duration_seconds_count{method="GetSessionAndUser",result="ok"}`,
		// sqlite::memory: keeps exactly one connection.
		`gatehouse_db_pool_connections_max{db="sqlite"} 1`,
		`gatehouse_db_pool_connections_open{db="sqlite"} 1`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %q:\n%s", want, body)
		}
	}
	if res, err := http.Get(s.URL + "/metrics"); err == nil {
		res.Body.Close()
		if res.StatusCode == 200 {
			t.Error("metrics are served on the public listener too")
		}
	}
}

// TestServeAccessLog: --access-log logs one line per request with its id
// (the client's when valid, echoed in the answer), never the query.
func TestServeAccessLog(t *testing.T) {
	s := startServe(t, nil, "--database", "sqlite::memory:", "--access-log")
	tests := []struct {
		name, id string
		keep     bool
	}{
		{"valid id kept", "req-123.A_b", true},
		{"bad id replaced", "a b\"c", false},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest("GET", s.URL+"/api/auth/callback/email?token=secret-token-value&email=a%40b.c", nil)
		req.Header.Set("X-Request-Id", tt.id)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		got := res.Header.Get("X-Request-Id")
		if tt.keep != (got == tt.id) || got == "" {
			t.Errorf("%s: answered X-Request-Id %q for %q", tt.name, got, tt.id)
		}
		deadline := time.Now().Add(2 * time.Second)
		for !strings.Contains(s.stderr.String()+s.stdout.String(), "request_id="+got) && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if logs := s.stderr.String() + s.stdout.String(); !strings.Contains(logs, "request_id="+got) {
			t.Errorf("%s: no line with request_id=%s:\n%s", tt.name, got, logs)
		}
	}
	if logs := s.stderr.String() + s.stdout.String(); strings.Contains(logs, "secret-token-value") {
		t.Errorf("the query (a sign-in token) was logged:\n%s", logs)
	}
}
