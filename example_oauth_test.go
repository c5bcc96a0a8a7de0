package gatehouse_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
	"github.com/gatehouse-go/gatehouse/providers/services"
)

// This example configures "Sign in with GitHub" and starts a sign-in as the
// sign-in page's button does: the handler answers with GitHub's
// authorization URL, carrying state and a PKCE challenge that it also keeps
// in encrypted cookies for the callback.
func Example_oauth() {
	gh, err := services.GitHub.New(oauth.Options{ClientID: "my-client-id", ClientSecret: "my-client-secret"})
	if err != nil {
		log.Fatal(err)
	}
	auth, err := gatehouse.New(gatehouse.Config{
		Secrets:   []string{"an example secret of at least thirty-two bytes"},
		URL:       "https://example.com/api/auth",
		Adapter:   memory.New(),
		Providers: []providers.Provider{gh},
	})
	if err != nil {
		log.Fatal(err)
	}

	// GET /csrf, then POST /signin/github with the token.
	w := httptest.NewRecorder()
	auth.ServeHTTP(w, httptest.NewRequest("GET", "https://example.com/api/auth/csrf", nil))
	var csrfCookie *http.Cookie
	for _, c := range w.Result().Cookies() {
		csrfCookie = c
	}
	token, _ := url.QueryUnescape(csrfCookie.Value)
	form := url.Values{"csrfToken": {token[:64]}, "callbackUrl": {"/dashboard"}}
	req := httptest.NewRequest("POST", "https://example.com/api/auth/signin/github?login=octocat", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(csrfCookie)
	w = httptest.NewRecorder()
	auth.ServeHTTP(w, req)

	loc, _ := url.Parse(w.Header().Get("Location"))
	q := loc.Query()
	fmt.Println(w.Code, loc.Host+loc.Path)
	fmt.Println("redirect_uri:", q.Get("redirect_uri"))
	fmt.Println("login:", q.Get("login"), "challenge method:", q.Get("code_challenge_method"), "state set:", q.Get("state") != "")
	for _, c := range w.Result().Cookies() {
		fmt.Println("cookie:", c.Name)
	}
	// Output:
	// 302 github.com/login/oauth/authorize
	// redirect_uri: https://example.com/api/auth/callback/github
	// login: octocat challenge method: S256 state set: true
	// cookie: __Secure-authjs.callback-url
	// cookie: __Secure-authjs.state
	// cookie: __Secure-authjs.pkce.code_verifier
}

// AccessToken gives application code the user's token for the provider's
// API, refreshing it first when it has expired.
func ExampleAuth_AccessToken() {
	ctx := context.Background()
	store := memory.New()
	gh, _ := services.GitHub.New(oauth.Options{ClientID: "id", ClientSecret: "secret"})
	auth, err := gatehouse.New(gatehouse.Config{
		Secrets:   []string{"an example secret of at least thirty-two bytes"},
		URL:       "https://example.com/api/auth",
		Adapter:   store,
		Providers: []providers.Provider{gh},
	})
	if err != nil {
		log.Fatal(err)
	}
	// What a GitHub sign-in stored.
	u, _ := store.CreateUser(ctx, &adapter.User{Name: "Octo Cat"})
	_ = store.LinkAccount(ctx, &adapter.Account{UserID: u.ID, Type: "oauth", Provider: "github", ProviderAccountID: "583231",
		AccessToken: "gho_example", ExpiresAt: time.Now().Add(time.Hour).Unix()})

	tok, err := auth.AccessToken(ctx, u.ID, "github")
	fmt.Println(tok, err)
	// Output: gho_example <nil>
}
