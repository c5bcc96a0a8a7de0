package smtptest

import (
	"bufio"
	"bytes"
	"crypto/subtle"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"strconv"
	"strings"
	"time"
)

// Limits on what a client may send. RFC 5321 section 4.5.3.1 sets 512
// octets for a command line; RFC 4954 section 4 allows 12288 for an AUTH
// line, and the larger bound is used for every line.
const (
	maxLineBytes  = 12288
	maxRecipients = 1000
	// ioTimeout bounds every read and write, so a stuck client cannot hold
	// Close forever.
	ioTimeout = 30 * time.Second
)

// errLineTooLong reports a command line over maxLineBytes; the rest of the
// line has been read and dropped.
var errLineTooLong = errors.New("smtptest: line too long")

// session is the state of one client connection (RFC 5321 section 4.1.4
// gives the order of commands).
type session struct {
	srv  *Server
	conn net.Conn
	tp   *textproto.Conn
	tls  bool

	greeted bool   // EHLO or HELO seen since the connection (re)started
	user    string // authenticated user name
	inMail  bool   // MAIL FROM accepted: a transaction is open
	from    string
	to      []string
}

// serve runs the SMTP dialogue on c until the client quits, the
// connection fails or the server closes.
func (s *Server) serve(c net.Conn) {
	_, isTLS := c.(*tls.Conn)
	ss := &session{srv: s, tls: isTLS}
	ss.attach(c)
	defer func() { _ = ss.conn.Close() }()
	if ss.reply(220, "localhost ESMTP smtptest ready") != nil {
		return
	}
	for {
		_ = ss.conn.SetDeadline(time.Now().Add(ioTimeout))
		line, err := readLine(ss.tp.R, maxLineBytes)
		if errors.Is(err, errLineTooLong) {
			if ss.reply(500, "5.5.6 Line too long") != nil {
				return
			}
			continue
		}
		if err != nil {
			return
		}
		if ss.handle(line) != nil {
			return
		}
	}
}

// attach makes c the session's connection (again after STARTTLS).
func (ss *session) attach(c net.Conn) {
	ss.conn = c
	ss.tp = textproto.NewConn(c)
}

// reply sends a one-line reply.
func (ss *session) reply(code int, text string) error {
	return ss.tp.PrintfLine("%d %s", code, text)
}

// replyLines sends a multi-line reply (RFC 5321 section 4.2.1).
func (ss *session) replyLines(code int, lines ...string) error {
	for i, l := range lines {
		sep := "-"
		if i == len(lines)-1 {
			sep = " "
		}
		if err := ss.tp.PrintfLine("%d%s%s", code, sep, l); err != nil {
			return err
		}
	}
	return nil
}

// reset ends the mail transaction (RSET, a new EHLO, or a finished DATA).
func (ss *session) reset() {
	ss.inMail, ss.from, ss.to = false, "", nil
}

// handle runs one command line. A non-nil error ends the session.
func (ss *session) handle(line string) error {
	verb, arg := parseCommand(line)
	switch verb {
	case "EHLO", "HELO":
		return ss.hello(verb, arg)
	case "STARTTLS":
		return ss.startTLS(arg)
	case "AUTH":
		return ss.auth(arg)
	case "MAIL":
		return ss.mail(arg)
	case "RCPT":
		return ss.rcpt(arg)
	case "DATA":
		return ss.data(arg)
	case "RSET":
		if arg != "" {
			return ss.reply(501, "5.5.4 RSET takes no argument")
		}
		ss.reset()
		return ss.reply(250, "2.0.0 OK")
	case "NOOP":
		return ss.reply(250, "2.0.0 OK")
	case "VRFY":
		return ss.reply(252, "2.5.0 Cannot VRFY user, but will accept the message")
	case "QUIT":
		_ = ss.reply(221, "2.0.0 Bye")
		return errClosed
	case "":
		return ss.reply(500, "5.5.2 Empty command")
	}
	return ss.reply(500, "5.5.2 Command not recognized")
}

func (ss *session) hello(verb, domain string) error {
	if domain == "" {
		return ss.reply(501, "5.5.4 Syntax: "+verb+" domain")
	}
	ss.reset()
	ss.greeted = true
	if verb == "HELO" {
		return ss.reply(250, "localhost")
	}
	lines := []string{"localhost greets " + domain, "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES",
		"SIZE " + strconv.Itoa(ss.srv.opts.MaxMessageBytes)}
	if ss.srv.opts.Mode == StartTLS && !ss.tls {
		lines = append(lines, "STARTTLS")
	}
	if ss.authOffered() {
		lines = append(lines, "AUTH PLAIN")
	}
	return ss.replyLines(250, lines...)
}

// authOffered reports whether AUTH PLAIN may be used now.
func (ss *session) authOffered() bool {
	o := ss.srv.opts
	return o.Username != "" && (ss.tls || o.AllowInsecureAuth)
}

// startTLS implements RFC 3207: after the handshake the client starts
// over with EHLO, and nothing learnt before it counts.
func (ss *session) startTLS(arg string) error {
	switch {
	case ss.srv.opts.Mode != StartTLS:
		return ss.reply(502, "5.5.1 STARTTLS not supported")
	case ss.tls:
		return ss.reply(503, "5.5.1 TLS already active")
	case arg != "":
		return ss.reply(501, "5.5.4 STARTTLS takes no argument")
	}
	if err := ss.reply(220, "2.0.0 Ready to start TLS"); err != nil {
		return err
	}
	tc := tls.Server(ss.conn, ss.srv.tlsCfg)
	if err := tc.Handshake(); err != nil {
		return errClosed
	}
	ss.attach(tc)
	ss.tls, ss.greeted, ss.user = true, false, ""
	ss.reset()
	return nil
}

// auth implements AUTH PLAIN (RFC 4954 with the PLAIN mechanism of RFC
// 4616), with the response on the command line or after a 334 challenge.
func (ss *session) auth(arg string) error {
	o := ss.srv.opts
	switch {
	case !ss.greeted:
		return ss.reply(503, "5.5.1 Send EHLO first")
	case o.Username == "":
		return ss.reply(502, "5.5.1 AUTH not supported")
	case !ss.authOffered():
		return ss.reply(538, "5.7.11 Encryption required for requested authentication mechanism")
	case ss.user != "":
		return ss.reply(503, "5.5.1 Already authenticated")
	case ss.inMail:
		return ss.reply(503, "5.5.1 AUTH not allowed during a mail transaction")
	}
	mech, resp, _ := strings.Cut(arg, " ")
	if !strings.EqualFold(mech, "PLAIN") {
		return ss.reply(504, "5.5.4 Unrecognized authentication type")
	}
	if resp == "" {
		if err := ss.tp.PrintfLine("334 "); err != nil {
			return err
		}
		line, err := readLine(ss.tp.R, maxLineBytes)
		if err != nil {
			return errClosed
		}
		resp = line
	}
	if resp == "*" {
		return ss.reply(501, "5.0.0 Authentication cancelled")
	}
	user, pass, ok := parsePlain(resp)
	if !ok {
		return ss.reply(501, "5.5.2 Cannot decode the AUTH PLAIN response")
	}
	userOK := subtle.ConstantTimeCompare([]byte(user), []byte(o.Username)) == 1
	passOK := subtle.ConstantTimeCompare([]byte(pass), []byte(o.Password)) == 1
	if !userOK || !passOK {
		return ss.reply(535, "5.7.8 Authentication credentials invalid")
	}
	ss.user = user
	return ss.reply(235, "2.7.0 Authentication successful")
}

// parsePlain decodes an AUTH PLAIN response: base64 of
// authzid NUL authcid NUL passwd ("=" stands for an empty response).
func parsePlain(resp string) (user, pass string, ok bool) {
	if resp == "=" {
		return "", "", false
	}
	b, err := base64.StdEncoding.DecodeString(resp)
	if err != nil {
		return "", "", false
	}
	parts := bytes.Split(b, []byte{0})
	if len(parts) != 3 || len(parts[1]) == 0 {
		return "", "", false
	}
	return string(parts[1]), string(parts[2]), true
}

func (ss *session) mail(arg string) error {
	switch {
	case !ss.greeted:
		return ss.reply(503, "5.5.1 Send EHLO or HELO first")
	case ss.inMail:
		return ss.reply(503, "5.5.1 Nested MAIL command")
	case ss.srv.opts.Username != "" && ss.user == "":
		return ss.reply(530, "5.7.0 Authentication required")
	}
	rest, ok := cutPrefixFold(arg, "FROM:")
	if !ok {
		return ss.reply(501, "5.5.4 Syntax: MAIL FROM:<address>")
	}
	from, params, err := parsePath(rest, true)
	if err != nil {
		return ss.reply(501, "5.1.7 "+err.Error())
	}
	for _, p := range params {
		key, val, _ := strings.Cut(p, "=")
		switch strings.ToUpper(key) {
		case "SIZE":
			n, err := strconv.ParseInt(val, 10, 64)
			if err != nil || n < 0 {
				return ss.reply(501, "5.5.4 SIZE is not a number")
			}
			if n > int64(ss.srv.opts.MaxMessageBytes) {
				return ss.reply(552, "5.3.4 Message size exceeds fixed maximum message size")
			}
		case "BODY":
			if v := strings.ToUpper(val); v != "7BIT" && v != "8BITMIME" {
				return ss.reply(501, "5.5.4 BODY is 7BIT or 8BITMIME")
			}
		case "SMTPUTF8", "AUTH":
		default:
			return ss.reply(555, "5.5.4 Unsupported MAIL parameter "+strconv.Quote(key))
		}
	}
	ss.inMail, ss.from = true, from
	return ss.reply(250, "2.1.0 OK")
}

func (ss *session) rcpt(arg string) error {
	if !ss.inMail {
		return ss.reply(503, "5.5.1 Send MAIL first")
	}
	rest, ok := cutPrefixFold(arg, "TO:")
	if !ok {
		return ss.reply(501, "5.5.4 Syntax: RCPT TO:<address>")
	}
	to, params, err := parsePath(rest, false)
	if err != nil {
		return ss.reply(501, "5.1.3 "+err.Error())
	}
	if len(params) > 0 {
		return ss.reply(555, "5.5.4 RCPT parameters are not supported")
	}
	if len(ss.to) >= maxRecipients {
		return ss.reply(452, "4.5.3 Too many recipients")
	}
	if f := ss.srv.opts.RejectRecipient; f != nil {
		if err := f(to); err != nil {
			return ss.reply(550, "5.1.1 "+oneLine(err.Error()))
		}
	}
	ss.to = append(ss.to, to)
	return ss.reply(250, "2.1.5 OK")
}

func (ss *session) data(arg string) error {
	switch {
	case arg != "":
		return ss.reply(501, "5.5.4 DATA takes no argument")
	case !ss.inMail:
		return ss.reply(503, "5.5.1 Send MAIL first")
	case len(ss.to) == 0:
		return ss.reply(554, "5.5.1 No valid recipients")
	}
	if err := ss.reply(354, "Start mail input; end with <CRLF>.<CRLF>"); err != nil {
		return err
	}
	_ = ss.conn.SetDeadline(time.Now().Add(ioTimeout))
	body, tooBig, err := readData(ss.tp.R, ss.srv.opts.MaxMessageBytes)
	if err != nil {
		return errClosed
	}
	m := Message{From: ss.from, To: ss.to, Data: body, User: ss.user, TLS: ss.tls}
	ss.reset()
	if tooBig {
		return ss.reply(552, "5.3.4 Message too big")
	}
	ss.srv.deliver(m)
	return ss.reply(250, "2.0.0 OK: queued")
}

// readLine reads one line of at most limit bytes and returns it without
// its line ending. A longer line is read to its end, dropped, and reported
// as errLineTooLong.
func readLine(r *bufio.Reader, limit int) (string, error) {
	var line []byte
	tooLong := false
	for {
		chunk, err := r.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > limit+2 { // +2: the CRLF
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			return "", err
		}
		if tooLong {
			return "", errLineTooLong
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		return string(line), nil
	}
}

// readData reads a message after DATA up to the line holding a single dot,
// removing the dot RFC 5321 section 4.5.2 adds to lines that start with
// one. The line endings stay as sent. A message over limit bytes is read to
// its end and dropped, with tooBig set. io.ErrUnexpectedEOF means the
// connection ended before the final dot.
func readData(r *bufio.Reader, limit int) (data []byte, tooBig bool, err error) {
	atLineStart := true
	for {
		chunk, err := r.ReadSlice('\n')
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return nil, false, err
		}
		if atLineStart {
			if s := string(chunk); s == ".\r\n" || s == ".\n" {
				return data, tooBig, nil
			}
			chunk = bytes.TrimPrefix(chunk, []byte("."))
		}
		atLineStart = err == nil // the chunk ended with '\n'
		if tooBig {
			continue
		}
		if len(data)+len(chunk) > limit {
			tooBig, data = true, nil
			continue
		}
		data = append(data, chunk...)
	}
}

// parseCommand splits a command line into its upper-cased verb and the
// rest, trimmed.
func parseCommand(line string) (verb, arg string) {
	verb, arg, _ = strings.Cut(strings.TrimSpace(line), " ")
	return strings.ToUpper(verb), strings.TrimSpace(arg)
}

// cutPrefixFold is strings.CutPrefix ignoring ASCII case.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}

// parsePath parses the argument after "MAIL FROM:" or "RCPT TO:": an
// address in angle brackets (RFC 5321 section 4.1.2), optionally after a
// source route, which is dropped (section 4.1.1.3), then parameters. The
// null path "<>" is allowed only when nullOK (MAIL FROM).
func parsePath(s string, nullOK bool) (addr string, params []string, err error) {
	s = strings.TrimLeft(s, " ")
	if !strings.HasPrefix(s, "<") {
		return "", nil, errors.New("the address must be in angle brackets")
	}
	end, quoted, escaped := -1, false, false
	for i := 1; i < len(s) && end < 0; i++ {
		switch c := s[i]; {
		case escaped:
			escaped = false
		case c == '\\' && quoted:
			escaped = true
		case c == '"':
			quoted = !quoted
		case c == '>' && !quoted:
			end = i
		}
	}
	if end < 0 {
		return "", nil, errors.New("no closing angle bracket")
	}
	addr = s[1:end]
	if strings.HasPrefix(addr, "@") {
		_, after, ok := strings.Cut(addr, ":")
		if !ok {
			return "", nil, errors.New("a source route must end with a colon")
		}
		addr = after
	}
	switch {
	case len(addr) > 254:
		return "", nil, errors.New("the address is longer than 254 octets")
	case strings.ContainsFunc(addr, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return "", nil, errors.New("the address contains a control character")
	case addr == "" && !nullOK:
		return "", nil, errors.New("the null address is not allowed here")
	case addr != "" && !strings.Contains(addr, "@") && !strings.EqualFold(addr, "postmaster"):
		return "", nil, fmt.Errorf("%q has no domain", addr)
	}
	return addr, strings.Fields(s[end+1:]), nil
}

// oneLine makes text fit in a reply line.
func oneLine(text string) string {
	return strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, text)
}
