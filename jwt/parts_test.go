package jwt

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

// TestPartLengthsRejected checks that an initialization vector or tag of
// the wrong length is refused as a decryption failure (AES-GCM would panic
// on a nonce of the wrong size if it reached the cipher), for both content
// encryptions.
func TestPartLengthsRejected(t *testing.T) {
	codecs := []struct {
		name string
		opts Options
	}{
		{"v5 A256CBC-HS512", Options{Secrets: []string{"s"}, Salt: SessionCookieV5}},
		{"v4 A256GCM", Options{Secrets: []string{"s"}, Version: V4}},
	}
	b64 := base64.RawURLEncoding
	edits := []struct {
		name string
		part int
		edit func([]byte) []byte
	}{
		{"iv one byte short", 2, func(b []byte) []byte { return b[:len(b)-1] }},
		{"iv one byte long", 2, func(b []byte) []byte { return append(b, 0) }},
		{"tag one byte short", 4, func(b []byte) []byte { return b[:len(b)-1] }},
		{"tag one byte long", 4, func(b []byte) []byte { return append(b, 0) }},
		{"tag moved into ciphertext", 3, func(b []byte) []byte { return append(b, 0) }},
	}
	for _, cc := range codecs {
		c := newCodec(t, cc.opts)
		tok, err := c.Encode(Claims{"sub": "u"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Decode(tok); err != nil {
			t.Fatalf("%s: unedited token: %v", cc.name, err)
		}
		for _, e := range edits {
			t.Run(cc.name+"/"+e.name, func(t *testing.T) {
				parts := strings.Split(tok, ".")
				raw, err := b64.DecodeString(parts[e.part])
				if err != nil {
					t.Fatal(err)
				}
				parts[e.part] = b64.EncodeToString(e.edit(raw))
				if _, err := c.Decode(strings.Join(parts, ".")); !errors.Is(err, ErrDecryption) {
					t.Fatalf("Decode = %v, want ErrDecryption", err)
				}
			})
		}
	}
}
