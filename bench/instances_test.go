package bench

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// TestServeInstancesSharePort runs two instances on one port and checks
// that connections reach both, as a Node cluster's workers share theirs.
func TestServeInstancesSharePort(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- ServeInstances(ctx, 2, []string{os.Args[0], "-test.run=^$"},
			[]string{"GATEHOUSE_BENCH_SERVE=" + KindGatehouseJWT + ",,", "GOMAXPROCS=1"}, pw)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("ServeInstances: %v", err)
		}
	})
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatal("ServeInstances wrote no listening line")
	}
	origin, ok := strings.CutPrefix(lines.Text(), "listening ")
	if !ok {
		t.Fatalf("first line %q, want listening <url>", lines.Text())
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	cookies, err := JWTCookies(1)
	if err != nil {
		t.Fatal(err)
	}
	// 16 connections held open at once: with two listeners the kernel
	// puts them all on one with a chance of 2^-15.
	const conns = 16
	tr := &http.Transport{MaxIdleConnsPerHost: conns}
	t.Cleanup(tr.CloseIdleConnections)
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, conns)
	for range conns {
		wg.Go(func() {
			<-start
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, origin+"/api/auth/session", nil)
			req.Header.Set("Cookie", CookieName+"="+cookies[0])
			resp, err := tr.RoundTrip(req)
			if err != nil {
				errs <- err
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), `"expires"`) {
				errs <- &badResponse{resp.StatusCode, string(b)}
			}
		})
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	kids := procTree(os.Getpid())[1:]
	var served []int
	for _, pid := range kids {
		if n := sockets(pid); n >= 2 { // the listener and a connection
			served = append(served, pid)
		}
	}
	if len(kids) != 2 || len(served) != 2 {
		t.Fatalf("instances %v, %d of them holding connections; want 2 and 2", kids, len(served))
	}
}

type badResponse struct {
	status int
	body   string
}

func (e *badResponse) Error() string { return "status " + strconv.Itoa(e.status) + ": " + e.body }

// sockets counts the sockets a process holds open.
func sockets(pid int) int {
	dir := "/proc/" + strconv.Itoa(pid) + "/fd"
	fds, _ := os.ReadDir(dir)
	n := 0
	for _, fd := range fds {
		if l, err := os.Readlink(dir + "/" + fd.Name()); err == nil && strings.HasPrefix(l, "socket:") {
			n++
		}
	}
	return n
}

// TestInvalidationDelays signs sessions out on one cached gatehouse and
// measures when another refuses them, over PostgreSQL LISTEN/NOTIFY: with
// the cache's 5 s TTL, only the invalidation can make it within 2 s.
func TestInvalidationDelays(t *testing.T) {
	pg := testsvc.NewPostgres(t)
	if pg == nil {
		return
	}
	b, err := NewBackend("postgres", pg.Schema, pg.BaseURL)
	if err != nil {
		t.Fatal(err)
	}
	const n = 6
	if err := ResetAndSeed(t.Context(), b, n, nil); err != nil {
		t.Fatal(err)
	}
	start := func() *Process {
		p, err := StartProcess(t.Context(), []string{os.Args[0], "-test.run=^$"},
			[]string{"GATEHOUSE_BENCH_SERVE=" + KindGatehouseCache + ",postgres," + b.space + "," + b.admin + ",postgres"}, "", 30*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.Stop)
		return p
	}
	a, r := start(), start()
	ds, err := InvalidationDelays(t.Context(), InvalidationConfig{SignOut: a.URL, Read: r.URL, Cookies: Cookies(n), Limit: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != n {
		t.Fatalf("%d delays, want %d", len(ds), n)
	}
	t.Logf("sign-out refused by the other instance after %v (median) to %v", ds[n/2], ds[n-1])
	// Signed out for good: the sign-out instance refuses them too.
	for _, c := range Cookies(n) {
		if has, err := hasSession(t.Context(), http.DefaultClient, a.URL, CookieName+"="+c); err != nil || has {
			t.Fatalf("after sign-out, the signing-out instance: session %v, error %v", has, err)
		}
	}
}
