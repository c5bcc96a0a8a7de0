package email

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/mail"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/gatehouse-go/gatehouse/internal/smtptest"
	"github.com/gatehouse-go/gatehouse/providers"
)

const waitMail = 5 * time.Second

// newRequest returns a verification request for addr with longLink.
func newRequest(t *testing.T, addr string) providers.VerificationRequest {
	t.Helper()
	return providers.VerificationRequest{
		Identifier: addr,
		URL:        longLink,
		Token:      strings.Repeat("0123456789abcdef", 4),
		Expires:    time.Now().Add(DefaultMaxAge).Truncate(time.Minute),
		SiteName:   "Acme Café",
		SiteURL:    "https://app.example.com",
	}
}

// newSMTPProvider returns a provider sending to srv with options changed by
// edit.
func newSMTPProvider(t *testing.T, srv *smtptest.Server, edit func(*Options)) *Provider {
	t.Helper()
	opts := Options{
		Server:    srv.URL(),
		From:      "Acme <no-reply@acme.example>",
		TLSConfig: srv.ClientTLSConfig(),
		Timeout:   5 * time.Second,
	}
	if edit != nil {
		edit(&opts)
	}
	p, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSMTPDelivery(t *testing.T) {
	tests := []struct {
		name     string
		opts     smtptest.Options
		wantTLS  bool
		wantUser string
	}{
		{name: "plain localhost", opts: smtptest.Options{}},
		{name: "starttls", opts: smtptest.Options{Mode: smtptest.StartTLS}, wantTLS: true},
		{name: "starttls auth", opts: smtptest.Options{Mode: smtptest.StartTLS, Username: "mailer", Password: "s3cr3t:@/pw"}, wantTLS: true, wantUser: "mailer"},
		{name: "smtps auth", opts: smtptest.Options{Mode: smtptest.ImplicitTLS, Username: "mailer", Password: "pw"}, wantTLS: true, wantUser: "mailer"},
		// Without TLS, go-mail's PLAIN refuses to send a password except to
		// a loopback host; the test server is one, so this works as it
		// would with a local mail catcher.
		{name: "auth without tls on loopback", opts: smtptest.Options{Username: "mailer", Password: "pw", AllowInsecureAuth: true}, wantUser: "mailer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := smtptest.Start(t, tt.opts)
			p := newSMTPProvider(t, srv, nil)
			req := newRequest(t, "ann+news@example.com")
			if err := p.SendVerificationRequest(context.Background(), req); err != nil {
				t.Fatal(err)
			}
			m := srv.Last(t, waitMail)
			if m.TLS != tt.wantTLS || m.User != tt.wantUser {
				t.Errorf("TLS, User = %v, %q; want %v, %q", m.TLS, m.User, tt.wantTLS, tt.wantUser)
			}
			checkMessage(t, m, req)
		})
	}
}

// checkMessage checks the envelope, headers and both bodies of a delivered
// sign-in message.
func checkMessage(t *testing.T, m smtptest.Message, req providers.VerificationRequest) {
	t.Helper()
	if m.From != "no-reply@acme.example" || len(m.To) != 1 || m.To[0] != req.Identifier {
		t.Errorf("envelope %q -> %q", m.From, m.To)
	}
	p, err := m.Parse()
	if err != nil {
		t.Fatal(err)
	}
	if want := "Sign in to Acme Café"; p.Subject != want {
		t.Errorf("Subject = %q, want %q", p.Subject, want)
	}
	if p.ContentType != "multipart/alternative" {
		t.Errorf("Content-Type = %q, want multipart/alternative", p.ContentType)
	}
	dec := new(mime.WordDecoder)
	from, _ := dec.DecodeHeader(p.Header.Get("From"))
	if a, err := mail.ParseAddress(from); err != nil || a.Address != "no-reply@acme.example" || a.Name != "Acme" {
		t.Errorf("From header %q: %v", p.Header.Get("From"), err)
	}
	if to, err := mail.ParseAddress(p.Header.Get("To")); err != nil || to.Address != req.Identifier {
		t.Errorf("To header %q: %v", p.Header.Get("To"), err)
	}
	if _, err := p.Header.Date(); err != nil {
		t.Errorf("Date header: %v", err)
	}
	if id := p.Header.Get("Message-Id"); !regexp.MustCompile(`^<[0-9a-f]{32}@acme\.example>$`).MatchString(id) {
		t.Errorf("Message-ID = %q, want <32 hex digits@acme.example>", id)
	}
	if p.Header.Get("Mime-Version") != "1.0" {
		t.Errorf("MIME-Version = %q", p.Header.Get("Mime-Version"))
	}
	for _, h := range []string{"User-Agent", "X-Mailer"} {
		if v := p.Header.Get(h); v != "" {
			t.Errorf("%s header %q reveals the mail library", h, v)
		}
	}
	if got := p.Header.Get("Auto-Submitted"); got != "auto-generated" {
		t.Errorf("Auto-Submitted = %q", got)
	}
	expiry := req.Expires.UTC().Format(expiryLayout)
	for name, body := range map[string]string{"text": p.Text, "html": p.HTML} {
		if body == "" {
			t.Errorf("no %s part", name)
			continue
		}
		link, err := smtptest.FindLink(body, "https://app.example.com/api/auth/callback/")
		if err != nil || link != req.URL {
			t.Errorf("%s part link = %q, %v; want exactly %q", name, link, err, req.URL)
		}
		if !strings.Contains(body, expiry) {
			t.Errorf("%s part lacks the expiry %q", name, expiry)
		}
		if !strings.Contains(body, "Acme Café") {
			t.Errorf("%s part lacks the site name", name)
		}
	}
	// Parsed as a browser would: every link in the HTML part is the exact
	// sign-in link.
	doc, err := html.Parse(strings.NewReader(p.HTML))
	if err != nil {
		t.Fatal(err)
	}
	var hrefs []string
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "a" {
			for _, a := range n.Attr {
				if a.Key == "href" {
					hrefs = append(hrefs, a.Val)
				}
			}
		}
	}
	if len(hrefs) != 2 || hrefs[0] != req.URL || hrefs[1] != req.URL {
		t.Errorf("HTML hrefs = %q, want the link twice", hrefs)
	}
	for _, line := range strings.Split(string(m.Data), "\r\n") {
		if len(line) > 998 {
			t.Errorf("raw line of %d bytes exceeds RFC 5322's 998", len(line))
		}
	}
}

func TestSMTPUnicodeRecipient(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	p := newSMTPProvider(t, srv, nil)
	addr, err := p.NormalizeIdentifier("JÖRG@Bücher.example")
	if err != nil {
		t.Fatal(err)
	}
	if err := p.SendVerificationRequest(context.Background(), newRequest(t, addr)); err != nil {
		t.Fatal(err)
	}
	if m := srv.Last(t, waitMail); len(m.To) != 1 || m.To[0] != "jörg@bücher.example" {
		t.Errorf("RCPT TO = %q", m.To)
	}
}

func TestSMTPFailures(t *testing.T) {
	const password = "hunter2-Do-Not-Log"
	tests := []struct {
		name     string
		server   func(t *testing.T) (url string, cfg *smtptest.Server)
		edit     func(*Options)
		wantErrs []string
		wantIs   error
	}{
		{
			name: "server down",
			server: func(t *testing.T) (string, *smtptest.Server) {
				return "smtp://mailer:" + password + "@" + smtptest.UnusedAddr(t), nil
			},
			wantErrs: []string{"connection refused"},
		},
		{
			name: "recipient refused",
			server: func(t *testing.T) (string, *smtptest.Server) {
				s := smtptest.Start(t, smtptest.Options{RejectRecipient: func(a string) error {
					return fmt.Errorf("mailbox %s unavailable", a)
				}})
				return s.URL(), s
			},
			wantErrs: []string{"550", "mailbox [recipient] unavailable"},
		},
		{
			name: "wrong password",
			server: func(t *testing.T) (string, *smtptest.Server) {
				s := smtptest.Start(t, smtptest.Options{Mode: smtptest.StartTLS, Username: "mailer", Password: "right"})
				return strings.Replace(s.URL(), "mailer:right@", "mailer:"+password+"@", 1), s
			},
			wantErrs: []string{"535", "AUTH"},
		},
		{
			name: "starttls required but not offered",
			server: func(t *testing.T) (string, *smtptest.Server) {
				s := smtptest.Start(t, smtptest.Options{})
				return s.URL() + "?starttls=required", s
			},
			wantErrs: []string{"STARTTLS"},
		},
		{
			name: "untrusted certificate",
			server: func(t *testing.T) (string, *smtptest.Server) {
				s := smtptest.Start(t, smtptest.Options{Mode: smtptest.ImplicitTLS})
				return s.URL(), s
			},
			edit:     func(o *Options) { o.TLSConfig = nil },
			wantErrs: []string{"certificate"},
		},
		{
			name: "silent server times out",
			server: func(t *testing.T) (string, *smtptest.Server) {
				return "smtp://" + silentServer(t), nil
			},
			edit:     func(o *Options) { o.Timeout = 300 * time.Millisecond },
			wantErrs: []string{"context deadline exceeded"},
			wantIs:   context.DeadlineExceeded,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, srv := tt.server(t)
			opts := Options{Server: url, From: "no-reply@acme.example", Timeout: 5 * time.Second}
			if srv != nil {
				opts.TLSConfig = srv.ClientTLSConfig()
			}
			if tt.edit != nil {
				tt.edit(&opts)
			}
			p, err := New(opts)
			if err != nil {
				t.Fatal(err)
			}
			err = p.SendVerificationRequest(context.Background(), newRequest(t, "ann@example.com"))
			if err == nil {
				t.Fatal("send succeeded")
			}
			if !errors.Is(err, ErrSend) {
				t.Errorf("error %v does not match ErrSend", err)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("error %v does not match %v", err, tt.wantIs)
			}
			for _, s := range tt.wantErrs {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not name the cause %q", err, s)
				}
			}
			if strings.Contains(err.Error(), password) {
				t.Errorf("error reveals the password: %v", err)
			}
			if strings.Contains(strings.ToLower(err.Error()), "ann@example.com") {
				t.Errorf("error reveals the recipient's address: %v", err)
			}
			if srv != nil && len(srv.Messages()) != 0 {
				t.Errorf("a message was delivered despite the error")
			}
		})
	}
}

// silentServer accepts TCP connections and never answers, like a hung
// SMTP server, and returns its address.
func silentServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return l.Addr().String()
}

func TestSendHonoursContext(t *testing.T) {
	tests := []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want error
	}{
		{name: "deadline", want: context.DeadlineExceeded, ctx: func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 300*time.Millisecond)
		}},
		{name: "cancel", want: context.Canceled, ctx: func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(300*time.Millisecond, cancel)
			return ctx, cancel
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A hung server and a long Timeout: only the context can stop
			// the send.
			p, err := New(Options{Server: "smtp://" + silentServer(t), From: "no-reply@acme.example", Timeout: time.Minute})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := tt.ctx()
			defer cancel()
			start := time.Now()
			err = p.SendVerificationRequest(ctx, newRequest(t, "ann@example.com"))
			if !errors.Is(err, ErrSend) || !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want ErrSend and %v", err, tt.want)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("send took %v despite the context ending after 300ms", d)
			}
		})
	}
}

func TestConcurrentSends(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{Mode: smtptest.StartTLS, Username: "u", Password: "p"})
	p := newSMTPProvider(t, srv, nil)
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			errs <- p.SendVerificationRequest(context.Background(), newRequest(t, fmt.Sprintf("user%d@example.com", i)))
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitMail)
	defer cancel()
	msgs, err := srv.Wait(ctx, n)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range msgs {
		seen[m.To[0]] = true
	}
	if len(seen) != n {
		t.Errorf("%d distinct recipients, want %d", len(seen), n)
	}
}

func TestDevMode(t *testing.T) {
	var logBuf bytes.Buffer
	srv := smtptest.Start(t, smtptest.Options{})
	p, err := New(Options{
		DevMode:      true,
		DevLinksKept: 2,
		Server:       srv.URL(), // set, but dev mode never sends
		From:         "no-reply@acme.example",
		Logger:       slog.New(slog.NewJSONHandler(&logBuf, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := range 3 {
		req := newRequest(t, fmt.Sprintf("user%d@example.com", i))
		req.URL = fmt.Sprintf("https://app.example.com/api/auth/callback/email?token=%d", i)
		want = append(want, req.URL)
		if err := p.SendVerificationRequest(context.Background(), req); err != nil {
			t.Fatal(err)
		}
	}
	bad := newRequest(t, "user9@example.com")
	bad.URL = "javascript:alert(1)"
	if err := p.SendVerificationRequest(context.Background(), bad); err == nil {
		t.Error("dev mode accepted a link SMTP sending would refuse")
	}
	links := p.DevLinks()
	if len(links) != 2 || links[0].URL != want[1] || links[1].URL != want[2] || links[1].Identifier != "user2@example.com" {
		t.Errorf("DevLinks = %+v, want the last two of %q", links, want)
	}
	if links[1].Expires.IsZero() || links[1].Created.IsZero() {
		t.Errorf("DevLinks times not set: %+v", links[1])
	}
	lines := strings.Split(strings.TrimSpace(logBuf.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d log lines, want 3:\n%s", len(lines), logBuf.String())
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[2]), &rec); err != nil {
		t.Fatal(err)
	}
	if rec["url"] != want[2] || rec["to"] != "user2@example.com" || rec["level"] != "INFO" {
		t.Errorf("log record = %v", rec)
	}
	time.Sleep(50 * time.Millisecond)
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("dev mode sent %d messages", n)
	}
}

func TestDevLinksOffOutsideDevMode(t *testing.T) {
	p, err := New(Options{SendVerificationRequest: func(context.Context, providers.VerificationRequest) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.SendVerificationRequest(context.Background(), newRequest(t, "a@example.com")); err != nil {
		t.Fatal(err)
	}
	if l := p.DevLinks(); l != nil {
		t.Errorf("DevLinks = %v outside dev mode", l)
	}
}

func TestCustomSender(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	var got []providers.VerificationRequest
	apiDown := errors.New("mail API: 503")
	fail := false
	p, err := New(Options{
		Server: srv.URL(),
		From:   "no-reply@acme.example",
		SendVerificationRequest: func(ctx context.Context, r providers.VerificationRequest) error {
			if fail {
				return apiDown
			}
			got = append(got, r)
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	req := newRequest(t, "ann@example.com")
	if err := p.SendVerificationRequest(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != req {
		t.Errorf("custom sender got %+v, want %+v", got, req)
	}
	fail = true
	if err := p.SendVerificationRequest(context.Background(), req); !errors.Is(err, apiDown) {
		t.Errorf("err = %v, want the custom sender's error", err)
	}
	time.Sleep(50 * time.Millisecond)
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("SMTP used %d times despite a custom sender", n)
	}
}

func TestNewOptions(t *testing.T) {
	send := func(context.Context, providers.VerificationRequest) error { return nil }
	tests := []struct {
		name    string
		opts    Options
		wantErr string
		check   func(t *testing.T, p *Provider)
	}{
		{
			name: "defaults",
			opts: Options{Server: "smtp://localhost:1025", From: "a@example.com"},
			check: func(t *testing.T, p *Provider) {
				want := providers.Info{ID: "email", Name: "Email"}
				if p.Info() != want || providers.TypeOf(p) != providers.TypeEmail || p.MaxAge() != 24*time.Hour {
					t.Errorf("Info, MaxAge = %+v, %v", p.Info(), p.MaxAge())
				}
			},
		},
		{
			name: "custom",
			opts: Options{ID: "magic-link", Name: "Magic link", MaxAge: 10 * time.Minute, SendVerificationRequest: send},
			check: func(t *testing.T, p *Provider) {
				if p.Info().ID != "magic-link" || p.Info().Name != "Magic link" || p.MaxAge() != 10*time.Minute {
					t.Errorf("Info, MaxAge = %+v, %v", p.Info(), p.MaxAge())
				}
			},
		},
		{name: "dev mode needs nothing", opts: Options{DevMode: true}},
		{name: "no server", opts: Options{From: "a@example.com"}, wantErr: "Server is required"},
		{name: "no from", opts: Options{Server: "smtp://localhost"}, wantErr: "From is required"},
		{name: "bad from", opts: Options{Server: "smtp://localhost", From: "not an address"}, wantErr: "From \"not an address\" is not an email address"},
		{name: "bad server", opts: Options{Server: "smtp://u:topsecret@host:99999", From: "a@example.com"}, wantErr: "not a number from 1 to 65535"},
		{name: "bad server with custom sender", opts: Options{Server: "http://x", SendVerificationRequest: send}, wantErr: "unsupported scheme"},
		{name: "bad id", opts: Options{ID: "Email Link", DevMode: true}, wantErr: "lowercase letters"},
		{name: "negative max age", opts: Options{MaxAge: -time.Hour, DevMode: true}, wantErr: "negative"},
		{name: "tiny max age", opts: Options{MaxAge: time.Second, DevMode: true}, wantErr: "at least one minute"},
		{name: "negative timeout", opts: Options{Timeout: -1, DevMode: true}, wantErr: "Timeout"},
		{name: "negative dev links", opts: Options{DevLinksKept: -1, DevMode: true}, wantErr: "DevLinksKept"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := New(tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "topsecret") {
					t.Errorf("error reveals the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.check != nil {
				tt.check(t, p)
			}
		})
	}
}

// TestErrorsHideTheRecipient: an address net/mail cannot parse is refused
// with ErrInvalidAddress and an error that quotes none of it, and nothing is
// sent. (A refused RCPT TO is covered by TestSMTPFailures.)
func TestErrorsHideTheRecipient(t *testing.T) {
	tests := []struct {
		name, addr string
		secret     []string // substrings of addr that must not appear
	}{
		{"no at sign", "private-person.example.com", []string{"private-person"}},
		{"two at signs", "private@person@example.com", []string{"private", "person@"}},
		{"unclosed angle", "Private Person <private@example.com", []string{"Private", "private@"}},
		{"bad utf-8 quoted", "\"priv\xffate\"@example.com", []string{"priv"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := smtptest.Start(t, smtptest.Options{})
			p := newSMTPProvider(t, srv, nil)
			err := p.SendVerificationRequest(context.Background(), newRequest(t, tt.addr))
			if !errors.Is(err, ErrInvalidAddress) {
				t.Fatalf("SendVerificationRequest(%q) = %v, want an error matching ErrInvalidAddress", tt.addr, err)
			}
			for _, s := range tt.secret {
				if strings.Contains(err.Error(), s) {
					t.Errorf("error %q quotes the recipient (%q)", err, s)
				}
			}
			if n := len(srv.Messages()); n != 0 {
				t.Errorf("%d messages were sent to an invalid address", n)
			}
		})
	}
}
