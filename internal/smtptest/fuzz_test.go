package smtptest

import (
	"os"
	"strings"
	"testing"
)

// FuzzParseMessage feeds arbitrary bytes to the message parser (which reads
// what arrives over SMTP) and checks that it never panics, and that a link
// FindLink returns starts with the prefix.
func FuzzParseMessage(f *testing.F) {
	raw, err := os.ReadFile("testdata/multipart.eml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add([]byte("Subject: x\r\nContent-Transfer-Encoding: base64\r\n\r\naGk=\r\n"))
	f.Add([]byte("Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\n\r\nhttps://x\r\n--b--\r\n--a--\r\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := ParseMessage(raw)
		if err != nil {
			return
		}
		for _, body := range []string{p.Text, p.HTML} {
			link, err := FindLink(body, "https://")
			if err != nil {
				continue
			}
			if !strings.HasPrefix(link, "https://") {
				t.Fatalf("link %q lacks the prefix", link)
			}
		}
	})
}
