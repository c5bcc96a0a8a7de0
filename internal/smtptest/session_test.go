package smtptest

import (
	"bufio"
	"crypto/tls"
	"encoding/base64"
	"net"
	"net/smtp"
	"net/textproto"
	"regexp"
	"strings"
	"testing"
	"time"
)

// step is one line a client sends and the reply code it must get; want 0
// means no reply is expected (a line of message data).
type step struct {
	send string
	want int
}

// converse runs steps on a fresh connection to s and returns the text of
// the last reply.
func converse(t *testing.T, s *Server, steps []step) string {
	t.Helper()
	c, err := textproto.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, _, err := c.ReadResponse(220); err != nil {
		t.Fatalf("greeting: %v", err)
	}
	var last string
	for i, st := range steps {
		if err := c.PrintfLine("%s", st.send); err != nil {
			t.Fatalf("step %d %q: %v", i, st.send, err)
		}
		if st.want == 0 {
			continue
		}
		code, msg, err := c.ReadResponse(st.want)
		if err != nil {
			t.Fatalf("step %d %q: got %d %q, want %d", i, st.send, code, msg, st.want)
		}
		last = msg
	}
	return last
}

func plainResp(user, pass string) string {
	return base64.StdEncoding.EncodeToString([]byte("\x00" + user + "\x00" + pass))
}

func TestDialogue(t *testing.T) {
	auth := Options{Username: "u", Password: "p", AllowInsecureAuth: true}
	tests := []struct {
		name  string
		opts  Options
		steps []step
		msgs  int
	}{
		{"HELO and a message", Options{}, []step{
			{"HELO client.example", 250}, {"MAIL FROM:<a@example.com>", 250}, {"RCPT TO:<b@example.com>", 250},
			{"DATA", 354}, {"Subject: x", 0}, {"", 0}, {"hi", 0}, {".", 250}, {"QUIT", 221}}, 1},
		{"lower-case verbs and a space after the colon", Options{}, []step{
			{"ehlo client.example", 250}, {"mail from: <a@example.com> BODY=8BITMIME SMTPUTF8", 250},
			{"rcpt to: <Postmaster>", 250}, {"data", 354}, {".", 250}}, 1},
		{"null sender, source route", Options{}, []step{
			{"EHLO c", 250}, {"MAIL FROM:<>", 250}, {"RCPT TO:<@relay.example:b@example.com>", 250}}, 0},
		{"order of commands", Options{}, []step{
			{"MAIL FROM:<a@example.com>", 503}, {"RCPT TO:<b@example.com>", 503}, {"DATA", 503},
			{"EHLO c", 250}, {"DATA", 503}, {"MAIL FROM:<a@example.com>", 250}, {"MAIL FROM:<a@example.com>", 503},
			{"DATA", 554}, {"RCPT TO:<b@example.com>", 250}, {"RSET", 250}, {"DATA", 503}, {"NOOP", 250}}, 0},
		{"syntax errors", Options{}, []step{
			{"EHLO", 501}, {"FROB", 500}, {"", 500}, {"EHLO c", 250}, {"MAIL <a@example.com>", 501},
			{"MAIL FROM:a@example.com", 501}, {"MAIL FROM:<a@example.com", 501}, {"MAIL FROM:<a@example.com> FOO=1", 555},
			{"MAIL FROM:<a@example.com> BODY=BINARYMIME", 501}, {"MAIL FROM:<a@example.com> SIZE=x", 501},
			{"MAIL FROM:<a\x01@example.com>", 501}, {"MAIL FROM:<a@example.com>", 250},
			{"RCPT TO:<>", 501}, {"RCPT TO:<nodomain>", 501}, {"RCPT TO:<b@example.com> NOTIFY=NEVER", 555},
			{"RSET x", 501}, {"DATA x", 501}, {"STARTTLS", 502}, {"AUTH PLAIN", 502}, {"VRFY b", 252}}, 0},
		{"size bound", Options{MaxMessageBytes: 10}, []step{
			{"EHLO c", 250}, {"MAIL FROM:<a@example.com> SIZE=11", 552}, {"MAIL FROM:<a@example.com> SIZE=10", 250},
			{"RCPT TO:<b@example.com>", 250}, {"DATA", 354}, {"0123456789", 0}, {".", 552},
			{"MAIL FROM:<a@example.com>", 250}, {"RCPT TO:<b@example.com>", 250}, {"DATA", 354}, {"01234567", 0}, {".", 250}}, 1},
		{"AUTH PLAIN on the command line and after a challenge", auth, []step{
			{"EHLO c", 250}, {"MAIL FROM:<a@example.com>", 530}, {"AUTH LOGIN", 504},
			{"AUTH PLAIN " + plainResp("u", "wrong"), 535}, {"AUTH PLAIN not-base64", 501}, {"AUTH PLAIN =", 501},
			{"AUTH PLAIN", 334}, {"*", 501},
			{"AUTH PLAIN", 334}, {plainResp("u", "p"), 235}, {"AUTH PLAIN " + plainResp("u", "p"), 503},
			{"MAIL FROM:<a@example.com>", 250}}, 0},
		{"AUTH only over TLS", Options{Mode: StartTLS, Username: "u", Password: "p"}, []step{
			{"EHLO c", 250}, {"AUTH PLAIN " + plainResp("u", "p"), 538}, {"MAIL FROM:<a@example.com>", 530}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Start(t, tt.opts)
			converse(t, s, tt.steps)
			if n := len(s.Messages()); n != tt.msgs {
				t.Errorf("%d messages stored, want %d", n, tt.msgs)
			}
		})
	}
}

func TestEHLOExtensions(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want []string
		not  []string
	}{
		{"plain", Options{}, []string{"SIZE 10485760", "8BITMIME", "SMTPUTF8"}, []string{"STARTTLS", "AUTH"}},
		{"starttls", Options{Mode: StartTLS, Username: "u"}, []string{"STARTTLS"}, []string{"AUTH"}},
		{"insecure auth", Options{Username: "u", AllowInsecureAuth: true}, []string{"AUTH PLAIN"}, []string{"STARTTLS"}},
		{"size", Options{MaxMessageBytes: 1000}, []string{"SIZE 1000"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Start(t, tt.opts)
			got := converse(t, s, []step{{"EHLO c", 250}})
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("EHLO reply %q lacks %q", got, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("EHLO reply %q offers %q", got, n)
				}
			}
		})
	}
}

// TestStartTLSStartsOver checks RFC 3207 section 4.2: after STARTTLS the
// client must greet again, AUTH is offered, and STARTTLS is not.
func TestStartTLSStartsOver(t *testing.T) {
	s := Start(t, Options{Mode: StartTLS, Username: "u", Password: "p"})
	raw, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	c := textproto.NewConn(raw)
	mustCmd := func(c *textproto.Conn, want int, line string) string {
		t.Helper()
		if line != "" {
			if err := c.PrintfLine("%s", line); err != nil {
				t.Fatal(err)
			}
		}
		code, msg, err := c.ReadResponse(want)
		if err != nil {
			t.Fatalf("%q: %d %q (%v), want %d", line, code, msg, err, want)
		}
		return msg
	}
	mustCmd(c, 220, "")
	mustCmd(c, 250, "EHLO c")
	mustCmd(c, 220, "STARTTLS")
	tc := tls.Client(raw, s.ClientTLSConfig())
	if err := tc.Handshake(); err != nil {
		t.Fatal(err)
	}
	c = textproto.NewConn(tc)
	mustCmd(c, 503, "AUTH PLAIN "+plainResp("u", "p"))
	ext := mustCmd(c, 250, "EHLO c")
	if strings.Contains(ext, "STARTTLS") || !strings.Contains(ext, "AUTH PLAIN") {
		t.Errorf("EHLO over TLS = %q, want AUTH and no STARTTLS", ext)
	}
	mustCmd(c, 503, "STARTTLS")
	mustCmd(c, 235, "AUTH PLAIN "+plainResp("u", "p"))
}

// TestDotUnstuffing sends lines that begin with dots through net/smtp,
// which adds the transparency dots, and checks the server removes them
// and keeps the CRLF line endings.
func TestDotUnstuffing(t *testing.T) {
	s := Start(t, Options{})
	body := "Subject: dots\r\n\r\n.leading dot\r\n..two\r\n.\r\nlast\r\n"
	if err := smtp.SendMail(s.Addr(), nil, "a@example.com", []string{"b@example.com"}, []byte(body)); err != nil {
		t.Fatal(err)
	}
	if got := string(s.Last(t, 5*time.Second).Data); got != body {
		t.Errorf("Data = %q, want %q", got, body)
	}
}

func TestLongLine(t *testing.T) {
	s := Start(t, Options{})
	converse(t, s, []step{{"NOOP " + strings.Repeat("x", maxLineBytes), 500}, {"NOOP", 250}})
}

func TestCloseEndsOpenConnections(t *testing.T) {
	s, err := NewServer(Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := bufio.NewReader(c).ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close waited for an idle client")
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

var replyLine = regexp.MustCompile(`^[2-5][0-9][0-9][ -][^\r\n]*\r\n`)

// FuzzSession plays arbitrary client bytes against a session and checks
// that the server never panics, answers only with well-formed reply lines,
// and stores only messages with a sender and a recipient.
func FuzzSession(f *testing.F) {
	f.Add([]byte("EHLO c\r\nMAIL FROM:<a@example.com> SIZE=5\r\nRCPT TO:<b@example.com>\r\nDATA\r\n..x\r\n.\r\nQUIT\r\n"))
	f.Add([]byte("HELO c\r\nAUTH PLAIN\r\n" + plainResp("u", "p") + "\r\nMAIL FROM:<>\r\nRCPT TO:<@r:b@x>\r\nDATA\r\nabc\n.\n"))
	f.Add([]byte("EHLO c\r\nAUTH PLAIN AHUAcA==\r\nRSET\r\nNOOP\r\nVRFY x\r\nSTARTTLS\r\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		s := &Server{opts: Options{Username: "u", Password: "p", AllowInsecureAuth: true, MaxMessageBytes: 64},
			arrived: make(chan struct{}), conns: map[net.Conn]struct{}{}}
		client, server := net.Pipe()
		out := make(chan []byte)
		go func() {
			var b []byte
			buf := make([]byte, 4096)
			for {
				n, err := client.Read(buf)
				b = append(b, buf[:n]...)
				if err != nil {
					out <- b
					return
				}
			}
		}()
		done := make(chan struct{})
		go func() { s.serve(server); close(done) }()
		_ = client.SetWriteDeadline(time.Now().Add(5 * time.Second))
		_, _ = client.Write(in)
		_ = client.Close()
		<-done
		replies := <-out
		for len(replies) > 0 {
			loc := replyLine.FindIndex(replies)
			if loc == nil || loc[0] != 0 {
				t.Fatalf("malformed reply data %q", replies)
			}
			replies = replies[loc[1]:]
		}
		for _, m := range s.Messages() {
			if len(m.To) == 0 || m.User != "u" || len(m.Data) > 64 {
				t.Fatalf("stored message %+v", m)
			}
		}
	})
}

// FuzzParsePath checks that an accepted MAIL or RCPT path is short and
// free of control characters, whatever the client sent.
func FuzzParsePath(f *testing.F) {
	for _, s := range []string{"<a@example.com>", " <> SIZE=10", `<"a>b"@example.com> BODY=8BITMIME`, "<@r1,@r2:a@b>", "<a@b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		addr, _, err := parsePath(s, true)
		if err != nil {
			return
		}
		if len(addr) > 254 || strings.ContainsAny(addr, "\r\n\x00") {
			t.Fatalf("parsePath(%q) accepted %q", s, addr)
		}
	})
}
