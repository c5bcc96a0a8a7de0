package pages_test

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/gatehouse-go/gatehouse/internal/pages"
	"github.com/gatehouse-go/gatehouse/providers"
)

func TestCheckColor(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"#fff", true}, {"#FFF", true}, {"#ffff", true}, {"#346df1", true}, {"#346df1cc", true},
		{"rgb(52, 109, 241)", true}, {"rgb(52 109 241)", true}, {"rgb(52 109 241 / 50%)", true},
		{"rgba(0,0,0,.5)", true}, {"RGB(1,2,3)", true}, {"hsl(222 87% 57%)", true}, {"hsla(222deg, 87%, 57%, 0.5)", true},
		{"navy", true}, {"RebeccaPurple", true}, {"transparent", true}, {"currentColor", true},
		{"", false}, {"#", false}, {"#ff", false}, {"#fffff", false}, {"#ggg", false}, {"fff", false},
		{"rgb()", false}, {"rgb(1,2)", false}, {"rgb(1,2,3,4,5)", false}, {"rgb(1,2,3", false},
		{"rgb(1,2,3) x", false}, {"rgb(a,b,c)", false}, {"rgb(1,2,calc(3))", false}, {"rgb(1..2,3,4)", false},
		{"red;color:blue", false}, {"red}", false}, {"red</style>", false}, {" red", false},
		{"expression(alert(1))", false}, {"url(x)", false}, {"var(--x)", false}, {"blurple", false},
		{"#" + strings.Repeat("f", 70), false},
	}
	for _, tc := range tests {
		err := pages.CheckColor(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("CheckColor(%q) = %v, want ok=%v", tc.in, err, tc.ok)
		}
		if err != nil && !errors.Is(err, pages.ErrBadColor) {
			t.Errorf("CheckColor(%q) error %v is not ErrBadColor", tc.in, err)
		}
		if err != nil && !strings.Contains(err.Error(), "#346df1") {
			t.Errorf("CheckColor(%q) error %q does not show a valid form", tc.in, err)
		}
	}
}

// FuzzCheckColor checks that nothing CheckColor accepts can leave a CSS
// declaration or the style element.
func FuzzCheckColor(f *testing.F) {
	for _, s := range []string{"#fff", "rgb(1 2 3 / 50%)", "hsl(1deg,2%,3%)", "navy", "red;x:y", "</style>", "rgb(1,2,3)x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if pages.CheckColor(s) != nil {
			return
		}
		if strings.ContainsAny(s, ";:{}<>\"'\\@!\n\r\t&=") {
			t.Fatalf("accepted %q, which has a character that can end a declaration", s)
		}
		if l := strings.ToLower(s); strings.Contains(l, "url") || strings.Contains(l, "expression") || strings.Contains(l, "var(") {
			t.Fatalf("accepted %q", s)
		}
	})
}

// FuzzRenderSignIn renders the sign-in page with values that arrive from the
// network (?error=, callbackUrl, the email pre-fill, the CSRF token) and
// checks that they never become markup and the banner shows only a sentence.
func FuzzRenderSignIn(f *testing.F) {
	r, err := pages.New(pages.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Add("OAuthSignin", "/dashboard", "ada@example.com", "tok")
	f.Add(`"><script>alert(1)</script>`, "javascript:alert(1)", `a"b@c`, "</form>")
	f.Add("", "", "", "")
	f.Fuzz(func(t *testing.T, code, callbackURL, email, csrf string) {
		page := pages.SignIn{Error: code, CallbackURL: callbackURL, Email: email, CSRFToken: csrf, Providers: []pages.ProviderButton{
			{ID: "github", Name: "GitHub", Type: providers.TypeOAuth, SigninURL: "/signin/github"},
			{ID: "email", Name: "Email", Type: providers.TypeEmail, SigninURL: "/signin/email"},
		}}
		var b strings.Builder
		rec := &bodyWriter{b: &b}
		if err := r.Render(rec, 200, page); err != nil {
			t.Fatalf("Render: %v", err)
		}
		doc, err := html.Parse(strings.NewReader(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		if n := len(all(doc, tag("script"))); n != 0 {
			t.Fatalf("%d script elements", n)
		}
		if n := len(all(doc, tag("form"))); n != 2 {
			t.Fatalf("%d forms, want 2", n)
		}
		alerts := all(doc, func(n *html.Node) bool { return attrOf(n, "role") == "alert" })
		if code == "" && len(alerts) != 0 || code != "" && (len(alerts) != 1 || text(alerts[0]) != pages.Message(code)) {
			t.Fatalf("alerts %d for code %q", len(alerts), code)
		}
		// Hidden values come back exactly, once per form (modulo the HTML
		// parser's newline and NUL normalisation).
		norm := func(s string) string {
			s = strings.ReplaceAll(s, "\r\n", "\n")
			s = strings.ReplaceAll(s, "\r", "\n")
			return strings.ReplaceAll(s, "\x00", "\uFFFD")
		}
		for name, want := range map[string]string{"csrfToken": csrf, "email": email} {
			for _, in := range all(doc, func(n *html.Node) bool { return n.Data == "input" && attrOf(n, "name") == name }) {
				if got := attrOf(in, "value"); got != norm(want) && !strings.ContainsRune(want, 0xFFFD) {
					t.Fatalf("%s value %q, want %q", name, got, want)
				}
			}
		}
	})
}
