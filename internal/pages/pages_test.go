package pages_test

import (
	"errors"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"github.com/gatehouse-go/gatehouse/internal/pages"
	"github.com/gatehouse-go/gatehouse/providers"
)

func TestSignInPage(t *testing.T) {
	r := newRenderer(t, pages.Options{})
	tests := []struct {
		name string
		page pages.SignIn
	}{
		{"all providers", pages.SignIn{CSRFToken: "tok123", CallbackURL: "/dashboard", Email: "ada@example.com", Providers: sampleProviders()}},
		{"no callback url", pages.SignIn{CSRFToken: "tok123", Providers: sampleProviders()}},
		{"with error", pages.SignIn{CSRFToken: "tok123", CallbackURL: "https://app.example/x?y=1&z=2", Error: "OAuthAccountNotLinked", Providers: sampleProviders()[:1]}},
		{"unknown error code", pages.SignIn{CSRFToken: "tok123", Error: "SomethingNew", Providers: sampleProviders()[2:3]}},
		{"credentials only", pages.SignIn{CSRFToken: "tok123", Providers: sampleProviders()[3:]}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := render(t, r, tc.page)
			checkDocument(t, p, "en", "Sign in")

			alerts := all(p.doc, func(n *html.Node) bool { return attrOf(n, "role") == "alert" })
			if tc.page.Error == "" {
				if len(alerts) != 0 {
					t.Errorf("alert shown without an error")
				}
			} else {
				if len(alerts) != 1 || text(alerts[0]) != pages.Message(tc.page.Error) {
					t.Errorf("alert = %v, want one with %q", alerts, pages.Message(tc.page.Error))
				}
				if tc.page.Error == "SomethingNew" && strings.Contains(p.body, "SomethingNew") {
					t.Error("unknown error code echoed into the page")
				}
			}

			forms := all(p.doc, tag("form"))
			if len(forms) != len(tc.page.Providers) {
				t.Fatalf("%d forms, want one per provider (%d)", len(forms), len(tc.page.Providers))
			}
			for _, pb := range tc.page.Providers {
				action := pb.SigninURL
				if pb.Type == providers.TypeCredentials {
					action = pb.CallbackURL
				}
				f := formFor(t, p.doc, action)
				hidden(t, f, "csrfToken", tc.page.CSRFToken)
				if tc.page.CallbackURL != "" {
					hidden(t, f, "callbackUrl", tc.page.CallbackURL)
				} else if n := all(f, func(n *html.Node) bool { return attrOf(n, "name") == "callbackUrl" }); len(n) != 0 {
					t.Errorf("form %q has callbackUrl but the page has none", action)
				}
				btn := all(f, tag("button"))
				if len(btn) != 1 || text(btn[0]) != "Sign in with "+pb.Name || attrOf(btn[0], "type") != "submit" {
					t.Errorf("form %q: want one submit button %q", action, "Sign in with "+pb.Name)
				}
				switch pb.Type {
				case providers.TypeEmail:
					in := input(t, f, "email")
					if attrOf(in, "type") != "email" || attrOf(in, "value") != tc.page.Email {
						t.Errorf("email input type=%q value=%q, want email/%q", attrOf(in, "type"), attrOf(in, "value"), tc.page.Email)
					}
					if _, ok := attr(in, "required"); !ok {
						t.Error("email input not required")
					}
				case providers.TypeCredentials:
					for _, fd := range pb.Fields {
						in := input(t, f, fd.Name)
						if attrOf(in, "type") != fd.Type || attrOf(in, "placeholder") != fd.Placeholder {
							t.Errorf("field %q: type=%q placeholder=%q", fd.Name, attrOf(in, "type"), attrOf(in, "placeholder"))
						}
						l := all(f, func(n *html.Node) bool { return n.Data == "label" && attrOf(n, "for") == attrOf(in, "id") })
						if len(l) != 1 || text(l[0]) != fd.Label {
							t.Errorf("field %q: label %v, want %q", fd.Name, l, fd.Label)
						}
					}
					if in := input(t, f, "password"); attrOf(in, "autocomplete") != "current-password" {
						t.Errorf("password autocomplete = %q", attrOf(in, "autocomplete"))
					}
				case providers.TypeOAuth:
					if pb.Style.Logo != "" {
						img := all(f, tag("img"))
						if len(img) != 1 || attrOf(img[0], "src") != pb.Style.Logo || attrOf(img[0], "alt") != "" {
							t.Errorf("provider logo: %v", img)
						}
					}
					css := text(all(p.doc, tag("style"))[0])
					if pb.Style.Background != "" && !strings.Contains(css, ".provider-"+pb.ID+" button{--btn-bg:"+pb.Style.Background) {
						t.Errorf("the page's style lacks the button background %q of %s", pb.Style.Background, pb.ID)
					}
				}
			}
		})
	}
}

func TestSignInDividers(t *testing.T) {
	r := newRenderer(t, pages.Options{})
	oauth := pages.ProviderButton{ID: "a", Name: "A", Type: providers.TypeOAuth, SigninURL: "/a"}
	oauth2 := pages.ProviderButton{ID: "b", Name: "B", Type: providers.TypeOIDC, SigninURL: "/b"}
	email := pages.ProviderButton{ID: "e", Name: "E", Type: providers.TypeEmail, SigninURL: "/e"}
	cred := pages.ProviderButton{ID: "c", Name: "C", Type: providers.TypeCredentials, CallbackURL: "/c"}
	tests := []struct {
		name string
		ps   []pages.ProviderButton
		want int
	}{
		{"one", []pages.ProviderButton{oauth}, 0},
		{"oauth only", []pages.ProviderButton{oauth, oauth2}, 0},
		{"oauth then email", []pages.ProviderButton{oauth, oauth2, email}, 1},
		{"email between", []pages.ProviderButton{oauth, email, oauth2}, 2},
		{"all forms", []pages.ProviderButton{email, cred}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := render(t, r, pages.SignIn{Providers: tc.ps})
			got := all(p.doc, func(n *html.Node) bool { return strings.Contains(attrOf(n, "class"), "divider") })
			if len(got) != tc.want {
				t.Errorf("%d dividers, want %d", len(got), tc.want)
			}
		})
	}
}

func TestSignInSkipsUnknownKinds(t *testing.T) {
	r := newRenderer(t, pages.Options{})
	p := render(t, r, pages.SignIn{Providers: []pages.ProviderButton{{ID: "x", Name: "X", Type: "", SigninURL: "/x"}}})
	if n := len(all(p.doc, tag("form"))); n != 0 {
		t.Errorf("a provider of no kind rendered %d forms, want 0", n)
	}
	p = render(t, r, pages.SignIn{})
	if !strings.Contains(text(p.doc), "No sign-in methods") {
		t.Error("empty provider list gives no explanation")
	}
}

func TestSignOutPage(t *testing.T) {
	r := newRenderer(t, pages.Options{})
	for _, cb := range []string{"", "/after"} {
		p := render(t, r, pages.SignOut{CSRFToken: "tok", CallbackURL: cb, SignOutURL: "/api/auth/signout"})
		checkDocument(t, p, "en", "Sign out")
		f := formFor(t, p.doc, "/api/auth/signout")
		hidden(t, f, "csrfToken", "tok")
		if cb != "" {
			hidden(t, f, "callbackUrl", cb)
		}
		if b := all(f, tag("button")); len(b) != 1 || text(b[0]) != "Sign out" {
			t.Errorf("sign-out button: %v", b)
		}
	}
}

func TestVerifyRequestPage(t *testing.T) {
	r := newRenderer(t, pages.Options{})
	tests := []struct {
		page     pages.VerifyRequest
		wantHref string
		wantText string
	}{
		{pages.VerifyRequest{Host: "example.com", SiteURL: "https://example.com"}, "https://example.com", "example.com"},
		{pages.VerifyRequest{Host: "example.com"}, "", "example.com"},
		{pages.VerifyRequest{SiteURL: "/"}, "/", "Back to the site"},
	}
	for _, tc := range tests {
		p := render(t, r, tc.page)
		checkDocument(t, p, "en", "Check your email")
		if !strings.Contains(text(p.doc), "Check your email") || !strings.Contains(text(p.doc), tc.wantText) {
			t.Errorf("%+v: page text %q lacks %q", tc.page, text(p.doc), tc.wantText)
		}
		links := all(p.doc, tag("a"))
		if tc.wantHref == "" && len(links) != 0 || tc.wantHref != "" && (len(links) != 1 || attrOf(links[0], "href") != tc.wantHref) {
			t.Errorf("%+v: links %v, want href %q", tc.page, links, tc.wantHref)
		}
	}
}

func TestErrorPageEveryCode(t *testing.T) {
	r := newRenderer(t, pages.Options{})
	for _, code := range append(pages.Codes(), "", "NotACode", "internal: pq: relation \"users\" does not exist") {
		t.Run(code, func(t *testing.T) {
			p := render(t, r, pages.Error{Code: code, SignInURL: "/api/auth/signin", SiteURL: "/"})
			checkDocument(t, p, "en", pages.Heading(code))
			a := all(p.doc, func(n *html.Node) bool { return attrOf(n, "role") == "alert" })
			if len(a) != 1 || text(a[0]) != pages.Message(code) {
				t.Errorf("alert %v, want %q", a, pages.Message(code))
			}
			if h := all(p.doc, tag("h1")); len(h) != 1 || text(h[0]) != pages.Heading(code) {
				t.Errorf("h1 %v, want %q", h, pages.Heading(code))
			}
			if code != "" && strings.Contains(p.body, code) {
				t.Errorf("error code %q echoed into the page", code)
			}
			hrefs := map[string]bool{}
			for _, l := range all(p.doc, tag("a")) {
				hrefs[attrOf(l, "href")] = true
			}
			if !hrefs["/api/auth/signin"] || !hrefs["/"] {
				t.Errorf("links %v, want sign-in and home", hrefs)
			}
		})
	}
}

func TestEmailConfirmPage(t *testing.T) {
	r := newRenderer(t, pages.Options{})
	page := pages.EmailConfirm{CSRFToken: "tok", Action: "/api/auth/callback/email", Email: "ada@example.com", Token: "0123abcd", CallbackURL: "/welcome"}
	p := render(t, r, page)
	checkDocument(t, p, "en", "Sign in")
	forms := all(p.doc, tag("form"))
	if len(forms) != 1 {
		t.Fatalf("%d forms, want 1", len(forms))
	}
	f := formFor(t, p.doc, page.Action)
	hidden(t, f, "csrfToken", "tok")
	hidden(t, f, "token", "0123abcd")
	hidden(t, f, "email", "ada@example.com")
	hidden(t, f, "callbackUrl", "/welcome")
	if b := all(f, tag("button")); len(b) != 1 || text(b[0]) != "Sign in as ada@example.com" {
		t.Errorf("button %v, want %q", b, "Sign in as ada@example.com")
	}
}

func TestRenderHeadersAndStatus(t *testing.T) {
	r := newRenderer(t, pages.Options{})
	rec := httptest.NewRecorder()
	if err := r.Render(rec, 403, &pages.Error{Code: "AccessDenied"}); err != nil {
		t.Fatal(err)
	}
	if rec.Code != 403 {
		t.Errorf("status %d, want 403", rec.Code)
	}
	for k, want := range map[string]string{
		"Content-Type":           "text/html; charset=utf-8",
		"Cache-Control":          "no-store",
		"X-Content-Type-Options": "nosniff",
		// The email-confirm page carries a one-time token in its URL.
		"Referrer-Policy": "no-referrer",
		// Pages with one sign-in, sign-out or confirm button must not be
		// framed by another site (clickjacking).
		"X-Frame-Options": "DENY",
	} {
		if got := rec.Header().Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
}

func TestRenderRejectsBadStatus(t *testing.T) {
	r := newRenderer(t, pages.Options{})
	for _, status := range []int{0, -1, 99, 600, 1000} {
		rec := httptest.NewRecorder()
		if err := r.Render(rec, status, pages.SignOut{}); err == nil || !strings.Contains(err.Error(), "status") {
			t.Errorf("Render(status %d) = %v, want a status error", status, err)
		}
		if rec.Body.Len() != 0 {
			t.Errorf("Render(status %d) wrote a body", status)
		}
	}
}

func TestProviderButtonStyle(t *testing.T) {
	r := newRenderer(t, pages.Options{})
	tests := []struct {
		style providers.Style
		want  string
	}{
		{providers.Style{}, ""},
		{providers.Style{Background: "#24292f", Text: "#fff"}, "--btn-bg:#24292f;--btn-fg:#fff;"},
		{providers.Style{Background: "navy"}, "--btn-bg:navy;"},
		// Text alone would sit on the brand colour; the button turns white.
		{providers.Style{Text: "#1f1f1f"}, "--btn-fg:#1f1f1f;--btn-bg:#fff;"},
	}
	for _, tc := range tests {
		p := render(t, r, pages.SignIn{Providers: []pages.ProviderButton{{ID: "x", Name: "X", Type: providers.TypeOIDC, SigninURL: "/x", Style: tc.style}}})
		b := all(p.doc, tag("button"))
		if len(b) != 1 {
			t.Fatalf("%d buttons, want 1", len(b))
		}
		// The colours are a rule of the page's <style> element, not a
		// style attribute (which the Content-Security-Policy would need
		// 'unsafe-hashes' for).
		if s, ok := attr(b[0], "style"); ok {
			t.Errorf("style %+v: the button has a style attribute %q", tc.style, s)
		}
		css := text(all(p.doc, tag("style"))[0])
		rule := ".provider-x button{" + tc.want + "}"
		if got := strings.Contains(css, ".provider-x button"); got != (tc.want != "") || (tc.want != "" && !strings.Contains(css, rule)) {
			t.Errorf("style %+v: <style> has rule %q: %v, want %v", tc.style, rule, got, tc.want != "")
		}
	}
}

func TestRenderRejectsBadPages(t *testing.T) {
	r := newRenderer(t, pages.Options{})
	var nilSignIn *pages.SignIn
	for _, page := range []any{nil, "signin", struct{}{}, nilSignIn,
		pages.SignIn{Theme: pages.Theme{BrandColor: "red;}body{display:none"}},
		pages.SignIn{Providers: []pages.ProviderButton{{Name: "X", Type: providers.TypeOAuth, Style: providers.Style{Background: "url(javascript:1)"}}}},
		pages.SignIn{Providers: []pages.ProviderButton{{Name: "X", Type: providers.TypeOAuth, Style: providers.Style{Text: "x</style>"}}}},
		pages.SignIn{Providers: []pages.ProviderButton{{Name: "X", Type: providers.TypeOAuth, Style: providers.Style{Logo: "javascript:alert(1)"}}}},
		pages.Error{Theme: pages.Theme{LogoURL: "javascript:alert(1)"}},
	} {
		rec := httptest.NewRecorder()
		err := r.Render(rec, 200, page)
		if err == nil {
			t.Errorf("Render(%#v) succeeded, want an error", page)
			continue
		}
		if rec.Body.Len() != 0 || rec.Header().Get("Content-Type") != "" {
			t.Errorf("Render(%#v) wrote a response before failing", page)
		}
	}
}

func TestEscapesHostileValues(t *testing.T) {
	const evil = `"><script>alert(1)</script><img src=x onerror=alert(2) '`
	r := newRenderer(t, pages.Options{Theme: pages.Theme{SiteName: evil}})
	hostile := []pages.ProviderButton{
		{ID: evil, Name: evil, Type: providers.TypeOAuth, SigninURL: "/signin/x?a=" + evil},
		{ID: evil, Name: evil, Type: providers.TypeEmail, SigninURL: "/signin/e"},
		{ID: evil, Name: evil, Type: providers.TypeCredentials, CallbackURL: "/callback/c",
			Fields: []providers.Field{{Name: evil, Label: evil, Type: evil, Placeholder: evil}}},
	}
	cases := []struct {
		name string
		page any
		// vals are attribute values that must survive the round trip.
		vals map[string]string
	}{
		{"signin", pages.SignIn{CSRFToken: evil, CallbackURL: evil, Email: evil, Error: evil, Providers: hostile},
			map[string]string{"csrfToken": evil, "callbackUrl": evil, "email": evil, evil: ""}},
		{"signin javascript callback", pages.SignIn{CSRFToken: "t", CallbackURL: "javascript:alert(1)", Providers: hostile[:1]},
			map[string]string{"callbackUrl": "javascript:alert(1)"}},
		{"signout", pages.SignOut{CSRFToken: evil, CallbackURL: evil, SignOutURL: "javascript:alert(1)"},
			map[string]string{"csrfToken": evil, "callbackUrl": evil}},
		{"verify", pages.VerifyRequest{Host: evil, SiteURL: "javascript:alert(1)"}, nil},
		{"error", pages.Error{Code: evil, SignInURL: "javascript:alert(1)", SiteURL: evil}, nil},
		{"confirm", pages.EmailConfirm{CSRFToken: evil, Action: "javascript:alert(1)", Email: evil, Token: evil, CallbackURL: evil},
			map[string]string{"csrfToken": evil, "token": evil, "email": evil, "callbackUrl": evil}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := render(t, r, tc.page)
			if strings.Contains(p.body, "<script>") || strings.Contains(p.body, "<img src=x") {
				t.Fatalf("hostile markup reached the page:\n%s", p.body)
			}
			if n := len(all(p.doc, tag("script"))); n != 0 {
				t.Errorf("%d script elements", n)
			}
			for _, n := range all(p.doc, func(*html.Node) bool { return true }) {
				for _, a := range n.Attr {
					if strings.HasPrefix(a.Key, "on") {
						t.Errorf("event handler attribute %s on <%s>", a.Key, n.Data)
					}
					if (a.Key == "href" || a.Key == "action" || a.Key == "src") && strings.HasPrefix(strings.ToLower(a.Val), "javascript:") {
						t.Errorf("<%s %s=%q> keeps a javascript: URL", n.Data, a.Key, a.Val)
					}
				}
			}
			for name, want := range tc.vals {
				in := all(p.doc, func(n *html.Node) bool { return n.Data == "input" && attrOf(n, "name") == name })
				if len(in) == 0 {
					t.Errorf("no input named %q", name)
				}
				for _, n := range in {
					if v := attrOf(n, "value"); v != want {
						t.Errorf("input %q value %q, want %q", name, v, want)
					}
				}
			}
			// Visible text still shows the hostile value as text.
			if _, ok := tc.page.(pages.SignIn); ok && !strings.Contains(text(p.doc), "Sign in with "+strings.Join(strings.Fields(evil), " ")) {
				t.Error("provider name not shown as text")
			}
		})
	}
}

func TestThemeApplied(t *testing.T) {
	logo := "data:image/png;base64,iVBORw0KGgo="
	r := newRenderer(t, pages.Options{Theme: pages.Theme{SiteName: "Acme", BrandColor: "rgb(11 110 79)", ButtonText: "white", LogoURL: logo}})
	// A page's own theme fields override the renderer's.
	p := render(t, r, pages.SignOut{SignOutURL: "/so", Theme: pages.Theme{BrandColor: "#112233"}})
	style := text(all(p.doc, tag("style"))[0])
	for _, want := range []string{"--brand:#112233", "--button-text:white"} {
		if !strings.Contains(style, want) {
			t.Errorf("style lacks %q", want)
		}
	}
	if !strings.Contains(text(all(p.doc, tag("title"))[0]), "Acme") {
		t.Error("site name not in title")
	}
	img := all(p.doc, tag("img"))
	if len(img) != 1 || attrOf(img[0], "src") != logo {
		t.Errorf("logo %v, want src %q", img, logo)
	}
	p = render(t, newRenderer(t, pages.Options{}), pages.SignOut{SignOutURL: "/so"})
	if !strings.Contains(p.body, "--brand:#346df1") || !strings.Contains(p.body, "gatehouse") {
		t.Error("default theme not applied")
	}
	if n := len(all(p.doc, tag("img"))); n != 0 {
		t.Errorf("default theme shows %d images", n)
	}
}

func TestNewRejectsBadTheme(t *testing.T) {
	tests := []struct {
		name  string
		opts  pages.Options
		field string
		is    error
	}{
		{"css injection", pages.Options{Theme: pages.Theme{BrandColor: "red;}body{display:none"}}, "Theme.BrandColor", pages.ErrBadColor},
		{"style breakout", pages.Options{Theme: pages.Theme{BrandColor: "</style><script>alert(1)</script>"}}, "Theme.BrandColor", pages.ErrBadColor},
		{"url()", pages.Options{Theme: pages.Theme{BrandColor: "url(https://evil.example/x)"}}, "Theme.BrandColor", pages.ErrBadColor},
		{"short hex", pages.Options{Theme: pages.Theme{BrandColor: "#12345"}}, "Theme.BrandColor", pages.ErrBadColor},
		{"unknown name", pages.Options{Theme: pages.Theme{ButtonText: "blurple"}}, "Theme.ButtonText", pages.ErrBadColor},
		{"rgb trailing", pages.Options{Theme: pages.Theme{ButtonText: "rgb(1,2,3);color:red"}}, "Theme.ButtonText", pages.ErrBadColor},
		{"logo javascript", pages.Options{Theme: pages.Theme{LogoURL: "javascript:alert(1)"}}, "Theme.LogoURL", pages.ErrBadImageURL},
		{"logo scheme-relative", pages.Options{Theme: pages.Theme{LogoURL: "//evil.example/logo.png"}}, "Theme.LogoURL", pages.ErrBadImageURL},
		{"logo data html", pages.Options{Theme: pages.Theme{LogoURL: "data:text/html;base64,PHNjcmlwdD4="}}, "Theme.LogoURL", pages.ErrBadImageURL},
		{"bad lang", pages.Options{Lang: `en" onload="x`}, "Options.Lang", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := pages.New(tc.opts)
			if err == nil {
				t.Fatalf("New succeeded (%v), want an error", r)
			}
			if !strings.Contains(err.Error(), tc.field) {
				t.Errorf("error %q does not name %s", err, tc.field)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %q is not %v", err, tc.is)
			}
		})
	}
}

func TestLang(t *testing.T) {
	r := newRenderer(t, pages.Options{Lang: "pt-BR"})
	checkDocument(t, render(t, r, pages.VerifyRequest{}), "pt-BR", "Check your email")
}

func TestMessageCoversEveryCode(t *testing.T) {
	want := []string{"Configuration", "AccessDenied", "Verification", "OAuthSignin", "OAuthCallback",
		"OAuthCreateAccount", "EmailCreateAccount", "Callback", "OAuthAccountNotLinked", "EmailSignin",
		"CredentialsSignin", "SessionRequired", "MissingCSRF", "Default"}
	got := map[string]bool{}
	for _, c := range pages.Codes() {
		got[c] = true
	}
	def := pages.Message("Default")
	seen := map[string]string{}
	for _, code := range want {
		if !got[code] {
			t.Errorf("Codes() lacks %s", code)
		}
		m := pages.Message(code)
		if m == "" || !strings.HasSuffix(m, ".") {
			t.Errorf("Message(%s) = %q, want a sentence", code, m)
		}
		if code != "Default" && m == def {
			t.Errorf("Message(%s) falls back to the default sentence", code)
		}
		if other, dup := seen[m]; dup {
			t.Errorf("Message(%s) repeats Message(%s)", code, other)
		}
		seen[m] = code
		for _, leak := range []string{code, "error", "exception", "adapter", "database"} {
			if code != "Default" && strings.Contains(strings.ToLower(m), strings.ToLower(leak)) {
				t.Errorf("Message(%s) = %q mentions %q", code, m, leak)
			}
		}
		if pages.Heading(code) == "" {
			t.Errorf("Heading(%s) is empty", code)
		}
	}
	for _, unknown := range []string{"", "nope", "default", "<script>"} {
		if pages.Message(unknown) != def {
			t.Errorf("Message(%q) = %q, want the default", unknown, pages.Message(unknown))
		}
	}
}

func TestConcurrentRender(t *testing.T) {
	r := newRenderer(t, pages.Options{})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 20 {
				rec := httptest.NewRecorder()
				if err := r.Render(rec, 200, pages.SignIn{CSRFToken: strings.Repeat("x", i), Providers: sampleProviders()}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestSignInPasskeyForm: a WebAuthn provider gets one form that the page's
// one script drives: options URL and callback in attributes, the hidden
// action and data fields the callback reads, an email field offering
// passkeys in autofill; no inline event handlers, and no template data in
// the script (so its hash is fixed).
func TestSignInPasskeyForm(t *testing.T) {
	r := newRenderer(t, pages.Options{})
	render1 := func(email string) rendered {
		return render(t, r, pages.SignIn{CSRFToken: "tok", Email: email, Providers: []pages.ProviderButton{
			{ID: "passkey", Name: "Passkey", Type: providers.TypeWebAuthn, SigninURL: "/api/auth/webauthn-options/passkey", CallbackURL: "/api/auth/callback/passkey"}}})
	}
	p := render1("a@example.com")
	forms := all(p.doc, tag("form"))
	if len(forms) != 1 {
		t.Fatalf("%d forms, want 1", len(forms))
	}
	f := forms[0]
	if attrOf(f, "data-options") != "/api/auth/webauthn-options/passkey" || attrOf(f, "action") != "/api/auth/callback/passkey" {
		t.Errorf("form attributes: options %q, action %q", attrOf(f, "data-options"), attrOf(f, "action"))
	}
	inputs := map[string]*html.Node{}
	for _, in := range all(f, tag("input")) {
		inputs[attrOf(in, "name")] = in
	}
	for _, name := range []string{"csrfToken", "action", "data", "email"} {
		if inputs[name] == nil {
			t.Errorf("no %s input", name)
		}
	}
	if in := inputs["email"]; in != nil && (attrOf(in, "autocomplete") != "username webauthn" || attrOf(in, "value") != "a@example.com") {
		t.Errorf("email input: autocomplete %q value %q", attrOf(in, "autocomplete"), attrOf(in, "value"))
	}
	if n := len(all(f, tag("button"))); n != 2 {
		t.Errorf("%d buttons, want sign in and create", n)
	}
	scripts := all(p.doc, tag("script"))
	if len(scripts) != 1 {
		t.Fatalf("%d scripts, want 1", len(scripts))
	}
	for _, n := range all(p.doc, func(n *html.Node) bool { return n.Type == html.ElementNode }) {
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("inline event handler %s on <%s>", a.Key, n.Data)
			}
		}
	}
	other := all(render1("b@example.com").doc, tag("script"))
	if text(scripts[0]) != text(other[0]) || !strings.Contains(text(scripts[0]), "navigator.credentials") {
		t.Error("the script's text depends on the page data, or is not the ceremony")
	}
}
