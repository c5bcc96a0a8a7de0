package pages

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"

	"github.com/gatehouse-go/gatehouse/providers"
)

// Theme brands every page.
type Theme struct {
	// SiteName is shown in titles and headings. Default "gatehouse".
	SiteName string
	// BrandColor is a CSS colour for buttons and links. Default "#346df1".
	BrandColor string
	// ColorScheme is "auto" (follow the browser's prefers-color-scheme),
	// "light" or "dark", as Auth.js's theme.colorScheme. Default "auto".
	ColorScheme string
	// LogoURL is an image shown above the form: an http(s) URL, a path on
	// this site ("/logo.svg"), or a base64 data:image URL (PNG, GIF, JPEG,
	// WebP, SVG). Default "": no logo.
	LogoURL string
	// ButtonText is the CSS colour of button text. Default "#fff". Colours
	// are checked with CheckColor; pick one with 4.5:1 contrast against
	// BrandColor (the defaults give 4.56:1).
	ButtonText string
}

// ProviderButton is one provider on the sign-in page. OAuth and OIDC
// providers get a button, email providers an email form, credentials
// providers a form of their Fields, WebAuthn providers a passkey form run by
// the page's one script.
type ProviderButton struct {
	// ID is the provider id; it makes the form's input ids unique.
	// Name is shown on the button ("Sign in with Name").
	ID, Name string
	// Type selects the form shown.
	Type        providers.Type
	SigninURL   string // POST target for oauth/oidc/email; GET options URL for webauthn
	CallbackURL string // POST target for credentials
	// Fields are the credentials form's inputs, in order. A field without a
	// Label is labelled with its Name; an unknown Type becomes "text".
	Fields []providers.Field
	// Style themes an OAuth/OIDC button. Its colours must pass CheckColor
	// and Logo must be an http(s), path or data:image URL, or Render fails.
	Style providers.Style
	// FormRedirects are the URLs (or origins) an OAuth/OIDC sign-in form's
	// POST may redirect the browser to: the provider's authorization
	// endpoint. The page's Content-Security-Policy form-action allows
	// them, since browsers check form-action on that redirect too.
	FormRedirects []string
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
	// DevMode says that the email provider is in dev mode: nothing was
	// sent, the link is in the server's log and, when DevLinksURL is set,
	// listed on that page.
	DevMode     bool
	DevLinksURL string
}

// Error is the error page. Code is an Auth.js error code; the page shows a
// human sentence for it (Message) and never internal detail.
type Error struct {
	Theme     Theme
	Code      string
	SignInURL string
	SiteURL   string
	// Detail, when set, is a sentence shown below the message that says
	// what went wrong and how to fix it. It is for problems the person at
	// the browser can act on (such as opening the site at its configured
	// address) and must hold nothing secret.
	Detail string
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
	// Theme brands every page. Empty fields take the defaults documented on
	// Theme; a page's own non-empty Theme fields override these.
	Theme Theme
	// Templates optionally replaces built-in templates: a file named
	// signin.html, signout.html, verify-request.html, error.html or
	// email-confirm.html in it is used instead of the built-in one.
	//
	// Each page template is parsed together with the shared layout, so a
	// replacement may either be a complete document or define "title" and
	// "content" and end with {{template "layout" .}}. A layout.html in
	// Templates replaces the shared layout for every page. Templates execute
	// with the page struct (SignIn, SignOut, ...) as dot, with its Theme
	// filled in, and may call the functions message, heading, lang, logoURL,
	// buttonStyle, themeCSS, schemeCSS, divider, inputType and autocomplete. Every
	// page is sent with a Content-Security-Policy computed from it (see
	// csp.go): its <style> elements, images and forms are allowed, and
	// fixed inline <script> elements written in the templates; a layout.html
	// may define a "style" block inside its <style> element, which the
	// built-in signin.html fills with the providers' button colours.
	// Default nil: built-in templates only.
	Templates fs.FS
	// Lang is the pages' language tag, set as <html lang>. Default "en".
	Lang string
}

//go:embed templates/*.html
var builtinFS embed.FS

// pageNames are the page templates, in the order New checks them.
var pageNames = []string{"signin.html", "signout.html", "verify-request.html", "error.html", "email-confirm.html"}

const layoutName = "layout.html"

// Renderer renders the pages. It is safe for concurrent use.
type Renderer struct {
	theme Theme
	lang  string
	tmpl  map[string]*template.Template
	// scripts are the hashes of each page's inline scripts (its template's
	// and the layout's), for the Content-Security-Policy (csp.go).
	scripts map[string][]string
}

var langRE = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)

// New validates opts, parses the templates and returns a Renderer. It
// returns an error naming the theme field that is not valid, or the template
// that does not parse or fails to execute on sample data.
func New(opts Options) (*Renderer, error) {
	lang, theme, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	r := &Renderer{lang: lang, theme: theme, tmpl: map[string]*template.Template{}, scripts: map[string][]string{}}

	layout, layoutOrigin, err := load(opts.Templates, layoutName)
	if err != nil {
		return nil, err
	}
	layoutScripts, err := templateScripts(layoutOrigin, layoutName, layout)
	if err != nil {
		return nil, err
	}
	for _, name := range pageNames {
		src, origin, err := load(opts.Templates, name)
		if err != nil {
			return nil, err
		}
		t := template.New(name).Funcs(r.funcs())
		if _, err := t.New(layoutName).Parse(layout); err != nil {
			return nil, fmt.Errorf("pages: %s template %s does not parse: %w", layoutOrigin, layoutName, err)
		}
		if _, err := t.Parse(src); err != nil {
			return nil, fmt.Errorf("pages: %s template %s does not parse: %w", origin, name, err)
		}
		r.tmpl[name] = t
		scripts, err := templateScripts(origin, name, src)
		if err != nil {
			return nil, err
		}
		r.scripts[name] = append(append([]string(nil), layoutScripts...), scripts...)
		if _, err := r.render(io.Discard, samplePage(name)); err != nil {
			return nil, fmt.Errorf("pages: %s template %s fails on sample data: %w", origin, name, err)
		}
	}
	return r, nil
}

// Check reports the error New would return for opts, without parsing the
// built-in templates (which are known to be good): it checks the language
// and the theme, and parses only custom Templates.
func Check(opts Options) error {
	if opts.Templates != nil {
		_, err := New(opts)
		return err
	}
	_, _, err := opts.resolve()
	return err
}

// resolve returns the language and the theme of opts, defaults applied,
// or the error that makes them unusable.
func (opts Options) resolve() (string, Theme, error) {
	lang := opts.Lang
	if lang == "" {
		lang = "en"
	}
	if !langRE.MatchString(lang) {
		return "", Theme{}, fmt.Errorf("pages: Options.Lang %q is not a language tag; use one such as \"en\" or \"pt-BR\"", opts.Lang)
	}
	theme, err := resolveTheme(defaultTheme, opts.Theme)
	if err != nil {
		return "", Theme{}, fmt.Errorf("pages: Options.%w", err)
	}
	return lang, theme, nil
}

// load returns the source of a template from custom, else the built-in one.
func load(custom fs.FS, name string) (src, origin string, err error) {
	if custom != nil {
		b, err := fs.ReadFile(custom, name)
		switch {
		case err == nil:
			return string(b), "custom", nil
		case !errors.Is(err, fs.ErrNotExist):
			return "", "", fmt.Errorf("pages: reading custom template %s: %w", name, err)
		}
	}
	b, err := builtinFS.ReadFile("templates/" + name)
	if err != nil {
		return "", "", fmt.Errorf("pages: built-in template %s: %w", name, err)
	}
	return string(b), "built-in", nil
}

// samplePage is representative data used to check templates in New.
func samplePage(name string) any {
	switch name {
	case "signin.html":
		return SignIn{Error: "Default", CallbackURL: "/", Providers: []ProviderButton{
			{ID: "oauth", Name: "OAuth", Type: providers.TypeOAuth, SigninURL: "/signin/oauth"},
			{ID: "email", Name: "Email", Type: providers.TypeEmail, SigninURL: "/signin/email"},
			{ID: "credentials", Name: "Credentials", Type: providers.TypeCredentials, CallbackURL: "/callback/credentials",
				Fields: []providers.Field{{Name: "password", Type: "password"}}},
		}}
	case "signout.html":
		return SignOut{SignOutURL: "/signout"}
	case "verify-request.html":
		return VerifyRequest{Host: "example.com", SiteURL: "/"}
	case "error.html":
		return Error{Code: "Default", SignInURL: "/signin", SiteURL: "/"}
	default:
		return EmailConfirm{Action: "/callback/email", Email: "user@example.com"}
	}
}

// Render writes page (one of SignIn, SignOut, VerifyRequest, Error,
// EmailConfirm, or a pointer to one) with the given status. It renders into
// a buffer first, so a template failure writes nothing and is returned.
//
// Pages are sent with no-store caching, nosniff, no referrer, a ban on
// framing by any site (X-Frame-Options and CSP frame-ancestors) and a
// Content-Security-Policy that allows only what the page holds (csp.go).
// Strict-Transport-Security is the caller's, which knows whether the page
// is served over https.
//
// status must be a valid HTTP status code (100-599); anything else is an
// error, not a panic from the ResponseWriter.
func (r *Renderer) Render(w http.ResponseWriter, status int, page any) error {
	if status < 100 || status > 599 {
		return fmt.Errorf("pages: status %d is not an HTTP status code (100-599)", status)
	}
	var buf bytes.Buffer
	name, err := r.render(&buf, page)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	// No other site may frame a page whose one button signs in, signs
	// out or uses a sign-in link (clickjacking).
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", pagePolicy(buf.Bytes(), r.scripts[name], formRedirects(page)))
	w.WriteHeader(status)
	_, err = w.Write(buf.Bytes())
	return err
}

// page is implemented by pointers to the page types: the template that
// renders the page, and the page's theme.
type page interface {
	template() (name string, theme *Theme)
}

func (p *SignIn) template() (string, *Theme)        { return "signin.html", &p.Theme }
func (p *SignOut) template() (string, *Theme)       { return "signout.html", &p.Theme }
func (p *VerifyRequest) template() (string, *Theme) { return "verify-request.html", &p.Theme }
func (p *Error) template() (string, *Theme)         { return "error.html", &p.Theme }
func (p *EmailConfirm) template() (string, *Theme)  { return "email-confirm.html", &p.Theme }

// render resolves the page's theme and executes its template into w. pg
// is a page or a pointer to one; it is rendered from a copy whose theme is
// filled in, so the caller's page is not changed.
func (r *Renderer) render(w io.Writer, pg any) (string, error) {
	v := reflect.ValueOf(pg)
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "", fmt.Errorf("pages: nil %T", pg)
		}
		v = v.Elem()
	}
	var p page
	if v.IsValid() {
		cp := reflect.New(v.Type())
		cp.Elem().Set(v)
		p, _ = cp.Interface().(page)
	}
	if p == nil {
		return "", fmt.Errorf("pages: unknown page type %T; pass a SignIn, SignOut, VerifyRequest, Error or EmailConfirm", pg)
	}
	name, th := p.template()
	theme, err := resolveTheme(r.theme, *th)
	if err != nil {
		return name, fmt.Errorf("pages: %s page %w", strings.TrimSuffix(name, ".html"), err)
	}
	*th = theme
	return name, r.execute(w, name, p)
}

func (r *Renderer) execute(w io.Writer, name string, page any) error {
	if err := r.tmpl[name].Execute(w, page); err != nil {
		return fmt.Errorf("pages: render %s: %w", name, err)
	}
	return nil
}

var defaultTheme = Theme{
	SiteName:    "gatehouse",
	BrandColor:  "#346df1",
	ButtonText:  "#fff",
	ColorScheme: SchemeAuto,
}

// resolveTheme overlays the non-empty fields of over on base and validates
// the result. Errors name the Theme field.
func resolveTheme(base, over Theme) (Theme, error) {
	t := base
	for _, f := range []struct {
		dst       *string
		over, def string
	}{
		{&t.SiteName, over.SiteName, defaultTheme.SiteName},
		{&t.BrandColor, over.BrandColor, defaultTheme.BrandColor},
		{&t.LogoURL, over.LogoURL, ""},
		{&t.ButtonText, over.ButtonText, defaultTheme.ButtonText},
		{&t.ColorScheme, over.ColorScheme, defaultTheme.ColorScheme},
	} {
		if f.over != "" {
			*f.dst = f.over
		}
		if *f.dst == "" {
			*f.dst = f.def
		}
	}
	if err := CheckColor(t.BrandColor); err != nil {
		return Theme{}, fmt.Errorf("Theme.BrandColor: %w", err)
	}
	if err := CheckColor(t.ButtonText); err != nil {
		return Theme{}, fmt.Errorf("Theme.ButtonText: %w", err)
	}
	if err := checkScheme(t.ColorScheme); err != nil {
		return Theme{}, fmt.Errorf("Theme.%w", err)
	}
	if t.LogoURL != "" {
		if _, err := imageURL(t.LogoURL); err != nil {
			return Theme{}, fmt.Errorf("Theme.LogoURL: %w", err)
		}
	}
	return t, nil
}

// ErrBadImageURL is returned (wrapped) when a logo URL is not an accepted
// image URL.
var ErrBadImageURL = errors.New("not an image URL")

var dataImageRE = regexp.MustCompile(`^data:image/(png|gif|jpeg|webp|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$`)

// imageURL checks a logo URL: an absolute http(s) URL, a path on this site,
// or a base64 data: URL of a PNG, GIF, JPEG, WebP or SVG image.
func imageURL(s string) (template.URL, error) {
	switch {
	case dataImageRE.MatchString(s):
		return template.URL(s), nil
	case strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") && !strings.HasPrefix(s, `/\`):
		if _, err := url.Parse(s); err == nil {
			return template.URL(s), nil
		}
	default:
		u, err := url.Parse(s)
		if err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
			return template.URL(s), nil
		}
	}
	shown := s
	if len(shown) > 40 {
		shown = shown[:40] + "…"
	}
	return "", fmt.Errorf("%w: %q; use an https:// URL, a path such as /logo.svg, or a data:image/...;base64, URL", ErrBadImageURL, shown)
}

// funcs are the functions templates may call.
func (r *Renderer) funcs() template.FuncMap {
	return template.FuncMap{
		"message": Message,
		"passkey": func(page any, p ProviderButton) passkeyForm { return passkeyForm{Page: page, P: p} },
		"heading": Heading,
		"lang":    func() string { return r.lang },
		"logoURL": imageURL,
		"themeCSS": func(t Theme) (template.CSS, error) {
			if err := CheckColor(t.BrandColor); err != nil {
				return "", fmt.Errorf("Theme.BrandColor: %w", err)
			}
			if err := CheckColor(t.ButtonText); err != nil {
				return "", fmt.Errorf("Theme.ButtonText: %w", err)
			}
			return template.CSS("--brand:" + t.BrandColor + ";--button-text:" + t.ButtonText +
				";--link:" + t.BrandColor + ";--focus:" + t.BrandColor + ";" + lightColors), nil
		},
		"schemeCSS": schemeCSS,
		"buttonStyle": func(s providers.Style) (template.CSS, error) {
			var b strings.Builder
			if s.Background != "" {
				if err := CheckColor(s.Background); err != nil {
					return "", fmt.Errorf("provider Style.Background: %w", err)
				}
				b.WriteString("--btn-bg:" + s.Background + ";")
			}
			if s.Text != "" {
				if err := CheckColor(s.Text); err != nil {
					return "", fmt.Errorf("provider Style.Text: %w", err)
				}
				b.WriteString("--btn-fg:" + s.Text + ";")
				if s.Background == "" {
					// Text colour alone on the brand background may be
					// unreadable; show the button outlined on white.
					b.WriteString("--btn-bg:#fff;")
				}
			}
			return template.CSS(b.String()), nil
		},
		"divider":      divider,
		"inputType":    inputType,
		"autocomplete": autocomplete,
	}
}

// divider reports whether an "or" separator goes before provider i: between
// two providers when either of them shows a form (email or credentials).
func divider(i int, ps []ProviderButton) bool {
	if i <= 0 || i >= len(ps) {
		return false
	}
	form := func(t providers.Type) bool {
		return t == providers.TypeEmail || t == providers.TypeCredentials || t == providers.TypeWebAuthn
	}
	return form(ps[i].Type) || form(ps[i-1].Type)
}

// inputType maps a Field.Type to an HTML input type, defaulting to "text".
func inputType(t string) string {
	switch t = strings.ToLower(t); t {
	case "text", "password", "email", "number", "tel", "url", "search":
		return t
	}
	return "text"
}

// autocomplete picks an autocomplete hint for a credentials field.
func autocomplete(f providers.Field) string {
	switch {
	case strings.EqualFold(f.Type, "password"):
		return "current-password"
	case strings.EqualFold(f.Type, "email"), strings.EqualFold(f.Name, "email"):
		return "email"
	case strings.EqualFold(f.Name, "username"):
		return "username"
	}
	return ""
}

// Message returns the sentence shown to users for an Auth.js error code. An
// unknown code gets the "Default" sentence; no code ever shows internal
// detail.
func Message(code string) string {
	if m, ok := messages[code]; ok {
		return m
	}
	return messages["Default"]
}

// Heading returns the error page's heading for an Auth.js error code.
func Heading(code string) string {
	switch code {
	case "Configuration":
		return "Server error"
	case "AccessDenied":
		return "Access denied"
	case "Verification":
		return "Sign in link expired"
	case "MissingCSRF":
		return "Please try again"
	}
	return "Unable to sign in"
}

// Codes returns the Auth.js error codes that Message has a sentence for.
func Codes() []string {
	return []string{
		"Configuration", "AccessDenied", "Verification", "OAuthSignin", "OAuthCallback",
		"OAuthCreateAccount", "EmailCreateAccount", "Callback", "OAuthAccountNotLinked",
		"EmailSignin", "CredentialsSignin", "SessionRequired", "MissingCSRF", "EmailRateLimited", "WebAuthnVerificationError", "Default",
	}
}

var messages = map[string]string{
	"Configuration":             "There is a problem with this site's sign-in setup. Please try again later, and tell the site owner if it keeps happening.",
	"AccessDenied":              "You do not have permission to sign in.",
	"Verification":              "This sign in link is no longer valid. It may have been used already or it may have expired. Request a new one.",
	"OAuthSignin":               "Signing in with that provider could not be started. Try again, or sign in a different way.",
	"OAuthCallback":             "The sign-in provider's answer could not be used. Try again, or sign in a different way.",
	"OAuthCreateAccount":        "An account could not be created from that provider. Try signing in a different way.",
	"EmailCreateAccount":        "An account could not be created for that email address. Try signing in a different way.",
	"Callback":                  "Signing in could not be completed. Try again, or sign in a different way.",
	"OAuthAccountNotLinked":     "This email address is already linked to another sign-in method. To confirm your identity, sign in the way you did before.",
	"EmailSignin":               "The sign in email could not be sent. Check the address and try again.",
	"CredentialsSignin":         "Sign in failed. Check that the details you entered are correct.",
	"EmailRateLimited":          "A sign in link was sent to this address moments ago. Check your email, or wait a minute before asking for another.",
	"WebAuthnVerificationError": "Your passkey could not be used. Try again, or sign in another way and add a new passkey.",
	"SessionRequired":           "Please sign in to see this page.",
	"MissingCSRF":               "The form expired or was sent from another page. Reload the page and try again.",
	"Default":                   "Unable to sign in.",
}

// passkeyForm is what the sign-in page's "passkey" template renders: the
// page (CSRF token, callback URL, email) and the WebAuthn provider.
type passkeyForm struct {
	Page any
	P    ProviderButton
}
