package oauth_test

import (
	"context"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// hangingIssuer returns the URL of an issuer that accepts connections and
// never answers, as a provider does whose service hangs.
func hangingIssuer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		conns []net.Conn
	)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return "http://" + ln.Addr().String()
}

// TestDiscoveryWaitIsBounded: while one caller's discovery hangs, another
// caller waits for it no longer than its own context allows (the sign-in
// page bounds its lookup; a hanging provider must not queue every page
// view and sign-in behind the first), and gets ErrDiscovery.
func TestDiscoveryWaitIsBounded(t *testing.T) {
	p, err := oauth.New(oauth.Config{ID: "hang", ClientID: "client", ClientSecret: "secret", Issuer: hangingIssuer(t)})
	if err != nil {
		t.Fatal(err)
	}
	first := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
		defer cancel()
		_, err := p.AuthorizationEndpoint(ctx)
		first <- err
	}()
	time.Sleep(100 * time.Millisecond) // the first discovery is under way

	const bound = 100 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), bound)
	defer cancel()
	began := time.Now()
	_, err = p.AuthorizationEndpoint(ctx)
	took := time.Since(began)
	if !errors.Is(err, oauth.ErrDiscovery) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("second caller: %v, want ErrDiscovery with its deadline", err)
	}
	if took > bound+400*time.Millisecond {
		t.Errorf("second caller waited %v with a deadline of %v: it queued behind the hanging discovery", took, bound)
	}
	t.Logf("second caller answered in %v", took.Round(time.Millisecond))
	if err := <-first; !errors.Is(err, oauth.ErrDiscovery) {
		t.Errorf("first caller: %v, want ErrDiscovery", err)
	}
}
