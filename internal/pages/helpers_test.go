package pages_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/gatehouse-go/gatehouse/internal/pages"
	"github.com/gatehouse-go/gatehouse/providers"
)

// rendered is one rendered page: the raw body and its parsed tree.
type rendered struct {
	body string
	doc  *html.Node
	rec  *httptest.ResponseRecorder
}

func newRenderer(t *testing.T, opts pages.Options) *pages.Renderer {
	t.Helper()
	r, err := pages.New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return r
}

func render(t *testing.T, r *pages.Renderer, page any) rendered {
	t.Helper()
	rec := httptest.NewRecorder()
	if err := r.Render(rec, 200, page); err != nil {
		t.Fatalf("Render(%T): %v", page, err)
	}
	body := rec.Body.String()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse rendered %T: %v", page, err)
	}
	return rendered{body: body, doc: doc, rec: rec}
}

// all returns the elements below n for which match is true, in document order.
func all(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && match(c) {
			out = append(out, c)
		}
	}
	return out
}

func tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func attrOf(n *html.Node, key string) string {
	v, _ := attr(n, key)
	return v
}

// text is the text content of n with runs of white space collapsed.
func text(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// input finds the input named name in form, failing the test if absent.
func input(t *testing.T, form *html.Node, name string) *html.Node {
	t.Helper()
	in := all(form, func(n *html.Node) bool { return n.Data == "input" && attrOf(n, "name") == name })
	if len(in) != 1 {
		t.Fatalf("form %q: want 1 input named %q, got %d", attrOf(form, "action"), name, len(in))
	}
	return in[0]
}

// formFor finds the single form posting to action.
func formFor(t *testing.T, doc *html.Node, action string) *html.Node {
	t.Helper()
	fs := all(doc, func(n *html.Node) bool { return n.Data == "form" && attrOf(n, "action") == action })
	if len(fs) != 1 {
		t.Fatalf("want 1 form with action %q, got %d", action, len(fs))
	}
	if m := attrOf(fs[0], "method"); m != "post" {
		t.Errorf("form %q method = %q, want post", action, m)
	}
	return fs[0]
}

// hidden checks a hidden input's value.
func hidden(t *testing.T, form *html.Node, name, want string) {
	t.Helper()
	in := input(t, form, name)
	if typ := attrOf(in, "type"); typ != "hidden" {
		t.Errorf("input %q type = %q, want hidden", name, typ)
	}
	if got := attrOf(in, "value"); got != want {
		t.Errorf("input %q value = %q, want %q", name, got, want)
	}
}

// checkLabels fails unless every visible input has a unique id and exactly
// one label bound to it.
func checkLabels(t *testing.T, doc *html.Node) {
	t.Helper()
	labels := map[string]int{}
	for _, l := range all(doc, tag("label")) {
		labels[attrOf(l, "for")]++
	}
	ids := map[string]bool{}
	for _, in := range all(doc, tag("input")) {
		if attrOf(in, "type") == "hidden" {
			continue
		}
		id := attrOf(in, "id")
		if id == "" {
			t.Errorf("input %q has no id", attrOf(in, "name"))
			continue
		}
		if ids[id] {
			t.Errorf("duplicate id %q", id)
		}
		ids[id] = true
		if labels[id] != 1 {
			t.Errorf("input id %q has %d labels, want 1", id, labels[id])
		}
	}
}

// checkDocument checks what every page needs: lang, viewport, title, and no
// external assets.
func checkDocument(t *testing.T, p rendered, wantLang, wantTitle string) {
	t.Helper()
	h := all(p.doc, tag("html"))
	if len(h) != 1 || attrOf(h[0], "lang") != wantLang {
		t.Errorf("html lang: got %v, want %q", h, wantLang)
	}
	vp := all(p.doc, func(n *html.Node) bool { return n.Data == "meta" && attrOf(n, "name") == "viewport" })
	if len(vp) != 1 || !strings.Contains(attrOf(vp[0], "content"), "width=device-width") {
		t.Error("no viewport meta with width=device-width")
	}
	ti := all(p.doc, tag("title"))
	if len(ti) != 1 || !strings.Contains(text(ti[0]), wantTitle) {
		t.Errorf("title: want it to contain %q", wantTitle)
	}
	if n := len(all(p.doc, tag("script"))); n != 0 {
		t.Errorf("%d script elements, want none", n)
	}
	if n := len(all(p.doc, func(n *html.Node) bool { return n.Data == "link" || n.Data == "iframe" })); n != 0 {
		t.Errorf("%d link/iframe elements, want none (no external assets)", n)
	}
	if n := len(all(p.doc, tag("h1"))); n != 1 {
		t.Errorf("%d h1 elements, want 1", n)
	}
	checkLabels(t, p.doc)
}

// sampleProviders is one provider of each kind the sign-in page shows.
func sampleProviders() []pages.ProviderButton {
	return []pages.ProviderButton{
		{ID: "github", Name: "GitHub", Type: providers.TypeOAuth, SigninURL: "/api/auth/signin/github",
			Style: providers.Style{Background: "#24292f", Text: "#fff", Logo: "https://example.com/github.svg"}},
		{ID: "google", Name: "Google", Type: providers.TypeOIDC, SigninURL: "/api/auth/signin/google"},
		{ID: "email", Name: "Email", Type: providers.TypeEmail, SigninURL: "/api/auth/signin/email"},
		{ID: "credentials", Name: "Password", Type: providers.TypeCredentials, CallbackURL: "/api/auth/callback/credentials",
			Fields: []providers.Field{
				{Name: "username", Label: "Username", Type: "text", Placeholder: "jsmith"},
				{Name: "password", Label: "Password", Type: "password"},
			}},
	}
}

// bodyWriter is a minimal http.ResponseWriter collecting the body.
type bodyWriter struct {
	b *strings.Builder
	h http.Header
}

func (w *bodyWriter) Header() http.Header {
	if w.h == nil {
		w.h = http.Header{}
	}
	return w.h
}
func (w *bodyWriter) WriteHeader(int)             {}
func (w *bodyWriter) Write(p []byte) (int, error) { return w.b.Write(p) }
