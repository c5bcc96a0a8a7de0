package oauth_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// TestServiceHalfMadeCredentials checks that Service.New names the real
// cause of missing credentials: no Getenv passed (even when AUTH_<ID>_ID is
// exported), or an id from the environment without its secret.
func TestServiceHalfMadeCredentials(t *testing.T) {
	svc := oauth.Service{Config: oauth.Config{ID: "acme", Name: "Acme", AuthURL: authURL, TokenURL: tokenURL, UserinfoURL: userinfoURL}}
	envOf := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := []struct {
		name     string
		exported bool // AUTH_ACME_ID in the process environment
		o        oauth.Options
		want     []string // "" means New succeeds
	}{
		{"no Getenv, variable exported", true, oauth.Options{}, []string{"Options.Getenv is nil", "AUTH_ACME_ID is exported", "os.Getenv"}},
		{"no Getenv, nothing exported", false, oauth.Options{}, []string{"Options.Getenv is nil", "Options.ClientID"}},
		{"id without secret", false, oauth.Options{Getenv: envOf(map[string]string{"AUTH_ACME_ID": "id"})}, []string{"AUTH_ACME_ID is set but AUTH_ACME_SECRET is not"}},
		{"secret without id", false, oauth.Options{Getenv: envOf(map[string]string{"AUTH_ACME_SECRET": "s"})}, []string{"no ClientID", "AUTH_ACME_ID"}},
		{"both from the environment", false, oauth.Options{Getenv: envOf(map[string]string{"AUTH_ACME_ID": "id", "AUTH_ACME_SECRET": "s"})}, nil},
		{"public client in code", false, oauth.Options{ClientID: "public"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.exported {
				t.Setenv("AUTH_ACME_ID", "exported-id")
			}
			_, err := svc.New(c.o)
			if c.want == nil {
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				return
			}
			if !errors.Is(err, oauth.ErrConfig) {
				t.Fatalf("New: %v, want an oauth.ErrConfig", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}
