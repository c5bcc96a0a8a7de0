package jwt

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

var t0 = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

func fixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }

func newCodec(t testing.TB, opts Options) *Codec {
	t.Helper()
	if opts.Now == nil {
		opts.Now = fixedClock(t0)
	}
	c, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func encode(t testing.TB, c *Codec, claims Claims) string {
	t.Helper()
	tok, err := c.Encode(claims)
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return tok
}

func protectedHeader(t testing.TB, tok string) map[string]any {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[0])
	if err != nil {
		t.Fatal(err)
	}
	var h map[string]any
	if err := json.Unmarshal(raw, &h); err != nil {
		t.Fatal(err)
	}
	return h
}

// typed reports whether err is one of the package's sentinel errors.
func typed(err error) bool {
	for _, s := range []error{ErrMalformed, ErrDecryption, ErrDisallowedAlgorithm, ErrExpired, ErrNotYetValid} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

func TestRoundTrip(t *testing.T) {
	claims := Claims{
		"name": "Ada", "email": "ada@example.com", "picture": nil, "sub": "u1",
		"roles": []any{"admin"}, "nested": map[string]any{"n": 3, "s": "é🦊\u2028"},
		"iat": 1, "exp": 2, "jti": "given", // replaced by Encode
	}
	before := normalize(t, claims)
	tests := []struct {
		name string
		opts Options
		enc  string
		kid  bool
	}{
		{"v5 insecure", Options{Secrets: []string{"s1"}, Salt: SessionCookieV5}, "A256CBC-HS512", true},
		{"v5 secure", Options{Secrets: []string{"s1"}, Salt: SecureSessionCookieV5}, "A256CBC-HS512", true},
		{"v5 max age", Options{Secrets: []string{"s1"}, Salt: SessionCookieV5, MaxAge: time.Hour}, "A256CBC-HS512", true},
		{"v4", Options{Secrets: []string{"s1"}, Version: V4}, "A256GCM", false},
		{"v4 check cookie", Options{Secrets: []string{"s1"}, Version: V4, Salt: "next-auth.state", MaxAge: 15 * time.Minute}, "A256GCM", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCodec(t, tt.opts)
			tok := encode(t, c, claims)
			h := protectedHeader(t, tok)
			if h["alg"] != "dir" || h["enc"] != tt.enc {
				t.Fatalf("header %v", h)
			}
			if kid, ok := h["kid"]; ok != tt.kid || (tt.kid && kid != c.keys[0].cbc.kid) {
				t.Fatalf("kid %v, want present=%v (%s)", kid, tt.kid, c.keys[0].cbc.kid)
			}
			got, err := c.Decode(tok)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !got.IssuedAt().Equal(t0) || !got.ExpiresAt().Equal(t0.Add(c.MaxAge())) {
				t.Fatalf("iat %v exp %v", got.IssuedAt(), got.ExpiresAt())
			}
			if len(got.ID()) != 36 || got.ID() == "given" {
				t.Fatalf("jti %q", got.ID())
			}
			if got.Subject() != "u1" || got.Name() != "Ada" || got.Email() != "ada@example.com" || got.Picture() != "" {
				t.Fatalf("accessors: %v", got)
			}
			for k := range claims {
				if k == "iat" || k == "exp" || k == "jti" {
					continue
				}
				if !reflect.DeepEqual(normalize(t, got[k]), normalize(t, claims[k])) {
					t.Errorf("claim %s: got %v want %v", k, got[k], claims[k])
				}
			}
			// Numbers come back as json.Number and re-encode identically.
			if _, ok := got["iat"].(json.Number); !ok {
				t.Errorf("iat is %T, want json.Number", got["iat"])
			}
			if !reflect.DeepEqual(normalize(t, claims), before) {
				t.Fatal("Encode modified its argument")
			}
			if tok2 := encode(t, c, claims); tok2 == tok {
				t.Fatal("two encodings are identical (IV and jti must be random)")
			}
		})
	}
}

func TestEncodeNilAndUnencodable(t *testing.T) {
	c := newCodec(t, Options{Secrets: []string{"s"}, Salt: SessionCookieV5})
	got, err := c.Decode(encode(t, c, nil))
	if err != nil || len(got) != 3 {
		t.Fatalf("nil claims: %v %v", got, err)
	}
	if _, err := c.Encode(Claims{"ch": make(chan int)}); err == nil || !strings.Contains(err.Error(), "JSON") {
		t.Fatalf("unencodable claims: %v", err)
	}
}

func TestEveryByteFlippedIsRejected(t *testing.T) {
	for _, opts := range []Options{
		{Secrets: []string{"flip"}, Salt: SessionCookieV5},
		{Secrets: []string{"flip"}, Version: V4},
	} {
		c := newCodec(t, opts)
		tok := encode(t, c, Claims{"sub": "u1", "name": "x"})
		for i := 0; i < len(tok); i++ {
			for _, repl := range []byte{tok[i] ^ 0x01, tok[i] ^ 0x20, '.', '=', 'A', '_'} {
				if repl == tok[i] {
					continue
				}
				bad := tok[:i] + string(repl) + tok[i+1:]
				_, err := c.Decode(bad)
				if err == nil {
					t.Fatalf("%v: byte %d changed %q→%q accepted", opts.Version, i, tok[i], repl)
				}
				if !typed(err) {
					t.Fatalf("%v: byte %d: untyped error %v", opts.Version, i, err)
				}
			}
		}
		// Truncations and extensions.
		for _, bad := range []string{tok[:len(tok)-1], tok + "A", tok + ".", "." + tok, tok[1:]} {
			if _, err := c.Decode(bad); err == nil || !typed(err) {
				t.Fatalf("altered length accepted or untyped: %v", err)
			}
		}
	}
}

func TestWrongSecretOrSalt(t *testing.T) {
	c := newCodec(t, Options{Secrets: []string{"right"}, Salt: SessionCookieV5})
	tok := encode(t, c, Claims{"sub": "1"})
	tests := []struct {
		name string
		opts Options
		want error
	}{
		{"wrong secret", Options{Secrets: []string{"wrong"}, Salt: SessionCookieV5}, ErrDecryption},
		{"wrong salt", Options{Secrets: []string{"right"}, Salt: SecureSessionCookieV5}, ErrDecryption},
		{"v4 codec", Options{Secrets: []string{"right"}, Version: V4}, ErrDisallowedAlgorithm},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newCodec(t, tt.opts).Decode(tok)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Decode = %v, want %v", err, tt.want)
			}
			if strings.Contains(err.Error(), "right") {
				t.Fatal("error mentions the secret")
			}
		})
	}
	// A v4 token is A256GCM without kid: v5 accepts the enc but its key differs.
	v4tok := encode(t, newCodec(t, Options{Secrets: []string{"right"}, Version: V4}), Claims{"sub": "1"})
	if _, err := newCodec(t, Options{Secrets: []string{"right"}, Salt: SessionCookieV5}).Decode(v4tok); !errors.Is(err, ErrDecryption) {
		t.Fatalf("v4 token under v5: %v", err)
	}
}

func TestTimeClaims(t *testing.T) {
	c := newCodec(t, Options{Secrets: []string{"s"}, Salt: SessionCookieV5, MaxAge: time.Hour})
	tok := encode(t, c, Claims{"sub": "1"})
	exp := t0.Add(time.Hour)
	tests := []struct {
		name  string
		now   time.Time
		want  error
		claim string
	}{
		{"fresh", t0, nil, ""},
		{"at exp", exp, nil, ""},
		{"exp + 14s tolerated", exp.Add(14 * time.Second), nil, ""},
		{"exp + 15s expired", exp.Add(15 * time.Second), ErrExpired, "exp"},
		{"long expired", exp.Add(24 * time.Hour), ErrExpired, "exp"},
		{"iat 15s ahead tolerated", t0.Add(-15 * time.Second), nil, ""},
		{"iat 16s ahead", t0.Add(-16 * time.Second), ErrNotYetValid, "iat"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newCodec(t, Options{Secrets: []string{"s"}, Salt: SessionCookieV5, Now: fixedClock(tt.now)})
			_, err := d.Decode(tok)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				return
			}
			var ce *ClaimError
			if !errors.Is(err, tt.want) || !errors.As(err, &ce) || ce.Claim != tt.claim {
				t.Fatalf("Decode = %v, want %v on %s", err, tt.want, tt.claim)
			}
			if !ce.Now.Equal(tt.now) {
				t.Fatalf("ClaimError.Now %v", ce.Now)
			}
		})
	}
	// nbf is kept as given by Encode and checked by Decode.
	for _, tt := range []struct {
		nbf  time.Duration
		want error
	}{{15 * time.Second, nil}, {16 * time.Second, ErrNotYetValid}, {-time.Hour, nil}} {
		tok := encode(t, c, Claims{"nbf": t0.Add(tt.nbf).Unix()})
		if _, err := c.Decode(tok); !errors.Is(err, tt.want) && !(tt.want == nil && err == nil) {
			t.Errorf("nbf now%+v: %v, want %v", tt.nbf, err, tt.want)
		}
	}
	// A longer tolerance is honoured.
	lax := newCodec(t, Options{Secrets: []string{"s"}, Salt: SessionCookieV5, ClockTolerance: time.Minute, Now: fixedClock(exp.Add(59 * time.Second))})
	if _, err := lax.Decode(tok); err != nil {
		t.Fatalf("tolerance 1m: %v", err)
	}
}

// rawToken encrypts plain with c's first key, header as given, bypassing
// Encode's claims, to build tokens Encode never writes.
func rawToken(t testing.TB, enc jose.ContentEncryption, key []byte, kid string, plain string, opts *jose.EncrypterOptions) string {
	t.Helper()
	e, err := jose.NewEncrypter(enc, jose.Recipient{Algorithm: jose.DIRECT, Key: key, KeyID: kid}, opts)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := e.Encrypt([]byte(plain))
	if err != nil {
		t.Fatal(err)
	}
	s, err := obj.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDisallowedAlgorithms(t *testing.T) {
	c := newCodec(t, Options{Secrets: []string{"s"}, Salt: SessionCookieV5})
	k := c.keys[0]
	good := `{"sub":"1","exp":` + jsonNum(t0.Add(time.Hour).Unix()) + `}`
	b64 := base64.RawURLEncoding.EncodeToString
	fakeParts := ".." + b64(make([]byte, 16)) + "." + b64([]byte("ciphertext")) + "." + b64(make([]byte, 32))
	kw, err := jose.NewEncrypter(jose.A256CBC_HS512, jose.Recipient{Algorithm: jose.A256KW, Key: k.gcm.raw}, nil)
	if err != nil {
		t.Fatal(err)
	}
	kwObj, _ := kw.Encrypt([]byte(good))
	kwTok, _ := kwObj.CompactSerialize()

	tests := []struct {
		name, tok, param string
	}{
		{"A128GCM", rawToken(t, jose.A128GCM, k.gcm.raw[:16], "", good, nil), "enc"},
		{"A192CBC-HS384", rawToken(t, jose.A192CBC_HS384, k.cbc.raw[:48], "", good, nil), "enc"},
		{"A128CBC-HS256", rawToken(t, jose.A128CBC_HS256, k.gcm.raw, "", good, nil), "enc"},
		{"A256KW key wrap", kwTok, "alg"},
		{"zip DEF", rawToken(t, jose.A256CBC_HS512, k.cbc.raw, k.cbc.kid, good, &jose.EncrypterOptions{Compression: jose.DEFLATE}), "zip"},
		{"crit", rawToken(t, jose.A256CBC_HS512, k.cbc.raw, k.cbc.kid, good, (&jose.EncrypterOptions{}).WithHeader("crit", []string{"exp"})), "crit"},
		{"alg none", b64([]byte(`{"alg":"none","enc":"A256CBC-HS512"}`)) + fakeParts, "alg"},
		{"alg missing", b64([]byte(`{"enc":"A256CBC-HS512"}`)) + fakeParts, "alg"},
		{"enc missing", b64([]byte(`{"alg":"dir"}`)) + fakeParts, "enc"},
		{"alg HS256", b64([]byte(`{"alg":"HS256","enc":"A256CBC-HS512"}`)) + fakeParts, "alg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Decode(tt.tok)
			var ae *AlgorithmError
			if !errors.Is(err, ErrDisallowedAlgorithm) || !errors.As(err, &ae) || ae.Param != tt.param {
				t.Fatalf("Decode = %v, want *AlgorithmError on %s", err, tt.param)
			}
		})
	}
	// The allowed alternative: v5 reads dir + A256GCM with the 32-byte v5 key.
	gcm := rawToken(t, jose.A256GCM, k.gcm.raw, k.gcm.kid, good, nil)
	if got, err := c.Decode(gcm); err != nil || got.Subject() != "1" {
		t.Fatalf("v5 A256GCM: %v %v", got, err)
	}
	// ... but V4 refuses A256CBC-HS512.
	v5tok := encode(t, c, Claims{})
	var ae *AlgorithmError
	if _, err := newCodec(t, Options{Secrets: []string{"s"}, Version: V4}).Decode(v5tok); !errors.As(err, &ae) || ae.Param != "enc" {
		t.Fatalf("V4 decoding A256CBC-HS512: %v", err)
	}
}

func jsonNum(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestMalformed(t *testing.T) {
	c := newCodec(t, Options{Secrets: []string{"s"}, Salt: SessionCookieV5})
	k := c.keys[0].cbc
	exp := jsonNum(t0.Add(time.Hour).Unix())
	b64 := base64.RawURLEncoding.EncodeToString
	tests := []struct{ name, tok string }{
		{"empty", ""},
		{"jws", "a.b.c"},
		{"six parts", "a.b.c.d.e.f"},
		{"header not base64", "!!!.." + "AAAA.AAAA.AAAA"},
		{"header not json", b64([]byte("nope")) + "..AAAA.AAAA.AAAA"},
		{"header array", b64([]byte(`["dir"]`)) + "..AAAA.AAAA.AAAA"},
		{"header alg number", b64([]byte(`{"alg":1,"enc":"A256GCM"}`)) + "..AAAA.AAAA.AAAA"},
		{"encrypted key present", b64([]byte(`{"alg":"dir","enc":"A256CBC-HS512"}`)) + ".AAAA.AAAA.AAAA.AAAA"},
		{"iv empty", b64([]byte(`{"alg":"dir","enc":"A256CBC-HS512"}`)) + "...AAAA.AAAA"},
		{"payload array", rawToken(t, jose.A256CBC_HS512, k.raw, k.kid, `[1,2]`, nil)},
		{"payload null", rawToken(t, jose.A256CBC_HS512, k.raw, k.kid, `null`, nil)},
		{"payload not json", rawToken(t, jose.A256CBC_HS512, k.raw, k.kid, `{"exp":`, nil)},
		{"payload trailing data", rawToken(t, jose.A256CBC_HS512, k.raw, k.kid, `{"exp":`+exp+`} {}`, nil)},
		{"no exp", rawToken(t, jose.A256CBC_HS512, k.raw, k.kid, `{"sub":"1"}`, nil)},
		{"exp string", rawToken(t, jose.A256CBC_HS512, k.raw, k.kid, `{"exp":"`+exp+`"}`, nil)},
		{"iat string", rawToken(t, jose.A256CBC_HS512, k.raw, k.kid, `{"exp":`+exp+`,"iat":"x"}`, nil)},
		{"nbf null", rawToken(t, jose.A256CBC_HS512, k.raw, k.kid, `{"exp":`+exp+`,"nbf":null}`, nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := c.Decode(tt.tok); !errors.Is(err, ErrMalformed) {
				t.Fatalf("Decode = %v, want ErrMalformed", err)
			}
		})
	}
	// Float and exponent forms of exp are numbers, as in JavaScript.
	for _, e := range []string{exp + ".5", "1e12"} {
		if _, err := c.Decode(rawToken(t, jose.A256CBC_HS512, k.raw, k.kid, `{"exp":`+e+`}`, nil)); err != nil {
			t.Errorf("exp %s: %v", e, err)
		}
	}
}

func TestSecretRotation(t *testing.T) {
	old := newCodec(t, Options{Secrets: []string{"old"}, Salt: SessionCookieV5})
	rotated := newCodec(t, Options{Secrets: []string{"new", "old"}, Salt: SessionCookieV5})
	oldTok := encode(t, old, Claims{"sub": "before"})
	newTok := encode(t, rotated, Claims{"sub": "after"})
	if got, err := rotated.Decode(oldTok); err != nil || got.Subject() != "before" {
		t.Fatalf("rotated codec reading an old token: %v %v", got, err)
	}
	if kid := protectedHeader(t, newTok)["kid"]; kid != rotated.keys[0].cbc.kid {
		t.Fatal("rotated codec does not encrypt with its first secret")
	}
	if _, err := old.Decode(newTok); !errors.Is(err, ErrDecryption) {
		t.Fatalf("old codec reading a new token: %v", err)
	}
	// V4 tokens have no kid: every secret is tried.
	old4 := newCodec(t, Options{Secrets: []string{"old"}, Version: V4})
	rot4 := newCodec(t, Options{Secrets: []string{"new", "old"}, Version: V4})
	if got, err := rot4.Decode(encode(t, old4, Claims{"sub": "v4"})); err != nil || got.Subject() != "v4" {
		t.Fatalf("v4 rotation: %v %v", got, err)
	}
	// A v5 token without kid is also tried with every secret.
	k := old.keys[0].cbc
	noKid := rawToken(t, jose.A256CBC_HS512, k.raw, "", `{"sub":"nokid","exp":`+jsonNum(t0.Add(time.Hour).Unix())+`}`, nil)
	if got, err := rotated.Decode(noKid); err != nil || got.Subject() != "nokid" {
		t.Fatalf("v5 without kid: %v %v", got, err)
	}
}

func TestNewValidates(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"no secrets", Options{Salt: SessionCookieV5}, "Secrets is empty"},
		{"empty secret", Options{Secrets: []string{"a", ""}, Salt: SessionCookieV5}, "Secrets[1] is empty"},
		{"v5 without salt", Options{Secrets: []string{"a"}}, "Salt is required"},
		{"unknown version", Options{Secrets: []string{"a"}, Salt: "x", Version: 7}, "Version 7 is unknown"},
		{"negative max age", Options{Secrets: []string{"a"}, Salt: "x", MaxAge: -time.Second}, "MaxAge is negative"},
		{"negative tolerance", Options{Secrets: []string{"a"}, Salt: "x", ClockTolerance: -time.Second}, "ClockTolerance is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New = %v, want error containing %q", err, tt.want)
			}
		})
	}
	c, err := New(Options{Secrets: []string{"a"}, Version: V4})
	if err != nil || c.MaxAge() != DefaultMaxAge || c.Version() != V4 || c.Salt() != "" || V4.String() != "v4" {
		t.Fatalf("defaults: %v %v", c, err)
	}
}

func TestThumbprintMatchesRFC7638(t *testing.T) {
	// RFC 7638 §3.1 builds {"k":…,"kty":"oct"} with members sorted; check
	// against encoding/json's sorted map output.
	for _, n := range []int{32, 64} {
		raw := make([]byte, n)
		for i := range raw {
			raw[i] = byte(i * 7)
		}
		m, _ := json.Marshal(map[string]string{"kty": "oct", "k": base64.RawURLEncoding.EncodeToString(raw)})
		if !strings.HasPrefix(string(m), `{"k":`) {
			t.Fatal("unexpected member order")
		}
		var want string
		if n == 64 {
			want = b64sum512(m)
		} else {
			want = b64sum256(m)
		}
		if got := thumbprint(raw); got != want {
			t.Fatalf("thumbprint(%d bytes) = %s, want %s", n, got, want)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	c := newCodec(t, Options{Secrets: []string{"a", "b"}, Salt: SessionCookieV5})
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				tok, err := c.Encode(Claims{"sub": "x"})
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := c.Decode(tok); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
