package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/oauth2-proxy/mockoidc"
)

// provider is an OpenID provider on a loopback port for the OAuth flows of
// StatementCounts (mockoidc; internal/oidctest wraps the same server but
// needs a testing.TB, which the command has not).
type provider struct {
	*mockoidc.MockOIDC
}

func startProvider() (*provider, error) {
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		return nil, fmt.Errorf("bench: OpenID provider: %w", err)
	}
	// mockoidc sends expires_in as a time.Duration (nanoseconds); OAuth 2
	// clients read seconds.
	if err := m.AddMiddleware(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != mockoidc.TokenEndpoint {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			body := rec.Body.Bytes()
			var resp map[string]any
			if rec.Code == http.StatusOK && json.Unmarshal(body, &resp) == nil {
				if ns, ok := resp["expires_in"].(float64); ok {
					resp["expires_in"] = int64(ns / 1e9)
				}
				if b, err := json.Marshal(resp); err == nil {
					body = b
				}
			}
			maps.Copy(w.Header(), rec.Header())
			w.Header().Del("Content-Length")
			w.WriteHeader(rec.Code)
			_, _ = w.Write(body)
		})
	}); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("bench: OpenID provider: %w", err)
	}
	if err := m.Start(ln, nil); err != nil {
		return nil, fmt.Errorf("bench: OpenID provider: %w", err)
	}
	return &provider{m}, nil
}

// authorize plays the browser at the provider: it signs user in at authURL
// and returns the callback URL the provider redirects to.
func (p *provider) authorize(authURL string, user *mockoidc.MockUser) (*url.URL, error) {
	p.QueueUser(user)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(authURL)
	if err != nil {
		return nil, fmt.Errorf("bench: authorize: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		return nil, fmt.Errorf("bench: authorize: HTTP %d: %.200s", resp.StatusCode, b.String())
	}
	return url.Parse(resp.Header.Get("Location"))
}
