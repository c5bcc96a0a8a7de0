package redisadapter

import (
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// FuzzKeyNames checks that different (identifier, token) and (provider,
// provider account) pairs never share a key, whatever the strings hold.
func FuzzKeyNames(f *testing.F) {
	f.Add("a", "b:c", "a:b", "c")
	f.Add("1:x", "y", "1", "x:y")
	f.Add("{", "}", "", "{}")
	a := &Adapter{prefix: DefaultPrefix, base: DefaultPrefix + "{" + DefaultPrefix + "id}:"}
	f.Fuzz(func(t *testing.T, i1, t1, i2, t2 string) {
		if i1 == i2 && t1 == t2 {
			return
		}
		if a.tokenKey(i1, t1) == a.tokenKey(i2, t2) {
			t.Fatalf("tokenKey(%q, %q) == tokenKey(%q, %q)", i1, t1, i2, t2)
		}
		if a.accountKey(i1, t1) == a.accountKey(i2, t2) {
			t.Fatalf("accountKey(%q, %q) == accountKey(%q, %q)", i1, t1, i2, t2)
		}
	})
}

// FuzzParseSession feeds arbitrary stored values (which come over the
// network from Redis) to the session decoder: it must not panic, and a
// value it wrote itself must read back unchanged.
func FuzzParseSession(f *testing.F) {
	f.Add("1700000000000 user-1", int64(1700000000000), "user 1")
	f.Add("", int64(-1), "")
	f.Add("x y", int64(0), " ")
	f.Fuzz(func(t *testing.T, raw string, msec int64, uid string) {
		_, _ = parseSession("tok", raw)
		s := &adapter.Session{SessionToken: "tok", UserID: uid, Expires: time.UnixMilli(msec)}
		got, err := parseSession("tok", sessionValue(s))
		if err != nil {
			t.Fatalf("parseSession(sessionValue(%+v)): %v", s, err)
		}
		if got.UserID != uid || !got.Expires.Equal(s.Expires) || got.Expires.Location() != time.UTC {
			t.Fatalf("round trip of %+v gave %+v", s, got)
		}
	})
}

// FuzzDecodeHashes feeds arbitrary hashes, as Redis could return them, to
// the user, account and passkey decoders: they must return a value or an
// error, never panic.
func FuzzDecodeHashes(f *testing.F) {
	f.Add("ev", "12", "x:role", `"admin"`)
	f.Add("exp", "not a number", "extra", "{")
	f.Add("counter", "9223372036854775808", "bu", "maybe")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		h := []any{"id", "u", k1, v1, k2, v2}
		_, _ = decodeUser("fuzz", h)
		_, _ = decodeAccount("fuzz", h)
		_, _ = decodeAuthenticator("fuzz", h)
		_, _ = decodeUser("fuzz", h[:5]) // odd length
	})
}
