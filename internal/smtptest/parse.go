package smtptest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
)

// Parsed is a decoded message.
type Parsed struct {
	// Header is the top-level header, as received.
	Header mail.Header
	// Subject is the decoded Subject header.
	Subject string
	// Text and HTML are the decoded text/plain and text/html bodies; empty
	// when the message has no such part.
	Text, HTML string
	// ContentType is the top-level media type, e.g. "multipart/alternative".
	ContentType string
}

// Parse decodes the message: its header, and its text/plain and text/html
// parts whether the message is a single part or multipart (nested
// multiparts included), undoing quoted-printable and base64 transfer
// encodings.
func (m Message) Parse() (*Parsed, error) { return ParseMessage(m.Data) }

// ParseMessage decodes a raw RFC 5322 message; see Message.Parse.
func ParseMessage(raw []byte) (*Parsed, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("smtptest: read message: %w", err)
	}
	p := &Parsed{Header: msg.Header}
	dec := new(mime.WordDecoder)
	if p.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return nil, fmt.Errorf("smtptest: decode subject: %w", err)
	}
	ct := msg.Header.Get("Content-Type")
	if ct == "" {
		ct = "text/plain"
	}
	mediaType, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return nil, fmt.Errorf("smtptest: top-level Content-Type %q: %w", ct, err)
	}
	p.ContentType = mediaType
	if err := p.walk(ct, msg.Header.Get("Content-Transfer-Encoding"), msg.Body, 0); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Parsed) walk(contentType, cte string, body io.Reader, depth int) error {
	if depth > 10 {
		return errors.New("smtptest: multipart nested too deeply")
	}
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return fmt.Errorf("smtptest: Content-Type %q: %w", contentType, err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("smtptest: multipart: %w", err)
			}
			pct := part.Header.Get("Content-Type")
			if pct == "" {
				pct = "text/plain"
			}
			// multipart.Part removes a quoted-printable encoding itself and
			// deletes the header; other encodings remain to undo.
			if err := p.walk(pct, part.Header.Get("Content-Transfer-Encoding"), part, depth+1); err != nil {
				return err
			}
		}
	}
	data, err := decodeBody(cte, body)
	if err != nil {
		return err
	}
	switch mediaType {
	case "text/plain":
		if p.Text == "" {
			p.Text = string(data)
		}
	case "text/html":
		if p.HTML == "" {
			p.HTML = string(data)
		}
	}
	return nil
}

func decodeBody(cte string, r io.Reader) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, &newlineStripper{r: r})
	case "", "7bit", "8bit", "binary":
	default:
		return nil, fmt.Errorf("smtptest: unknown Content-Transfer-Encoding %q", cte)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("smtptest: decode %s body: %w", cte, err)
	}
	return data, nil
}

// newlineStripper drops CR and LF so base64 lines decode as one stream.
type newlineStripper struct{ r io.Reader }

func (n *newlineStripper) Read(p []byte) (int, error) {
	for {
		k, err := n.r.Read(p)
		j := 0
		for _, b := range p[:k] {
			if b != '\r' && b != '\n' {
				p[j] = b
				j++
			}
		}
		if j > 0 || err != nil {
			return j, err
		}
	}
}

// FindLink returns the first link in body that starts with prefix. Links end
// at whitespace, '"', '\”, '<' or '>'. HTML character references in the
// link (&amp;) are decoded, so the same call works on Parsed.Text and
// Parsed.HTML. It returns an error when there is no such link.
func FindLink(body, prefix string) (string, error) {
	if prefix == "" {
		return "", errors.New("smtptest: FindLink needs a non-empty prefix such as \"http\"")
	}
	i := strings.Index(body, prefix)
	if i < 0 {
		// The prefix itself may be HTML-escaped in an attribute.
		esc := html.EscapeString(prefix)
		if i = strings.Index(body, esc); i < 0 {
			return "", fmt.Errorf("smtptest: no link starting with %q in the body", prefix)
		}
	}
	rest := body[i:]
	end := strings.IndexAny(rest, " \t\r\n\"'<>")
	if end >= 0 {
		rest = rest[:end]
	}
	return html.UnescapeString(rest), nil
}
