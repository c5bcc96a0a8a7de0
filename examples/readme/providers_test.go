package readme_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
	"github.com/gatehouse-go/gatehouse/providers/services"
)

// tableMarker precedes README.md's table of built-in providers.
const tableMarker = "<!-- the providers table: checked by examples/readme/providers_test.go (TestReadmeProviderTable) -->"

// TestReadmeProviderTable checks that README.md's table of built-in
// providers shows services.All(), row for row, and prints the table to
// paste when it does not.
func TestReadmeProviderTable(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(data), tableMarker+"\n")
	if !ok {
		t.Fatalf("README.md has no line %s", tableMarker)
	}
	var got []string
	for _, line := range strings.Split(after, "\n") {
		if !strings.HasPrefix(line, "|") {
			break
		}
		got = append(got, line)
	}
	if want := providerTable(t); strings.Join(got, "\n") != want {
		t.Errorf("README.md's providers table is not services.All(); replace it with:\n%s", want)
	}
}

// providerTable renders services.All() as a Markdown table. The kind is
// the one a provider built from the service has. AUTH_<ID>_ISSUER is left
// out where the service has a default issuer (the README says it replaces
// it).
func providerTable(t *testing.T) string {
	t.Helper()
	rows := []string{"| Service | id | Kind | Environment | Address |", "| --- | --- | --- | --- | --- |"}
	for _, s := range services.All() {
		// Bungie also needs its API key.
		apiKey := func(k string) string {
			if strings.HasSuffix(k, "_API_KEY") {
				return "key"
			}
			return ""
		}
		p, err := s.New(oauth.Options{ClientID: "id", ClientSecret: "secret", Issuer: s.IssuerExample, Getenv: apiKey})
		if err != nil {
			t.Fatalf("%s: %v", s.Config.ID, err)
		}
		kind := map[providers.Type]string{providers.TypeOAuth: "OAuth 2.0", providers.TypeOIDC: "OIDC"}[providers.TypeOf(p)]
		vars := s.Variables()
		address := "—"
		switch {
		case s.IssuerExample != "":
			address = "issuer required, such as `" + s.IssuerExample + "`"
		case s.BaseURL != "":
			address = s.BaseURL + ", or `Options.BaseURL`"
		case s.Config.Issuer != "":
			address = s.Config.Issuer
			vars = slices.DeleteFunc(vars, func(v string) bool { return strings.HasSuffix(v, "_ISSUER") })
		}
		rows = append(rows, fmt.Sprintf("| %s | `%s` | %s | `%s` | %s |", s.Config.Name, s.Config.ID, kind, strings.Join(vars, "`, `"), address))
	}
	return strings.Join(rows, "\n")
}
