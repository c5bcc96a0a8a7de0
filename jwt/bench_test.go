package jwt

import (
	"strings"
	"testing"
)

func benchCodecs(b *testing.B) map[string]*Codec {
	b.Helper()
	return map[string]*Codec{
		"v5": newCodec(b, Options{Secrets: []string{"bench-secret"}, Salt: SessionCookieV5}),
		"v4": newCodec(b, Options{Secrets: []string{"bench-secret"}, Version: V4}),
	}
}

var benchClaims = Claims{"name": "Ada Lovelace", "email": "ada@example.com", "picture": "https://example.com/ada.png", "sub": "8c5b1e2a-3f4d-4e6a-9b7c-1d2e3f4a5b6c"}

func BenchmarkEncode(b *testing.B) {
	for _, v := range []string{"v5", "v4"} {
		c := benchCodecs(b)[v]
		b.Run(v, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Encode(benchClaims); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	big := Claims{"sub": "x", "blob": strings.Repeat("z", 6000)}
	for _, tc := range []struct {
		name, v string
		claims  Claims
	}{{"v5", "v5", benchClaims}, {"v4", "v4", benchClaims}, {"v5-6KB", "v5", big}} {
		c := benchCodecs(b)[tc.v]
		tok := encode(b, c, tc.claims)
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Decode(tok); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecodeRotated measures a token encrypted with the last of three
// secrets (the worst case of rotation: kid lookup skips two keys).
func BenchmarkDecodeRotated(b *testing.B) {
	old := newCodec(b, Options{Secrets: []string{"s3"}, Salt: SessionCookieV5})
	c := newCodec(b, Options{Secrets: []string{"s1", "s2", "s3"}, Salt: SessionCookieV5})
	tok := encode(b, old, benchClaims)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Decode(tok); err != nil {
			b.Fatal(err)
		}
	}
}
