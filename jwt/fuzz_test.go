package jwt

import (
	"net/http/httptest"
	"testing"
	"time"
)

// FuzzDecode feeds arbitrary tokens to both codec versions: Decode must
// never panic, every error must be one of the typed ones, and a token it
// accepts must re-encode.
func FuzzDecode(f *testing.F) {
	v5 := newCodec(f, Options{Secrets: []string{"fuzz"}, Salt: SessionCookieV5})
	v4 := newCodec(f, Options{Secrets: []string{"fuzz"}, Version: V4})
	f.Add(encode(f, v5, Claims{"sub": "1", "name": "x"}))
	f.Add(encode(f, v4, Claims{"sub": "1"}))
	for _, v := range loadVectors(f).Vectors[:8] {
		f.Add(v.Token)
	}
	for _, s := range []string{"", "....", "a.b.c.d.e", "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..AAAA.AAAA.AAAA", "eyJhbGciOiJkaXIifQ.."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		for _, c := range []*Codec{v5, v4} {
			claims, err := c.Decode(tok)
			if err != nil {
				if !typed(err) {
					t.Fatalf("untyped error %v", err)
				}
				continue
			}
			if claims == nil {
				t.Fatal("nil claims without error")
			}
			if _, err := c.Encode(claims); err != nil {
				t.Fatalf("accepted claims do not re-encode: %v", err)
			}
		}
	})
}

// FuzzGetToken feeds arbitrary Cookie and Authorization headers to a
// Getter: no panic, and only typed errors.
func FuzzGetToken(f *testing.F) {
	g, err := NewGetter(GetterOptions{Secrets: []string{"fuzz"}, Now: func() time.Time { return t0 }})
	if err != nil {
		f.Fatal(err)
	}
	tok := encode(f, newCodec(f, Options{Secrets: []string{"fuzz"}, Salt: SessionCookieV5}), Claims{"sub": "1"})
	f.Add("authjs.session-token="+tok, "")
	f.Add("authjs.session-token.1="+tok[10:]+"; authjs.session-token.0="+tok[:10], "")
	f.Add("", "Bearer "+tok)
	f.Add("__Secure-authjs.session-token=%zz", "Bearer %")
	f.Fuzz(func(t *testing.T, cookie, auth string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Cookie", cookie)
		r.Header.Set("Authorization", auth)
		_, err := g.GetToken(r)
		if err != nil && err != ErrNoToken && !typed(err) {
			t.Fatalf("untyped error %v", err)
		}
		_ = ReadChunked(r, SessionCookieV5)
	})
}
