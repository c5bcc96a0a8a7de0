package pages_test

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"

	"github.com/gatehouse-go/gatehouse/internal/pages"
	"github.com/gatehouse-go/gatehouse/providers"
)

func TestCustomTemplatesOverride(t *testing.T) {
	r := newRenderer(t, pages.Options{Templates: os.DirFS("testdata/custom")})

	p := render(t, r, pages.SignIn{CSRFToken: "tok", Error: "CredentialsSignin",
		Providers: []pages.ProviderButton{{ID: "gh", Name: "GitHub", Type: providers.TypeOAuth, SigninURL: "/s/gh"}}})
	if h := all(p.doc, tag("h1")); len(h) != 1 || text(h[0]) != "Acme login" {
		t.Errorf("custom signin.html not used: h1 %v", h)
	}
	if ti := all(p.doc, tag("title")); len(ti) != 1 || !strings.Contains(text(ti[0]), "Welcome back") {
		t.Error("custom title block not used with the built-in layout")
	}
	hidden(t, formFor(t, p.doc, "/s/gh"), "csrfToken", "tok")
	if a := all(p.doc, func(n *html.Node) bool { return attrOf(n, "role") == "alert" }); len(a) != 1 || text(a[0]) != pages.Message("CredentialsSignin") {
		t.Error("message function not available to custom templates")
	}

	p = render(t, r, pages.Error{Code: "AccessDenied"})
	if got := all(p.doc, func(n *html.Node) bool { return attrOf(n, "id") == "msg" }); len(got) != 1 || text(got[0]) != pages.Message("AccessDenied") {
		t.Errorf("custom error.html not used")
	}

	// Pages not in the custom FS keep the built-in template.
	p = render(t, r, pages.SignOut{SignOutURL: "/so"})
	checkDocument(t, p, "en", "Sign out")
}

func TestCustomLayout(t *testing.T) {
	r := newRenderer(t, pages.Options{Templates: os.DirFS("testdata/layout"), Theme: pages.Theme{SiteName: "Acme"}})
	p := render(t, r, pages.VerifyRequest{Host: "acme.example"})
	if b := all(p.doc, tag("body")); len(b) != 1 || attrOf(b[0], "class") != "custom-layout" {
		t.Error("custom layout.html not used")
	}
	if ti := all(p.doc, tag("title")); len(ti) != 1 || text(ti[0]) != "Check your email | Acme" {
		t.Errorf("title %v", ti)
	}
}

func TestCustomTemplateErrors(t *testing.T) {
	tests := []struct {
		name string
		fsys fs.FS
		want []string
	}{
		{"does not parse", os.DirFS("testdata/badparse"), []string{"custom", "signout.html", "does not parse"}},
		{"fails to execute", os.DirFS("testdata/badexec"), []string{"custom", "verify-request.html", "NoSuchField"}},
		{"layout does not parse", fstest.MapFS{"layout.html": {Data: []byte(`{{define "layout"}}{{if}}{{end}}`)}}, []string{"custom", "layout.html"}},
		{"unreadable", errFS{}, []string{"reading custom template", "layout.html", "disk on fire"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := pages.New(pages.Options{Templates: tc.fsys})
			if err == nil {
				t.Fatal("New succeeded, want an error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// errFS fails every open with an error other than "not exist".
type errFS struct{}

var errDisk = errors.New("disk on fire")

func (errFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: errDisk}
}

// TestCheck: Check finds what New finds, for the theme, the language and
// custom templates alike.
func TestCheck(t *testing.T) {
	for _, opts := range []pages.Options{
		{},
		{Lang: "<script>"},
		{Theme: pages.Theme{BrandColor: "red; }"}},
		{Theme: pages.Theme{LogoURL: "javascript:alert(1)"}},
		{Templates: os.DirFS("testdata/badparse")},
		{Templates: os.DirFS("testdata/custom")},
	} {
		_, newErr := pages.New(opts)
		if err := pages.Check(opts); (err == nil) != (newErr == nil) || (err != nil && err.Error() != newErr.Error()) {
			t.Errorf("%+v: Check = %v, New = %v", opts, err, newErr)
		}
	}
}
