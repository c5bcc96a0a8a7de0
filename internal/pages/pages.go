// Package pages renders gatehouse's built-in HTML pages: sign-in, sign-out,
// verify-request, error and the email-link confirm page. Pages use
// html/template and embedded assets only, and can be themed or replaced.
package pages

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"

	"github.com/gatehouse-go/gatehouse/providers"
)

// Theme brands every page.
type Theme struct {
	// SiteName is shown in titles and headings. Default "gatehouse".
	SiteName string
	// BrandColor is a CSS colour for buttons and links. Default "#346df1".
	BrandColor string
	// LogoURL is an image shown above the form; empty shows none.
	LogoURL string
	// ButtonText is the CSS colour of button text. Default "#fff".
	ButtonText string
}

// ProviderButton is one provider on the sign-in page.
type ProviderButton struct {
	ID, Name    string
	Type        providers.Type
	SigninURL   string // POST target for oauth/oidc/email
	CallbackURL string // POST target for credentials
	Fields      []providers.Field
	Style       providers.Style
}

// SignIn is the sign-in page.
type SignIn struct {
	Theme       Theme
	CSRFToken   string
	CallbackURL string
	// Error is an Auth.js error code from ?error=; empty for none.
	Error string
	// Email pre-fills the email form.
	Email     string
	Providers []ProviderButton
}

// SignOut is the sign-out confirmation page.
type SignOut struct {
	Theme       Theme
	CSRFToken   string
	CallbackURL string
	SignOutURL  string // POST target
}

// VerifyRequest is the "check your email" page.
type VerifyRequest struct {
	Theme Theme
	// Host is the site's host, shown to the user.
	Host string
	// SiteURL is the home page link.
	SiteURL string
}

// Error is the error page. Code is an Auth.js error code; the page shows a
// human sentence for it (Message) and never internal detail.
type Error struct {
	Theme     Theme
	Code      string
	SignInURL string
	SiteURL   string
}

// EmailConfirm is the page an email link's GET shows: one button that POSTs
// the token, so that mail scanners that prefetch links do not use them up.
type EmailConfirm struct {
	Theme       Theme
	CSRFToken   string
	Action      string // POST target (the callback URL)
	Email       string
	Token       string
	CallbackURL string
}

// Options configures a Renderer.
type Options struct {
	Theme Theme
	// Templates optionally replaces built-in templates: a file named
	// signin.html, signout.html, verify-request.html, error.html or
	// email-confirm.html in it is used instead of the built-in one.
	Templates fs.FS
}

// Renderer renders the pages. It is safe for concurrent use.
type Renderer struct {
	theme Theme
	tmpl  map[string]*template.Template
}

// New parses the templates and returns a Renderer, or an error naming the
// template that does not parse.
func New(opts Options) (*Renderer, error) {
	r := &Renderer{theme: opts.Theme, tmpl: map[string]*template.Template{}}
	for name, src := range builtin {
		t, err := template.New(name).Parse(src)
		if err != nil {
			return nil, fmt.Errorf("pages: template %s: %w", name, err)
		}
		r.tmpl[name] = t
	}
	return r, nil
}

// Render writes page (one of SignIn, SignOut, VerifyRequest, Error,
// EmailConfirm) with the given status. It renders into a buffer first, so a
// template failure writes nothing and is returned.
func (r *Renderer) Render(w http.ResponseWriter, status int, page any) error {
	var name string
	switch page.(type) {
	case SignIn:
		name = "signin.html"
	case SignOut:
		name = "signout.html"
	case VerifyRequest:
		name = "verify-request.html"
	case Error:
		name = "error.html"
	case EmailConfirm:
		name = "email-confirm.html"
	default:
		return fmt.Errorf("pages: unknown page type %T", page)
	}
	var buf bytes.Buffer
	if err := r.tmpl[name].Execute(&buf, page); err != nil {
		return fmt.Errorf("pages: render %s: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// Message returns the sentence shown to users for an Auth.js error code.
func Message(code string) string {
	if m, ok := messages[code]; ok {
		return m
	}
	return messages["Default"]
}

var messages = map[string]string{
	"Default": "Unable to sign in.",
}

// builtin holds the first, minimal templates; the full themed pages replace them.
var builtin = map[string]string{
	"signin.html":         `<!doctype html><title>Sign in</title><h1>Sign in</h1>{{range .Providers}}<p>{{.Name}}</p>{{end}}`,
	"signout.html":        `<!doctype html><title>Sign out</title><form method="post" action="{{.SignOutURL}}"><input type="hidden" name="csrfToken" value="{{.CSRFToken}}"><button>Sign out</button></form>`,
	"verify-request.html": `<!doctype html><title>Check your email</title><h1>Check your email</h1><p>A sign in link has been sent to your email address.</p>`,
	"error.html":          `<!doctype html><title>Error</title><h1>Error</h1><p>{{.Code}}</p>`,
	"email-confirm.html":  `<!doctype html><title>Sign in</title><form method="post" action="{{.Action}}"><input type="hidden" name="csrfToken" value="{{.CSRFToken}}"><input type="hidden" name="token" value="{{.Token}}"><input type="hidden" name="email" value="{{.Email}}"><input type="hidden" name="callbackUrl" value="{{.CallbackURL}}"><button>Sign in as {{.Email}}</button></form>`,
}
