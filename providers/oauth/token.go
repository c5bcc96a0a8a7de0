package oauth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/gatehouse-go/gatehouse/providers"
)

// standardTokenFields are the token response fields that have a place in
// providers.Tokens; every other field goes to Tokens.Extra.
var standardTokenFields = map[string]bool{
	"access_token": true, "refresh_token": true, "token_type": true, "scope": true,
	"id_token": true, "session_state": true, "expires_in": true,
}

// capture is an http.RoundTripper that keeps the last response body, so the
// token endpoint's non-standard fields can be read after golang.org/x/oauth2
// has parsed the standard ones. One capture serves one token request.
type capture struct {
	base http.RoundTripper

	mu          sync.Mutex
	body        []byte
	contentType string
}

func (c *capture) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.body, c.contentType = body, resp.Header.Get("Content-Type")
	c.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// withCapture returns ctx set up so that golang.org/x/oauth2 uses client
// through a fresh capture.
func withCapture(ctx context.Context, client *http.Client) (context.Context, *capture) {
	base := client.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	c := &capture{base: base}
	hc := *client
	hc.Transport = c
	return context.WithValue(ctx, oauth2.HTTPClient, &hc), c
}

// fields parses the captured token response into a map.
func (c *capture) fields() map[string]any {
	c.mu.Lock()
	defer c.mu.Unlock()
	ct, _, _ := mime.ParseMediaType(c.contentType)
	if ct == "application/x-www-form-urlencoded" || ct == "text/plain" {
		vals, err := url.ParseQuery(string(c.body))
		if err != nil {
			return nil
		}
		m := make(map[string]any, len(vals))
		for k := range vals {
			m[k] = vals.Get(k)
		}
		return m
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(c.body))
	dec.UseNumber()
	if dec.Decode(&m) != nil {
		return nil
	}
	return m
}

// makeTokens converts an oauth2.Token and the raw response fields.
func makeTokens(tok *oauth2.Token, raw map[string]any, now time.Time) *providers.Tokens {
	t := &providers.Tokens{
		AccessToken:  tok.AccessToken,
		RefreshToken: tok.RefreshToken,
		TokenType:    tok.TokenType,
		Scope:        scope(raw),
		IDToken:      String(raw, "id_token"),
		SessionState: String(raw, "session_state"),
	}
	if n, err := strconv.ParseInt(String(raw, "expires_in"), 10, 64); err == nil && n > 0 {
		t.ExpiresAt = now.Unix() + n
	} else if !tok.Expiry.IsZero() {
		t.ExpiresAt = tok.Expiry.Unix()
	}
	for k, v := range raw {
		if standardTokenFields[k] {
			continue
		}
		if t.Extra == nil {
			t.Extra = make(map[string]any)
		}
		t.Extra[k] = plain(v)
	}
	return t
}

// scope returns the granted scope; a JSON array (Twitch) is joined with
// spaces as RFC 6749 writes it.
func scope(raw map[string]any) string {
	if arr, ok := raw["scope"].([]any); ok {
		parts := make([]string, 0, len(arr))
		for _, v := range arr {
			if s, ok := v.(string); ok {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, " ")
	}
	return String(raw, "scope")
}

// plain turns json.Number values into int64 or float64, so Extra holds
// ordinary Go values for adapters to store.
func plain(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = plain(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	}
	return v
}

// tokenError wraps a token request failure as a *TokenError, with secrets
// removed from the description.
func tokenError(id string, err error, secrets ...string) error {
	te := &TokenError{Provider: id, Err: err}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		if re.Response != nil {
			te.StatusCode = re.Response.StatusCode
		}
		te.Code = redact(re.ErrorCode, secrets...)
		te.Description = redact(re.ErrorDescription, secrets...)
	} else {
		te.Err = &redactedError{msg: redact(err.Error(), secrets...), err: err}
	}
	return te
}

// redactedError shows a redacted message but unwraps to the original error.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
