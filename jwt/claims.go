package jwt

import (
	"encoding/json"
	"fmt"
	"math"
	"time"
)

// Claims is a token's JSON payload. Auth.js puts "name", "email",
// "picture" and "sub" in it, plus "iat", "exp" and "jti"; applications add
// their own members (roles, access tokens, ...). A map keeps every member,
// including JSON nulls, exactly as another implementation wrote it.
//
// Values are what encoding/json produces; after [Codec.Decode] numbers are
// json.Number. The accessor methods read the standard claims whatever
// their Go type.
type Claims map[string]any

// Subject returns the "sub" claim (the user id), or "" when absent or not a string.
func (c Claims) Subject() string { return c.str("sub") }

// Name returns the "name" claim, or "" when absent, null or not a string.
func (c Claims) Name() string { return c.str("name") }

// Email returns the "email" claim, or "" when absent, null or not a string.
func (c Claims) Email() string { return c.str("email") }

// Picture returns the "picture" claim, or "" when absent, null or not a string.
func (c Claims) Picture() string { return c.str("picture") }

// ID returns the "jti" claim, or "" when absent or not a string.
func (c Claims) ID() string { return c.str("jti") }

// IssuedAt returns the "iat" claim as a time, or the zero time when absent
// or not a number.
func (c Claims) IssuedAt() time.Time { return c.time("iat") }

// ExpiresAt returns the "exp" claim as a time, or the zero time when absent
// or not a number.
func (c Claims) ExpiresAt() time.Time { return c.time("exp") }

// NotBefore returns the "nbf" claim as a time, or the zero time when absent
// or not a number.
func (c Claims) NotBefore() time.Time { return c.time("nbf") }

func (c Claims) str(name string) string {
	s, _ := c[name].(string)
	return s
}

func (c Claims) time(name string) time.Time {
	v, ok, err := c.number(name)
	if !ok || err != nil {
		return time.Time{}
	}
	return unixTime(v)
}

// number reads a numeric claim. ok is false when the claim is absent; err
// wraps ErrMalformed when it is present but not a finite number.
func (c Claims) number(name string) (v float64, ok bool, err error) {
	raw, ok := c[name]
	if !ok {
		return 0, false, nil
	}
	switch x := raw.(type) {
	case json.Number:
		v, err = x.Float64()
	case float64:
		v = x
	case float32:
		v = float64(x)
	case int:
		v = float64(x)
	case int64:
		v = float64(x)
	case int32:
		v = float64(x)
	case uint64:
		v = float64(x)
	default:
		err = fmt.Errorf("it is %T", raw)
	}
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, true, malformed("%q claim must be a number", name)
	}
	return v, true, nil
}
