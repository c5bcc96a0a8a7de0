// Package faultproxy is a TCP proxy for tests that puts faults between a
// client and a server: Cut closes every connection and refuses new ones
// (the server is gone), Stall stops passing bytes while keeping the
// connections open (the server is frozen, or a network drops packets),
// and Restore ends either. Tests point a store's client at Proxy.Addr
// instead of the server's address.
//
// It uses only the standard library, so that every module's tests can
// use it.
package faultproxy

import (
	"errors"
	"net"
	"sync"
	"testing"
	"time"
)

// dialTimeout bounds the proxy's own connection to the server.
const dialTimeout = 2 * time.Second

// Proxy is a TCP proxy to one server address. Create it with New or
// ForTest. Its methods are safe for concurrent use.
type Proxy struct {
	ln     net.Listener
	target string

	mu      sync.Mutex
	cut     bool
	stalled chan struct{} // non-nil while stalled; closed on restore
	conns   map[net.Conn]bool
	closed  bool
	wg      sync.WaitGroup // the accept loop and the pipes
}

// New starts a proxy on a free loopback port that passes connections to
// target ("host:port"). Close stops it.
func New(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{ln: ln, target: target, conns: map[net.Conn]bool{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// ForTest starts a proxy to target that is closed when t ends, and fails
// t when it cannot listen.
func ForTest(t testing.TB, target string) *Proxy {
	t.Helper()
	p, err := New(target)
	if err != nil {
		t.Fatalf("faultproxy: %v", err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// Addr returns the proxy's address ("127.0.0.1:port"), to dial instead
// of the server's.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		if p.isCut() {
			c.Close()
			continue
		}
		s, err := net.DialTimeout("tcp", p.target, dialTimeout)
		if err != nil {
			c.Close()
			continue
		}
		// Registered under the lock that Cut takes, checking the cut
		// again: a connection dialled while Cut ran must not survive it.
		p.mu.Lock()
		if p.cut || p.closed {
			p.mu.Unlock()
			c.Close()
			s.Close()
			continue
		}
		p.conns[c], p.conns[s] = true, true
		p.wg.Add(2)
		p.mu.Unlock()
		go p.pipe(s, c)
		go p.pipe(c, s)
	}
}

func (p *Proxy) isCut() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cut
}

// pipe copies src to dst, holding each chunk while stalled.
func (p *Proxy) pipe(dst, src net.Conn) {
	defer p.wg.Done()
	defer p.forget(dst, src)
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.mu.Lock()
			wait := p.stalled
			p.mu.Unlock()
			if wait != nil {
				<-wait
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// forget closes a pair of connections and drops them from the set.
func (p *Proxy) forget(a, b net.Conn) {
	a.Close()
	b.Close()
	p.mu.Lock()
	delete(p.conns, a)
	delete(p.conns, b)
	p.mu.Unlock()
}

// closeAll closes every connection; called with p.mu held.
func (p *Proxy) closeAll() {
	for c := range p.conns {
		c.Close()
	}
	clear(p.conns)
}

// Cut closes every connection and refuses new ones (they are accepted
// and closed at once) until Restore.
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = true
	p.closeAll()
}

// Stall stops passing bytes, in both directions, until Restore; the
// connections stay open and new ones are still accepted (and stall).
func (p *Proxy) Stall() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stalled == nil {
		p.stalled = make(chan struct{})
	}
}

// Restore ends a cut or a stall: bytes held by a stall are passed on.
func (p *Proxy) Restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = false
	if p.stalled != nil {
		close(p.stalled)
		p.stalled = nil
	}
}

// Close stops the proxy, closes every connection and waits for its
// goroutines to end. It may be called more than once.
func (p *Proxy) Close() error {
	err := p.ln.Close()
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.Restore() // release stalled pipes
	p.mu.Lock()
	p.closeAll()
	p.mu.Unlock()
	p.wg.Wait()
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}
