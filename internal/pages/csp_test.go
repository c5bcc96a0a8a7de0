package pages_test

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gatehouse-go/gatehouse/internal/pages"
	"github.com/gatehouse-go/gatehouse/providers"
)

// directives splits a Content-Security-Policy into its directives.
func directives(t *testing.T, csp string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, d := range strings.Split(csp, ";") {
		f := strings.Fields(d)
		if len(f) == 0 {
			t.Fatalf("empty directive in %q", csp)
		}
		if _, dup := out[f[0]]; dup {
			t.Fatalf("directive %s twice in %q", f[0], csp)
		}
		out[f[0]] = f[1:]
	}
	return out
}

// sha256Source is the CSP hash source of s, computed here independently of
// pages.Hash.
func sha256Source(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

func TestHash(t *testing.T) {
	// The SHA-256 of the empty string, as CSP writes it.
	if got := pages.Hash(""); got != "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='" {
		t.Errorf("Hash(\"\") = %s", got)
	}
}

// TestPagesCSP renders every page and checks its Content-Security-Policy:
// nothing by default, the hash of the page's own <style> text (as the
// browser hashes it), images, forms and redirects the page needs, no
// inline anything without a hash.
func TestPagesCSP(t *testing.T) {
	r := newRenderer(t, pages.Options{Theme: pages.Theme{LogoURL: "https://cdn.example/logo.png"}})
	signIn := pages.SignIn{CallbackURL: "https://app.example/after", Providers: []pages.ProviderButton{
		{ID: "gh", Name: "GitHub", Type: providers.TypeOAuth, SigninURL: "https://auth.example/api/auth/signin/gh",
			Style:         providers.Style{Background: "#24292f", Text: "#fff", Logo: "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="},
			FormRedirects: []string{"https://github.com/login/oauth/authorize"}},
		{ID: "email", Name: "Email", Type: providers.TypeEmail, SigninURL: "https://auth.example/api/auth/signin/email"},
		{ID: "credentials", Name: "Password", Type: providers.TypeCredentials, CallbackURL: "/api/auth/callback/credentials",
			Fields: []providers.Field{{Name: "password", Type: "password"}}},
	}}
	tests := []struct {
		name       string
		page       any
		img, forms []string
	}{
		{"signin", signIn, []string{"https://cdn.example", "data:"}, []string{"https://auth.example", "'self'", "https://app.example", "https://github.com"}},
		{"signout", &pages.SignOut{SignOutURL: "https://auth.example/api/auth/signout", CallbackURL: "https://auth.example/"}, []string{"https://cdn.example"}, []string{"https://auth.example"}},
		{"verify-request", pages.VerifyRequest{Host: "auth.example", SiteURL: "https://auth.example"}, []string{"https://cdn.example"}, nil},
		{"error", pages.Error{Code: "Verification", SignInURL: "/api/auth/signin", SiteURL: "/"}, []string{"https://cdn.example"}, nil},
		{"email-confirm", pages.EmailConfirm{Action: "https://auth.example/api/auth/callback/email", Email: "a@example.com", Token: "t", CallbackURL: "/dashboard"}, []string{"https://cdn.example"}, []string{"https://auth.example", "'self'"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := render(t, r, tt.page)
			csp := p.rec.Header().Get("Content-Security-Policy")
			d := directives(t, csp)
			styles := all(p.doc, tag("style"))
			if len(styles) != 1 {
				t.Fatalf("%d <style> elements, want 1", len(styles))
			}
			want := map[string][]string{
				"default-src":     {"'none'"},
				"style-src":       {sha256Source(styles[0].FirstChild.Data)},
				"img-src":         tt.img,
				"frame-ancestors": {"'none'"},
				"base-uri":        {"'none'"},
			}
			if tt.forms != nil {
				want["form-action"] = tt.forms
			}
			if len(d) != len(want) {
				t.Errorf("CSP %q has %d directives, want %d", csp, len(d), len(want))
			}
			for k, v := range want {
				if strings.Join(d[k], " ") != strings.Join(v, " ") {
					t.Errorf("%s = %q, want %q (CSP %q)", k, d[k], v, csp)
				}
			}
			if strings.Contains(csp, "unsafe") {
				t.Errorf("CSP %q allows something unsafe", csp)
			}
			if p.rec.Header().Get("Referrer-Policy") != "no-referrer" {
				t.Errorf("Referrer-Policy %q", p.rec.Header().Get("Referrer-Policy"))
			}
		})
	}

	// The style hash follows the theme.
	a := render(t, r, pages.Error{Code: "Default"}).rec.Header().Get("Content-Security-Policy")
	b := render(t, r, pages.Error{Code: "Default", Theme: pages.Theme{BrandColor: "#0b6e4f"}}).rec.Header().Get("Content-Security-Policy")
	if a == b {
		t.Error("two brand colours gave one style hash")
	}
}

// TestPagesCSPCustomTemplates: a fixed inline script in a template is
// allowed by its hash (computed from the template, so adding a script to a
// page needs no other change); a script built with template actions is
// refused by New; a style attribute is allowed by hash with
// 'unsafe-hashes'; data in the page never becomes an allowed script.
func TestPagesCSPCustomTemplates(t *testing.T) {
	const script = "\ndocument.documentElement.dataset.ready = \"1\";\n"
	custom := fstest.MapFS{
		"signin.html": {Data: []byte(`{{define "title"}}Sign in{{end}}{{define "content"}}<p style="color: #333">{{.Error}}</p>` +
			`<script>` + script + `</script><script type="application/json">{{.CallbackURL}}</script>{{end}}{{template "layout" .}}`)},
	}
	r := newRenderer(t, pages.Options{Templates: custom})
	rec := httptest.NewRecorder()
	if err := r.Render(rec, 200, pages.SignIn{Error: "Default", CallbackURL: "</script><script>alert(1)</script>"}); err != nil {
		t.Fatal(err)
	}
	d := directives(t, rec.Header().Get("Content-Security-Policy"))
	if got := strings.Join(d["script-src"], " "); got != sha256Source(script) {
		t.Errorf("script-src %q, want only the template's script %s", got, sha256Source(script))
	}
	if s := strings.Join(d["style-src"], " "); !strings.Contains(s, "'unsafe-hashes' "+sha256Source("color: #333")) {
		t.Errorf("style-src %q lacks the style attribute's hash", s)
	}
	// Pages without a script get no script-src.
	rec = httptest.NewRecorder()
	if err := r.Render(rec, 200, pages.Error{}); err != nil {
		t.Fatal(err)
	}
	if d := directives(t, rec.Header().Get("Content-Security-Policy")); d["script-src"] != nil {
		t.Errorf("the error page allows scripts: %v", d["script-src"])
	}

	computed := fstest.MapFS{"error.html": {Data: []byte(`{{define "title"}}x{{end}}{{define "content"}}<script>var code = {{.Code}};</script>{{end}}{{template "layout" .}}`)}}
	if _, err := pages.New(pages.Options{Templates: computed}); err == nil || !strings.Contains(err.Error(), "inline <script> with template actions") {
		t.Errorf("New with a computed script: %v, want an error", err)
	}
}
