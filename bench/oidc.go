package bench

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
)

// provider is an OpenID provider on a loopback port for the OAuth flows of
// StatementCounts: oidctest's, started with NewOP since the command has no
// testing.TB.
type provider struct {
	*oidctest.OP
}

func startProvider() (*provider, error) {
	op, err := oidctest.NewOP()
	if err != nil {
		return nil, fmt.Errorf("bench: OpenID provider: %w", err)
	}
	return &provider{op}, nil
}

// authorize plays the browser at the provider: it signs user in at authURL
// and returns the callback URL the provider redirects to.
func (p *provider) authorize(authURL string, user *oidctest.User) (*url.URL, error) {
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
