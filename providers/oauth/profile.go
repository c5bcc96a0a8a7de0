package oauth

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gatehouse-go/gatehouse/providers"
)

// ProfileFunc maps a provider's profile document (the userinfo JSON, or the
// ID token claims merged with it for OIDC) and the tokens to a Profile. It
// returns an error when the document lacks what the Profile needs; the
// provider wraps it with ErrProfile. Raw is filled with claims when left nil.
type ProfileFunc func(claims map[string]any, tokens *providers.Tokens) (*providers.Profile, error)

// UserinfoRequest is what a UserinfoFunc gets to fetch a profile document.
type UserinfoRequest struct {
	// Client is the provider's HTTP client.
	Client *http.Client
	// URL is the userinfo endpoint (configured or discovered); it may be
	// empty for OIDC services without one.
	URL string
	// Tokens are the tokens just obtained.
	Tokens *providers.Tokens
	// IDClaims are the verified ID token's claims; nil for OAuth 2.0.
	IDClaims map[string]any
	// Params are the callback's parameters (Apple sends the user's name in
	// "user" on the first sign-in).
	Params url.Values
}

// UserinfoFunc fetches a provider's profile document. Services whose profile
// needs more than one request (GitHub's private emails) or is not at a
// userinfo endpoint (Apple) supply one.
type UserinfoFunc func(ctx context.Context, r UserinfoRequest) (map[string]any, error)

// maxBody bounds every response body read from a service.
const maxBody = 1 << 20

// GetJSON sends GET url with accessToken as a Bearer token (when not empty)
// and decodes the JSON answer into v. Numbers decode as json.Number so that
// large ids keep every digit. A non-2xx answer is an error naming the
// status; the body is not included.
func GetJSON(ctx context.Context, client *http.Client, url, accessToken string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if accessToken != "" {
		req.Header.Set("Authorization", "Bearer "+accessToken)
	}
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return fmt.Errorf("reading %s: %w", req.URL.Redacted(), err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("GET %s%s: HTTP %d", req.URL.Host, req.URL.Path, resp.StatusCode)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("GET %s%s: answer is not JSON: %w", req.URL.Host, req.URL.Path, err)
	}
	return nil
}

// Value returns the value at path in a JSON object (nested objects are
// walked by key), or nil.
func Value(m map[string]any, path ...string) any {
	var cur any = m
	for _, k := range path {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = obj[k]
	}
	return cur
}

// String returns the value at path as a string: strings as they are,
// numbers in full (no exponent), booleans as "true"/"false", anything else
// as "".
func String(m map[string]any, path ...string) string {
	switch v := Value(m, path...).(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(v, 10)
	case int:
		return strconv.Itoa(v)
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

// Bool returns the value at path as a boolean: true, or the string "true"
// (any case), is true; everything else, including "false" (which Google and
// Apple send as a string), is false.
func Bool(m map[string]any, path ...string) bool {
	switch v := Value(m, path...).(type) {
	case bool:
		return v
	case string:
		return strings.EqualFold(strings.TrimSpace(v), "true")
	}
	return false
}

// StandardProfile maps OpenID Connect standard claims: "sub" (or "id") to
// ID, "name" (or "preferred_username", "nickname") to Name, "email",
// "email_verified" and "picture". It fails when there is no id.
func StandardProfile(claims map[string]any, _ *providers.Tokens) (*providers.Profile, error) {
	p := &providers.Profile{
		ID:            First(String(claims, "sub"), String(claims, "id")),
		Name:          First(String(claims, "name"), String(claims, "preferred_username"), String(claims, "nickname")),
		Email:         String(claims, "email"),
		EmailVerified: Bool(claims, "email_verified"),
		Image:         String(claims, "picture"),
		Raw:           claims,
	}
	if p.ID == "" {
		return nil, fmt.Errorf("the profile has no \"sub\" or \"id\"")
	}
	return p, nil
}
