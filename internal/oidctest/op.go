package oidctest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
)

// OP is a running OpenID provider. Its embedded *mockoidc.MockOIDC gives
// ClientID, ClientSecret, Issuer, QueueUser, QueueError, FastForward and
// the endpoint URLs.
type OP struct {
	*mockoidc.MockOIDC

	mu      sync.Mutex // serialises every request and the fields below
	tampers []func(t map[string]any)
}

// User is a user the OP signs in; queue them with OP.QueueUser.
type User = mockoidc.MockUser

// ServerError is an error the OP returns for its next request; queue it
// with OP.QueueError.
type ServerError = mockoidc.ServerError

// StartOP starts an OP on a loopback port and stops it when the test ends.
func StartOP(t testing.TB) *OP {
	t.Helper()
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatalf("oidctest: creating the OP: %v", err)
	}
	op := &OP{MockOIDC: m}
	if err := m.AddMiddleware(op.middleware); err != nil {
		t.Fatalf("oidctest: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("oidctest: listening: %v", err)
	}
	if err := m.Start(ln, nil); err != nil {
		t.Fatalf("oidctest: starting the OP: %v", err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	return op
}

// middleware serialises requests and rewrites token responses.
func (op *OP) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op.mu.Lock()
		defer op.mu.Unlock()
		if r.URL.Path != mockoidc.TokenEndpoint {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if rec.Code == http.StatusOK {
			body = op.rewriteToken(body)
		}
		maps.Copy(w.Header(), rec.Header())
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	})
}

func (op *OP) rewriteToken(body []byte) []byte {
	var resp map[string]any
	if json.Unmarshal(body, &resp) != nil {
		return body
	}
	if ns, ok := resp["expires_in"].(float64); ok {
		resp["expires_in"] = int64(ns / 1e9) // mockoidc sends a time.Duration
	}
	if len(op.tampers) > 0 {
		op.tampers[0](resp)
		op.tampers = op.tampers[1:]
	}
	out, err := json.Marshal(resp)
	if err != nil {
		return body
	}
	return out
}

// TamperNextToken makes the OP pass its next successful token response
// (a JSON object) through f before sending it. Calls queue up.
func (op *OP) TamperNextToken(f func(resp map[string]any)) {
	op.mu.Lock()
	defer op.mu.Unlock()
	op.tampers = append(op.tampers, f)
}

// ResignIDToken returns a tamper func for TamperNextToken that changes the
// ID token's claims with f and signs it again with the OP's key, so that
// only the changed claims are wrong.
func (op *OP) ResignIDToken(t testing.TB, f func(claims map[string]any)) func(map[string]any) {
	return func(resp map[string]any) {
		claims, err := Claims(fmt.Sprint(resp["id_token"]))
		if err != nil {
			t.Errorf("oidctest: %v", err)
			return
		}
		f(claims)
		signed, err := op.Keypair.SignJWT(jwt.MapClaims(claims))
		if err != nil {
			t.Errorf("oidctest: signing: %v", err)
			return
		}
		resp["id_token"] = signed
	}
}

// TamperIDTokenPayload is a tamper func for TamperNextToken that changes the
// ID token's claims with f but keeps the old signature, so the signature no
// longer matches.
func TamperIDTokenPayload(t testing.TB, f func(claims map[string]any)) func(map[string]any) {
	return func(resp map[string]any) {
		tok := fmt.Sprint(resp["id_token"])
		claims, err := Claims(tok)
		if err != nil {
			t.Errorf("oidctest: %v", err)
			return
		}
		f(claims)
		payload, _ := json.Marshal(claims)
		parts := strings.Split(tok, ".")
		parts[1] = base64.RawURLEncoding.EncodeToString(payload)
		resp["id_token"] = strings.Join(parts, ".")
	}
}

// Claims decodes a JWT's payload without verifying it.
func Claims(token string) (map[string]any, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, fmt.Errorf("%q is not a JWT", token)
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, fmt.Errorf("JWT payload: %w", err)
	}
	var claims map[string]any
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	if err := dec.Decode(&claims); err != nil {
		return nil, fmt.Errorf("JWT payload: %w", err)
	}
	return claims, nil
}

// Authorize plays the user's browser at the OP: it requests authURL (as
// returned by a provider's AuthCodeURL), does not follow the redirect, and
// returns the parameters the OP sent to the callback URL.
func Authorize(t testing.TB, authURL string) url.Values {
	t.Helper()
	return Redirect(t, authURL).Query()
}

// Redirect requests authURL without following redirects and returns where
// the OP sent the browser: the callback URL with code and state, or with
// error. Flow tests pass it on to the gatehouse handler.
func Redirect(t testing.TB, authURL string) *url.URL {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(authURL)
	if err != nil {
		t.Fatalf("oidctest: authorize: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		t.Fatalf("oidctest: authorize answered HTTP %d, not a redirect: %s", resp.StatusCode, b.String())
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatalf("oidctest: authorize redirect: %v", err)
	}
	return loc
}
