package smtptest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Mode is how a Server secures its connections.
type Mode int

// The server modes.
const (
	// Plain is SMTP without TLS; STARTTLS is not offered.
	Plain Mode = iota
	// StartTLS offers the STARTTLS extension with a self-signed certificate.
	StartTLS
	// ImplicitTLS speaks TLS from the first byte (smtps, usually port 465).
	ImplicitTLS
)

// DefaultMaxMessageBytes is the message size limit when
// Options.MaxMessageBytes is zero.
const DefaultMaxMessageBytes = 10 << 20

// Options configure a Server. The zero value is a plain SMTP server that
// accepts every message without authentication.
type Options struct {
	// Mode selects plain SMTP, STARTTLS or implicit TLS. Default Plain.
	Mode Mode
	// Username and Password, when Username is set, make the server offer
	// AUTH PLAIN and refuse MAIL FROM from unauthenticated clients.
	// Default: no authentication.
	Username, Password string
	// AllowInsecureAuth lets clients authenticate on a connection without
	// TLS. Default false (AUTH is offered only after TLS).
	AllowInsecureAuth bool
	// RejectRecipient, when set, is called for every RCPT TO address; a
	// non-nil error refuses the recipient with 550 and the error's text.
	// Default: every recipient is accepted.
	RejectRecipient func(address string) error
	// MaxMessageBytes bounds a message's size (advertised as the SIZE
	// extension of RFC 1870); a larger message is refused with 552.
	// Default DefaultMaxMessageBytes.
	MaxMessageBytes int
}

// Message is one message the server accepted.
type Message struct {
	// From is the MAIL FROM address.
	From string
	// To are the RCPT TO addresses.
	To []string
	// Data is the message as received (headers and body, CRLF lines),
	// with the transparency dots of RFC 5321 section 4.5.2 removed.
	Data []byte
	// User is the authenticated user name; empty without AUTH.
	User string
	// TLS reports whether the message arrived over TLS.
	TLS bool
}

// Server is a running in-process SMTP server. Its methods are safe for
// concurrent use.
type Server struct {
	// Host and Port are where the server listens (Host is 127.0.0.1).
	Host string
	Port int

	opts   Options
	ln     net.Listener
	tlsCfg *tls.Config
	pool   *x509.CertPool

	mu      sync.Mutex
	msgs    []Message
	arrived chan struct{} // closed and replaced when a message arrives
	conns   map[net.Conn]struct{}
	closed  bool
	wg      sync.WaitGroup // the accept loop and every connection
}

// Start starts a server on a free loopback port and stops it when the test
// ends. It fails the test if the server cannot start.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	s, err := NewServer(opts)
	if err != nil {
		t.Fatalf("smtptest: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// NewServer starts a server on a free loopback port. The caller must Close
// it. Tests should prefer Start.
func NewServer(opts Options) (*Server, error) {
	if opts.MaxMessageBytes <= 0 {
		opts.MaxMessageBytes = DefaultMaxMessageBytes
	}
	s := &Server{opts: opts, arrived: make(chan struct{}), conns: map[net.Conn]struct{}{}}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	if opts.Mode != Plain {
		cert, pool, err := NewCertificate("localhost", "127.0.0.1")
		if err != nil {
			_ = l.Close()
			return nil, err
		}
		s.pool = pool
		s.tlsCfg = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		if opts.Mode == ImplicitTLS {
			l = tls.NewListener(l, s.tlsCfg)
		}
	}
	s.ln = l
	s.Host, s.Port = "127.0.0.1", l.Addr().(*net.TCPAddr).Port
	s.wg.Add(1)
	go s.accept()
	return s, nil
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return // closed
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			_ = c.Close()
			return
		}
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			s.serve(c)
			s.mu.Lock()
			delete(s.conns, c)
			s.mu.Unlock()
		}()
	}
}

// Close stops the server, closes open connections and waits for them to
// end.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	err := s.ln.Close()
	for c := range s.conns {
		_ = c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	return err
}

// Addr returns "host:port".
func (s *Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// URL returns the server as a gatehouse email Server setting:
// smtp://[user:pass@]host:port for Plain and StartTLS, smtps://… for
// ImplicitTLS.
func (s *Server) URL() string {
	u := url.URL{Scheme: "smtp", Host: s.Addr()}
	if s.opts.Mode == ImplicitTLS {
		u.Scheme = "smtps"
	}
	if s.opts.Username != "" {
		u.User = url.UserPassword(s.opts.Username, s.opts.Password)
	}
	return u.String()
}

// ClientTLSConfig returns a TLS configuration that trusts the server's
// self-signed certificate, or nil for a Plain server.
func (s *Server) ClientTLSConfig() *tls.Config {
	if s.pool == nil {
		return nil
	}
	return &tls.Config{RootCAs: s.pool, ServerName: s.Host, MinVersion: tls.VersionTLS12}
}

// Messages returns a copy of the messages accepted so far, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Wait waits until at least n messages have arrived and returns them all,
// or returns an error when ctx ends first.
func (s *Server) Wait(ctx context.Context, n int) ([]Message, error) {
	for {
		s.mu.Lock()
		if len(s.msgs) >= n {
			msgs := append([]Message(nil), s.msgs...)
			s.mu.Unlock()
			return msgs, nil
		}
		ch := s.arrived
		got := len(s.msgs)
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, fmt.Errorf("smtptest: %d of %d messages arrived: %w", got, n, ctx.Err())
		}
	}
}

// Last waits up to timeout for a first message and returns the latest one;
// it fails the test when none arrives.
func (s *Server) Last(t testing.TB, timeout time.Duration) Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	msgs, err := s.Wait(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	return msgs[len(msgs)-1]
}

func (s *Server) deliver(m Message) {
	s.mu.Lock()
	s.msgs = append(s.msgs, m)
	close(s.arrived)
	s.arrived = make(chan struct{})
	s.mu.Unlock()
}

// UnusedAddr returns a loopback "host:port" on which nothing listens, for
// testing connection failures. Another process could take the port in the
// meantime; that is unlikely enough for tests.
func UnusedAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtptest: %v", err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatalf("smtptest: %v", err)
	}
	return addr
}

// NewCertificate generates a self-signed ECDSA P-256 certificate valid for
// one day for the given DNS names and IP addresses, and a pool that trusts
// it.
func NewCertificate(hosts ...string) (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, fmt.Errorf("generate key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return tls.Certificate{}, nil, fmt.Errorf("serial: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "smtptest"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, fmt.Errorf("create certificate: %w", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, fmt.Errorf("parse certificate: %w", err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool, nil
}

// errClosed ends a session: the client quit or the connection failed.
var errClosed = errors.New("smtptest: session over")
