package pages_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing/fstest"

	"github.com/gatehouse-go/gatehouse/internal/pages"
	"github.com/gatehouse-go/gatehouse/providers"
)

func ExampleRenderer_Render() {
	r, err := pages.New(pages.Options{})
	if err != nil {
		panic(err)
	}
	rec := httptest.NewRecorder()
	_ = r.Render(rec, 200, pages.VerifyRequest{Host: "example.com"})
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	// Output: 200 text/html; charset=utf-8
}

// A themed sign-in page with one OAuth provider: its button form posts the
// CSRF token and callback URL to the provider's sign-in URL.
func ExampleNew_theme() {
	r, err := pages.New(pages.Options{Theme: pages.Theme{SiteName: "Acme", BrandColor: "#0b6e4f"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	rec := httptest.NewRecorder()
	err = r.Render(rec, 200, pages.SignIn{
		CSRFToken:   "token",
		CallbackURL: "/dashboard",
		Providers: []pages.ProviderButton{
			{ID: "github", Name: "GitHub", Type: providers.TypeOAuth, SigninURL: "/api/auth/signin/github"},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	body := rec.Body.String()
	fmt.Println(strings.Contains(body, `<form class="provider provider-github" method="post" action="/api/auth/signin/github">`))
	fmt.Println(strings.Contains(body, "--brand:#0b6e4f"))
	fmt.Println(strings.Contains(body, "<title>Sign in – Acme</title>"))
	// Output:
	// true
	// true
	// true
}

// Colours go into a style block, so New accepts only CSS colour syntax.
func ExampleNew_badColor() {
	_, err := pages.New(pages.Options{Theme: pages.Theme{BrandColor: "red;}body{display:none"}})
	fmt.Println(err)
	// Output: pages: Options.Theme.BrandColor: not a CSS colour: "red;}body{display:none"; use a hex colour such as #346df1, rgb(52 109 241), hsl(222 87% 57%) or a named colour such as navy
}

// A custom error.html replaces the built-in error page; the other pages keep
// the built-in templates.
func ExampleOptions_templates() {
	custom := fstest.MapFS{"error.html": {Data: []byte(
		`{{define "title"}}Oops{{end}}{{define "content"}}<p>{{message .Code}}</p>{{end}}{{template "layout" .}}`)}}
	r, err := pages.New(pages.Options{Templates: custom})
	if err != nil {
		fmt.Println(err)
		return
	}
	rec := httptest.NewRecorder()
	_ = r.Render(rec, 403, pages.Error{Code: "AccessDenied"})
	fmt.Println(strings.Contains(rec.Body.String(), "<p>You do not have permission to sign in.</p>"))
	// Output: true
}

func ExampleMessage() {
	fmt.Println(pages.Message("Verification"))
	fmt.Println(pages.Message("no such code"))
	// Output:
	// This sign in link is no longer valid. It may have been used already or it may have expired. Request a new one.
	// Unable to sign in.
}
