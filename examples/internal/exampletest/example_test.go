package exampletest_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/providers"
	_ "modernc.org/sqlite"

	"github.com/gatehouse-go/gatehouse/examples/internal/exampletest"
)

// TestSite signs in by email on a bare gatehouse handler and reads the
// session back.
func TestSite(t *testing.T) {
	site := exampletest.Start(t, func(siteURL string, p []providers.Provider) (http.Handler, error) {
		auth, err := gatehouse.New(exampletest.Config(siteURL, p))
		if err != nil {
			return nil, err
		}
		mux := http.NewServeMux()
		mux.Handle("/api/auth/", auth)
		mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
			s, err := auth.Session(r)
			if err != nil || s == nil {
				fmt.Fprint(w, "signed out")
				return
			}
			fmt.Fprint(w, "signed in as ", s.User.Email)
		})
		return mux, nil
	})
	if _, body := site.Get("/", "text/html"); body != "signed out" {
		t.Fatalf("before signing in: %q", body)
	}
	if body := site.SignInByEmail("ann@example.com", site.URL+"/"); body != "signed in as ann@example.com" {
		t.Fatalf("after signing in: %q", body)
	}
}
