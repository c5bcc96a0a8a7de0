package gatehouse

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/internal/web"
	"github.com/gatehouse-go/gatehouse/providers"
)

// TestNewCopiesSlices: changing the caller's Secrets, Providers or
// TrustedOrigins slices after New must not change the handler.
func TestNewCopiesSlices(t *testing.T) {
	secrets := []string{testSecret}
	provs := []providers.Provider{testCredentials(t, "creds")}
	origins := []string{"https://partner.example"}
	a, err := New(Config{Secrets: secrets, URL: "https://example.com/api/auth", Adapter: memory.New(),
		Providers: provs, TrustedOrigins: origins})
	if err != nil {
		t.Fatal(err)
	}
	secrets[0] = strings.Repeat("x", len(testSecret))
	provs[0] = testCredentials(t, "other")
	origins[0] = "https://attacker.example"

	// The CSRF cookie is still signed with the secret given to New.
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "https://example.com/api/auth/csrf", nil))
	var value string
	for _, c := range rec.Result().Cookies() {
		if strings.Contains(c.Name, "csrf-token") {
			value = c.Value
		}
	}
	tok, hash, ok := web.SplitCSRFCookie(value)
	if !ok {
		t.Fatalf("GET /csrf set no CSRF cookie (cookies %v)", rec.Result().Cookies())
	}
	if hash != web.SHA256Hex(tok+testSecret) {
		t.Errorf("the CSRF cookie is not signed with the secret given to New: the caller's later change to Config.Secrets reached the handler")
	}
	if got := a.cfg.Providers[0].Info().ID; got != "creds" {
		t.Errorf("Config.Providers[0] after the caller changed its slice = %q, want %q", got, "creds")
	}
	if got := a.cfg.TrustedOrigins[0]; got != "https://partner.example" {
		t.Errorf("Config.TrustedOrigins[0] after the caller changed its slice = %q, want the original", got)
	}
}
