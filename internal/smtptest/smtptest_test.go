package smtptest

import (
	"context"
	"crypto/tls"
	"errors"
	"net/smtp"
	"os"
	"strings"
	"testing"
	"time"
)

const wantLink = "https://example.com/api/auth/callback/email?token=abcdef0123456789abcdef0123456789&email=b%40example.com"

// send delivers a message with the standard library's client, independent of
// the go-mail client the email provider uses, so the server is checked
// against a second implementation.
func send(t *testing.T, s *Server, tlsCfg *tls.Config, auth smtp.Auth, from string, to []string, body string) error {
	t.Helper()
	c, err := smtp.Dial(s.Addr())
	if err != nil {
		return err
	}
	defer c.Close()
	if tlsCfg != nil {
		if err := c.StartTLS(tlsCfg); err != nil {
			return err
		}
	}
	if auth != nil {
		if err := c.Auth(auth); err != nil {
			return err
		}
	}
	if err := c.Mail(from); err != nil {
		return err
	}
	for _, r := range to {
		if err := c.Rcpt(r); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write([]byte(body)); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

func TestServerModes(t *testing.T) {
	body := "Subject: hi\r\n\r\nhello " + wantLink + "\r\n"
	tests := []struct {
		name     string
		opts     Options
		startTLS bool
		auth     bool
		wantErr  string
		wantUser string
		wantTLS  bool
	}{
		{name: "plain", opts: Options{}},
		{name: "starttls", opts: Options{Mode: StartTLS}, startTLS: true, wantTLS: true},
		{name: "starttls auth", opts: Options{Mode: StartTLS, Username: "u", Password: "p"}, startTLS: true, auth: true, wantUser: "u", wantTLS: true},
		{name: "auth required", opts: Options{Username: "u", Password: "p", AllowInsecureAuth: true}, wantErr: "530"},
		{name: "insecure auth", opts: Options{Username: "u", Password: "p", AllowInsecureAuth: true}, auth: true, wantUser: "u"},
		{name: "rejected recipient", opts: Options{RejectRecipient: func(string) error { return errors.New("no such user") }}, wantErr: "550"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Start(t, tt.opts)
			var cfg *tls.Config
			if tt.startTLS {
				cfg = s.ClientTLSConfig()
			}
			var auth smtp.Auth
			if tt.auth {
				// net/smtp's PlainAuth allows unencrypted AUTH only to a
				// loopback host, and checks the name against the dialled one.
				auth = smtp.PlainAuth("", tt.opts.Username, tt.opts.Password, s.Host)
			}
			err := send(t, s, cfg, auth, "a@example.com", []string{"b@example.com"}, body)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				if n := len(s.Messages()); n != 0 {
					t.Fatalf("%d messages stored after a refused send", n)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			m := s.Last(t, 5*time.Second)
			if m.From != "a@example.com" || len(m.To) != 1 || m.To[0] != "b@example.com" {
				t.Errorf("envelope = %q -> %q", m.From, m.To)
			}
			if m.User != tt.wantUser || m.TLS != tt.wantTLS {
				t.Errorf("User, TLS = %q, %v; want %q, %v", m.User, m.TLS, tt.wantUser, tt.wantTLS)
			}
			p, err := m.Parse()
			if err != nil {
				t.Fatal(err)
			}
			if p.Subject != "hi" {
				t.Errorf("Subject = %q", p.Subject)
			}
			got, err := FindLink(p.Text, "https://")
			if err != nil || got != wantLink {
				t.Errorf("FindLink = %q, %v; want %q", got, err, wantLink)
			}
		})
	}
}

func TestImplicitTLS(t *testing.T) {
	s := Start(t, Options{Mode: ImplicitTLS, Username: "u", Password: "p"})
	if !strings.HasPrefix(s.URL(), "smtps://u:p@127.0.0.1:") {
		t.Fatalf("URL = %q", s.URL())
	}
	for _, tt := range []struct {
		password string
		wantOK   bool
	}{{"wrong", false}, {"p", true}} {
		conn, err := tls.Dial("tcp", s.Addr(), s.ClientTLSConfig())
		if err != nil {
			t.Fatal(err)
		}
		c, err := smtp.NewClient(conn, s.Host)
		if err != nil {
			t.Fatal(err)
		}
		err = c.Auth(smtp.PlainAuth("", "u", tt.password, s.Host))
		if (err == nil) != tt.wantOK {
			t.Errorf("AUTH with password %q: err = %v, want ok %v", tt.password, err, tt.wantOK)
		}
		_ = c.Close()
	}
}

func TestParseMessageFixture(t *testing.T) {
	raw, err := os.ReadFile("testdata/multipart.eml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParseMessage(raw)
	if err != nil {
		t.Fatal(err)
	}
	if p.Subject != "Sign in to Café" {
		t.Errorf("Subject = %q", p.Subject)
	}
	if p.ContentType != "multipart/alternative" {
		t.Errorf("ContentType = %q", p.ContentType)
	}
	for name, body := range map[string]string{"text": p.Text, "html": p.HTML} {
		got, err := FindLink(body, "https://example.com/")
		if err != nil || got != wantLink {
			t.Errorf("%s link = %q, %v; want %q", name, got, err, wantLink)
		}
	}
}

func TestParseMessageErrors(t *testing.T) {
	tests := map[string]string{
		"not a header":   "no colon here\r\n\r\nbody",
		"bad boundary":   "Content-Type: multipart/alternative; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nx\r\n",
		"bad encoding":   "Content-Transfer-Encoding: x-uuencode\r\n\r\nbody",
		"bad media type": "Content-Type: ;;\r\n\r\nbody",
	}
	for name, raw := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := ParseMessage([]byte(raw)); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

func TestFindLink(t *testing.T) {
	tests := []struct {
		body, prefix, want string
		wantErr            bool
	}{
		{body: "go to https://a.example/x?y=1 now", prefix: "https://", want: "https://a.example/x?y=1"},
		{body: `<a href="https://a.example/x?y=1&amp;z=2">`, prefix: "https://a.example", want: "https://a.example/x?y=1&z=2"},
		{body: "line\r\nhttps://a.example/end\r\n", prefix: "https://", want: "https://a.example/end"},
		{body: "<https://a.example/p>", prefix: "https://", want: "https://a.example/p"},
		{body: "nothing here", prefix: "https://", wantErr: true},
		{body: "https://x", prefix: "", wantErr: true},
	}
	for _, tt := range tests {
		got, err := FindLink(tt.body, tt.prefix)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("FindLink(%q, %q) = %q, %v; want %q, err %v", tt.body, tt.prefix, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestWaitTimesOut(t *testing.T) {
	s := Start(t, Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := s.Wait(ctx, 1); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want DeadlineExceeded", err)
	}
}

func TestUnusedAddrRefuses(t *testing.T) {
	if _, err := smtp.Dial(UnusedAddr(t)); err == nil {
		t.Fatal("dial to an unused port succeeded")
	}
}
