package gatehouse_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/email"
)

// This example signs in with an email link. The provider runs in dev mode,
// which records links instead of mailing them; in production it is given
// Server (smtp://user:pass@host:587) and From. Opening the link shows a
// confirmation page whose button signs the user in.
func Example_emailSignIn() {
	links, err := email.New(email.Options{DevMode: true, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		log.Fatal(err)
	}
	store := memory.New()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	auth, err := gatehouse.New(gatehouse.Config{
		Secrets:   []string{"an example secret of at least 32 bytes!"},
		URL:       srv.URL + "/api/auth",
		Adapter:   store,
		Providers: []providers.Provider{links},
		Email:     gatehouse.EmailConfig{RateLimit: gatehouse.RateLimit{Identifier: 2}}, // links per address per 30 s
	})
	if err != nil {
		log.Fatal(err)
	}
	mux.Handle("/api/auth/", auth)

	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	var csrf struct{ CSRFToken string }
	res, _ := browser.Get(srv.URL + "/api/auth/csrf")
	_ = jsonDecode(res, &csrf)

	// The sign-in form: the browser ends on the "check your email" page.
	res, _ = browser.PostForm(srv.URL+"/api/auth/signin/email", url.Values{
		"csrfToken": {csrf.CSRFToken}, "email": {"Bob@Example.com"}, "callbackUrl": {"/"},
	})
	res.Body.Close()
	fmt.Println("after the form:", res.Request.URL.Path)

	// The link from the mail; its page posts the token back.
	link := links.DevLinks()[0]
	fmt.Println("link for:", link.Identifier)
	res, _ = browser.Get(link.URL)
	page := readAll(res)
	form := url.Values{}
	for _, m := range regexp.MustCompile(`name="([^"]+)" value="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	res, _ = browser.PostForm(srv.URL+"/api/auth/callback/email", form)
	res.Body.Close()

	user, _ := store.GetUserByEmail(context.Background(), "bob@example.com")
	fmt.Println("verified:", user.EmailVerified != nil)
	// Output:
	// after the form: /api/auth/verify-request
	// link for: bob@example.com
	// verified: true
}

func jsonDecode(res *http.Response, v any) error {
	defer res.Body.Close()
	return json.NewDecoder(res.Body).Decode(v)
}

func readAll(res *http.Response) string {
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}
