package gatehouse_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/credentials"
)

// This example mounts gatehouse with a credentials provider and database
// sessions on the memory adapter, signs in as a browser would, and calls a
// page that requires a session.
func Example() {
	ctx := context.Background()
	store := memory.New()
	alice, _ := store.CreateUser(ctx, &adapter.User{Name: "Alice", Email: "alice@example.com"})

	login, err := credentials.New(credentials.Options{
		Authorize: func(ctx context.Context, c map[string]string, r *http.Request) (*adapter.User, error) {
			if c["username"] == "alice" && c["password"] == "wonderland" { // check a password hash in real code
				return alice, nil
			}
			return nil, nil
		},
	})
	if err != nil {
		log.Fatal(err)
	}

	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()

	auth, err := gatehouse.New(gatehouse.Config{
		Secrets:   []string{"an example secret of at least thirty-two bytes"},
		URL:       srv.URL + "/api/auth",
		Adapter:   store,
		Providers: []providers.Provider{login},
	})
	if err != nil {
		log.Fatal(err)
	}
	mux.Handle("/api/auth/", auth)
	mux.Handle("/me", auth.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, _ := gatehouse.SessionFromContext(r.Context())
		fmt.Fprintf(w, "Hello, %s", s.User.Name)
	})))

	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}

	// What the sign-in page's form does: fetch a CSRF token, post the form.
	res, _ := browser.Get(srv.URL + "/api/auth/csrf")
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	token := strings.Split(string(body), `"`)[3]
	res, _ = browser.PostForm(srv.URL+"/api/auth/callback/credentials", url.Values{
		"csrfToken": {token}, "username": {"alice"}, "password": {"wonderland"}, "callbackUrl": {"/me"},
	})
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	fmt.Println(string(body))
	// Output: Hello, Alice
}

func ExampleDefaultRedirect() {
	base := "https://example.com"
	for _, target := range []string{"/account", "https://example.com/a?b=c", "//evil.example", "/%2F%2Fevil.example", "javascript:alert(1)"} {
		fmt.Println(gatehouse.DefaultRedirect(target, base))
	}
	// Output:
	// https://example.com/account
	// https://example.com/a?b=c
	// https://example.com
	// https://example.com
	// https://example.com
}
