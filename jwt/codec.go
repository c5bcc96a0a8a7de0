package jwt

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/google/uuid"
)

// Version selects the token format of a [Codec].
type Version int

const (
	// V5 is the Auth.js (@auth/core, next-auth v5) format: JWE compact,
	// "dir" + "A256CBC-HS512", a 64-byte HKDF key salted with the cookie
	// name and a "kid" header. Decoding also accepts "A256GCM" tokens with
	// the 32-byte key of the same derivation. It is the zero value.
	V5 Version = iota
	// V4 is the NextAuth.js v4 format: JWE compact, "dir" + "A256GCM", a
	// 32-byte HKDF key; session tokens use an empty salt.
	V4
)

// String returns "v5" or "v4".
func (v Version) String() string {
	switch v {
	case V5:
		return "v5"
	case V4:
		return "v4"
	}
	return fmt.Sprintf("Version(%d)", int(v))
}

// Defaults shared by Auth.js and NextAuth.js v4.
const (
	// DefaultMaxAge is the token lifetime when Options.MaxAge is zero: 30 days.
	DefaultMaxAge = 30 * 24 * time.Hour
	// DefaultClockTolerance is the clock skew accepted on "exp", "nbf"
	// and "iat" when Options.ClockTolerance is zero: 15 seconds.
	DefaultClockTolerance = 15 * time.Second
)

// Options configures a [Codec]. Only Secrets is always required; V5 also
// requires Salt.
type Options struct {
	// Secrets are the secrets (AUTH_SECRET / NEXTAUTH_SECRET). Tokens are
	// encrypted with the first and decrypted with any, so a new secret is
	// rotated in by putting it first. Required, none may be empty.
	Secrets []string

	// Salt is the HKDF salt. For V5 session tokens it is the session
	// cookie name ([SessionCookieV5] or [SecureSessionCookieV5]); for the
	// OAuth check cookies it is that cookie's name. Required for V5.
	// For V4 session tokens it is "" (the default); V4 check cookies use
	// the cookie name.
	Salt string

	// Version is the token format. Default V5.
	Version Version

	// MaxAge is the lifetime written into "exp" by Encode, truncated to
	// whole seconds. Default DefaultMaxAge (30 days). Must not be negative.
	MaxAge time.Duration

	// ClockTolerance is the skew accepted when checking "exp", "nbf" and
	// "iat" in Decode, truncated to whole seconds. Default
	// DefaultClockTolerance (15 s, as Auth.js). Must not be negative.
	ClockTolerance time.Duration

	// Now is the clock. Default time.Now.
	Now func() time.Time
}

// Codec encodes and decodes session tokens. Build it once with [New]: keys
// are derived there, once per secret, and never per call. A Codec is safe
// for concurrent use.
type Codec struct {
	version   Version
	salt      string
	maxAge    int64 // seconds
	tolerance int64 // seconds
	now       func() time.Time
	keys      []secretKeys // one per secret, same order
	encrypter jose.Encrypter
	encs      []jose.ContentEncryption
}

// New validates opts, derives the keys for every secret and returns a Codec.
func New(opts Options) (*Codec, error) {
	if len(opts.Secrets) == 0 {
		return nil, errors.New("jwt: Options.Secrets is empty: set at least one secret (e.g. from AUTH_SECRET; generate one with `openssl rand -base64 33`)")
	}
	for i, s := range opts.Secrets {
		if s == "" {
			return nil, fmt.Errorf("jwt: Options.Secrets[%d] is empty: every secret must be a non-empty string", i)
		}
	}
	switch opts.Version {
	case V5:
		if opts.Salt == "" {
			return nil, fmt.Errorf("jwt: Options.Salt is required for V5: use the session cookie name, %q (http) or %q (https)", SessionCookieV5, SecureSessionCookieV5)
		}
	case V4:
	default:
		return nil, fmt.Errorf("jwt: Options.Version %d is unknown: use jwt.V5 or jwt.V4", int(opts.Version))
	}
	if opts.MaxAge < 0 {
		return nil, fmt.Errorf("jwt: Options.MaxAge is negative (%v): use zero for the 30-day default or a positive duration", opts.MaxAge)
	}
	if opts.ClockTolerance < 0 {
		return nil, fmt.Errorf("jwt: Options.ClockTolerance is negative (%v): use zero for the 15 s default or a positive duration", opts.ClockTolerance)
	}
	c := &Codec{
		version:   opts.Version,
		salt:      opts.Salt,
		maxAge:    int64(DefaultMaxAge / time.Second),
		tolerance: int64(DefaultClockTolerance / time.Second),
		now:       opts.Now,
	}
	if opts.MaxAge > 0 {
		c.maxAge = int64(opts.MaxAge / time.Second)
	}
	if opts.ClockTolerance > 0 {
		c.tolerance = int64(opts.ClockTolerance / time.Second)
	}
	if c.now == nil {
		c.now = time.Now
	}
	for _, s := range opts.Secrets {
		var sk secretKeys
		var err error
		if c.version == V5 {
			if sk.cbc, err = deriveKey(V5, s, c.salt, 64); err != nil {
				return nil, err
			}
		}
		if sk.gcm, err = deriveKey(c.version, s, c.salt, 32); err != nil {
			return nil, err
		}
		c.keys = append(c.keys, sk)
	}
	var rcpt jose.Recipient
	var enc jose.ContentEncryption
	if c.version == V5 {
		enc = jose.A256CBC_HS512
		rcpt = jose.Recipient{Algorithm: jose.DIRECT, Key: c.keys[0].cbc.raw, KeyID: c.keys[0].cbc.kid}
		c.encs = []jose.ContentEncryption{jose.A256CBC_HS512, jose.A256GCM}
	} else {
		enc = jose.A256GCM
		rcpt = jose.Recipient{Algorithm: jose.DIRECT, Key: c.keys[0].gcm.raw}
		c.encs = []jose.ContentEncryption{jose.A256GCM}
	}
	e, err := jose.NewEncrypter(enc, rcpt, nil)
	if err != nil {
		return nil, fmt.Errorf("jwt: building encrypter: %w", err)
	}
	c.encrypter = e
	return c, nil
}

// Version returns the codec's token format.
func (c *Codec) Version() Version { return c.version }

// Salt returns the codec's HKDF salt (the cookie name for V5).
func (c *Codec) Salt() string { return c.salt }

// MaxAge returns the lifetime Encode writes into "exp".
func (c *Codec) MaxAge() time.Duration { return time.Duration(c.maxAge) * time.Second }

// Encode encrypts claims into a token, as Auth.js's encode does: it sets
// "iat" to now, "exp" to now + MaxAge and "jti" to a new random UUID,
// replacing any such claims given, and leaves claims itself unchanged.
// V5 tokens carry the key's thumbprint as "kid".
func (c *Codec) Encode(claims Claims) (string, error) {
	now := c.now().Unix()
	jti, err := uuid.NewRandom()
	if err != nil {
		return "", fmt.Errorf("jwt: generating jti: %w", err)
	}
	payload := make(map[string]any, len(claims)+3)
	for k, v := range claims {
		payload[k] = v
	}
	payload["iat"] = now
	payload["exp"] = now + c.maxAge
	payload["jti"] = jti.String()
	plain, err := json.Marshal(payload)
	if err != nil {
		return "", fmt.Errorf("jwt: encoding claims as JSON: %w", err)
	}
	obj, err := c.encrypter.Encrypt(plain)
	if err != nil {
		return "", fmt.Errorf("jwt: encrypting token: %w", err)
	}
	tok, err := obj.CompactSerialize()
	if err != nil {
		return "", fmt.Errorf("jwt: serializing token: %w", err)
	}
	return tok, nil
}

// header is the part of the JWE protected header the codec looks at.
type header struct {
	Alg *string `json:"alg"`
	Enc *string `json:"enc"`
	Kid *string `json:"kid"`
	Zip *string `json:"zip"`
	// Crit is kept raw: any value at all is refused.
	Crit json.RawMessage `json:"crit"`
}

var strictB64 = base64.RawURLEncoding.Strict()

// Decode decrypts and validates token and returns its claims. Numbers in
// the claims are json.Number, so they re-encode exactly.
//
// It accepts "alg" "dir" only, and "enc" "A256CBC-HS512" or "A256GCM" (V5)
// or "A256GCM" (V4); "zip" and "crit" are refused. A V5 token with a "kid"
// is only tried with the secret whose key has that thumbprint; one without
// is tried with every secret. "exp" is required; "exp", "nbf" and "iat" are
// checked against the clock with the tolerance (Auth.js checks "iat" only
// for type; gatehouse also refuses an "iat" in the future).
//
// Errors wrap ErrMalformed, ErrDisallowedAlgorithm (as *AlgorithmError),
// ErrDecryption, ErrExpired or ErrNotYetValid (as *ClaimError).
func (c *Codec) Decode(token string) (Claims, error) {
	if token == "" {
		return nil, malformed("empty token")
	}
	if n := strings.Count(token, "."); n != 4 {
		return nil, malformed("a JWE compact token has 5 dot-separated parts, this one has %d", n+1)
	}
	parts := strings.SplitN(token, ".", 5)
	rawHeader, err := strictB64.DecodeString(parts[0])
	if err != nil {
		return nil, malformed("protected header is not base64url")
	}
	var h header
	dec := json.NewDecoder(bytes.NewReader(rawHeader))
	if err := dec.Decode(&h); err != nil || dec.More() {
		return nil, malformed("protected header is not a JSON object with string members")
	}
	if err := c.checkHeader(&h); err != nil {
		return nil, err
	}
	if parts[1] != "" {
		return nil, malformed(`"dir" tokens have an empty encrypted-key part`)
	}
	var raw [5][]byte
	for i, name := range [...]string{"", "", "initialization vector", "ciphertext", "authentication tag"} {
		if i < 2 {
			continue
		}
		if raw[i], err = strictB64.DecodeString(parts[i]); err != nil || parts[i] == "" {
			return nil, malformed("%s is missing or not base64url", name)
		}
	}
	// RFC 7516 §5.2: the additional authenticated data of a compact JWE is
	// the ASCII of its encoded protected header. The header was parsed and
	// checked above; go-jose's content ciphers (built once per key) check
	// the tag and decrypt, without parsing the token again.
	aad := []byte(parts[0])
	iv, tag := raw[2], raw[4]
	gcm := *h.Enc == string(jose.A256GCM)
	var plain []byte
	for _, sk := range c.keys {
		k := sk.cbc
		if gcm {
			k = sk.gcm
		}
		if c.version == V5 && h.Kid != nil && *h.Kid != k.kid {
			continue
		}
		if k.aead == nil || len(iv) != k.aead.NonceSize() || len(tag) != k.tag {
			continue
		}
		sealed := make([]byte, 0, len(raw[3])+len(tag))
		sealed = append(append(sealed, raw[3]...), tag...)
		if p, err := k.aead.Open(nil, iv, sealed, aad); err == nil {
			plain = p
			break
		}
	}
	if plain == nil {
		return nil, ErrDecryption
	}
	claims, err := parseClaims(plain)
	if err != nil {
		return nil, err
	}
	if err := c.validate(claims); err != nil {
		return nil, err
	}
	return claims, nil
}

func (c *Codec) checkHeader(h *header) error {
	if h.Alg == nil || *h.Alg != string(jose.DIRECT) {
		return &AlgorithmError{Param: "alg", Value: deref(h.Alg), Allowed: []string{string(jose.DIRECT)}}
	}
	allowed := make([]string, len(c.encs))
	ok := false
	for i, e := range c.encs {
		allowed[i] = string(e)
		if h.Enc != nil && *h.Enc == string(e) {
			ok = true
		}
	}
	if !ok {
		return &AlgorithmError{Param: "enc", Value: deref(h.Enc), Allowed: allowed}
	}
	if h.Zip != nil {
		return &AlgorithmError{Param: "zip", Value: *h.Zip}
	}
	if h.Crit != nil {
		return &AlgorithmError{Param: "crit", Value: string(h.Crit)}
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func parseClaims(plain []byte) (Claims, error) {
	dec := json.NewDecoder(bytes.NewReader(plain))
	dec.UseNumber()
	var claims Claims
	if err := dec.Decode(&claims); err != nil || claims == nil {
		return nil, malformed("payload is not a JSON object")
	}
	if dec.More() {
		return nil, malformed("payload has data after the JSON object")
	}
	return claims, nil
}

func (c *Codec) validate(claims Claims) error {
	nowT := c.now()
	now := float64(nowT.Unix())
	tol := float64(c.tolerance)
	exp, ok, err := claims.number("exp")
	if err != nil {
		return err
	}
	if !ok {
		return malformed(`token has no "exp" claim`)
	}
	if exp <= now-tol {
		return &ClaimError{Claim: "exp", At: unixTime(exp), Now: nowT, Err: ErrExpired}
	}
	for _, name := range [...]string{"nbf", "iat"} {
		v, ok, err := claims.number(name)
		if err != nil {
			return err
		}
		if ok && v > now+tol {
			return &ClaimError{Claim: name, At: unixTime(v), Now: nowT, Err: ErrNotYetValid}
		}
	}
	return nil
}

// unixTime converts seconds since the epoch, clamping values time.Time
// cannot hold.
func unixTime(sec float64) time.Time {
	const limit = 1 << 53 // exact in float64, far beyond any real token
	switch {
	case math.IsNaN(sec):
		return time.Time{}
	case sec > float64(limit):
		sec = float64(limit)
	case sec < -float64(limit):
		sec = -float64(limit)
	}
	whole, frac := math.Modf(sec)
	return time.Unix(int64(whole), int64(frac*1e9)).UTC()
}
