package pages_test

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/pages"
)

// luminance is the WCAG 2 relative luminance of a #rgb or #rrggbb colour.
func luminance(t *testing.T, hex string) float64 {
	t.Helper()
	h := strings.TrimPrefix(hex, "#")
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	if len(h) != 6 {
		t.Fatalf("colour %q is not #rgb or #rrggbb", hex)
	}
	var lin [3]float64
	for i := range lin {
		v, err := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
		if err != nil {
			t.Fatalf("colour %q: %v", hex, err)
		}
		c := float64(v) / 255
		if c <= 0.04045 {
			lin[i] = c / 12.92
		} else {
			lin[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*lin[0] + 0.7152*lin[1] + 0.0722*lin[2]
}

func contrast(t *testing.T, a, b string) float64 {
	t.Helper()
	la, lb := luminance(t, a), luminance(t, b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// schemeVars returns the custom properties in force for a browser in the
// light (dark false) or dark colour scheme, from a style block with its
// spaces removed: every :root rule in order, those inside the
// prefers-color-scheme: dark media query only for a dark browser.
func schemeVars(css string, dark bool) map[string]string {
	const media = "@media(prefers-color-scheme:dark){"
	vars := map[string]string{}
	rest := css
	for {
		i := strings.Index(rest, ":root{")
		if i < 0 {
			return vars
		}
		inMedia := strings.HasSuffix(rest[:i], media)
		j := strings.IndexByte(rest[i:], '}')
		body := rest[i+len(":root{") : i+j]
		rest = rest[i+j+1:]
		if inMedia && !dark {
			continue
		}
		for _, decl := range strings.Split(body, ";") {
			if k, v, ok := strings.Cut(decl, ":"); ok && strings.HasPrefix(k, "--") {
				vars[k] = v
			}
		}
	}
}

// hexColor finds a literal colour such as #fff or #1f2328.
var hexColor = regexp.MustCompile(`#[0-9a-fA-F]{3,8}\b`)

// TestThemeContrast checks the default theme's colour pairs against WCAG
// AA, 4.5:1 for text and 3:1 for focus rings and input borders, in every
// colour scheme (Theme.ColorScheme light, dark, and auto in a light and in
// a dark browser). The colours are read from the custom properties of the
// rendered style block, the rules must use those properties, and no rule
// outside :root may hard-code a colour, so a colour changed or added in
// the CSS without being checked fails here.
func TestThemeContrast(t *testing.T) {
	rules := []string{
		"color:var(--button-text);background:var(--brand)", "a{color:var(--link)", "background:var(--bg);color:var(--fg)",
		".card{background:var(--card)", ".muted{color:var(--muted)}", "background:var(--alert-bg);color:var(--alert-fg)",
		"input::placeholder{color:var(--placeholder)}", "color:var(--fg);background:var(--input-bg);border:1pxsolidvar(--input-border)",
		"outline:3pxsolidvar(--focus)", "color:var(--muted);font-size:.875rem",
	}
	pairs := []struct {
		what   string
		fg, bg string // custom property names
		min    float64
	}{
		{"button text on brand", "--button-text", "--brand", 4.5},
		{"link on card", "--link", "--card", 4.5},
		{"body text on page", "--fg", "--bg", 4.5},
		{"body text on card", "--fg", "--card", 4.5},
		{"muted text on card", "--muted", "--card", 4.5},
		{"alert text on alert", "--alert-fg", "--alert-bg", 4.5},
		{"input text on input", "--fg", "--input-bg", 4.5},
		{"placeholder on input", "--placeholder", "--input-bg", 4.5},
		{"focus ring on card", "--focus", "--card", 3},
		{"input border on card", "--input-border", "--card", 3},
	}
	cases := []struct {
		name, scheme string
		darkBrowser  bool
		wantBG       string
	}{
		{"light", pages.SchemeLight, true, "#f3f4f6"},
		{"dark", pages.SchemeDark, false, "#0d1117"},
		{"auto in a light browser", "", false, "#f3f4f6"},
		{"auto in a dark browser", pages.SchemeAuto, true, "#0d1117"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newRenderer(t, pages.Options{Theme: pages.Theme{ColorScheme: c.scheme}})
			p := render(t, r, pages.SignIn{Error: "Default", Providers: sampleProviders()})
			css := strings.Join(strings.Fields(text(all(p.doc, tag("style"))[0])), "")
			for _, rule := range rules {
				if !strings.Contains(css, rule) {
					t.Errorf("style block lacks %q", rule)
				}
			}
			outside := regexp.MustCompile(`:root\{[^}]*\}`).ReplaceAllString(css, "")
			// Providers' buttons keep their brand colours in every scheme.
			outside = regexp.MustCompile(`\.provider-[a-z0-9-]+button\{[^}]*\}`).ReplaceAllString(outside, "")
			if lit := hexColor.FindAllString(outside, -1); len(lit) > 0 {
				t.Errorf("colours %v are hard-coded outside the :root properties, so no scheme changes them", lit)
			}
			vars := schemeVars(css, c.darkBrowser)
			if vars["--bg"] != c.wantBG {
				t.Fatalf("page background %q, want %q for this scheme", vars["--bg"], c.wantBG)
			}
			for _, pc := range pairs {
				fg, bg := vars[pc.fg], vars[pc.bg]
				if fg == "" || bg == "" {
					t.Errorf("%s: %s or %s is not set", pc.what, pc.fg, pc.bg)
					continue
				}
				if ct := contrast(t, fg, bg); ct < pc.min {
					t.Errorf("%s: %s on %s contrast %.2f:1, want ≥ %.1f:1", pc.what, fg, bg, ct, pc.min)
				} else {
					t.Logf("%s: %.2f:1", pc.what, ct)
				}
			}
			if !strings.Contains(css, ":focus-visible{outline:") {
				t.Error("no visible keyboard focus style")
			}
		})
	}
}

// TestColorSchemeChecked checks that an unknown ColorScheme is refused
// with the values that work.
func TestColorSchemeChecked(t *testing.T) {
	err := pages.Check(pages.Options{Theme: pages.Theme{ColorScheme: "sepia"}})
	if err == nil || !strings.Contains(err.Error(), `ColorScheme "sepia"`) || !strings.Contains(err.Error(), `"auto"`) {
		t.Fatalf("Check: %v, want an error naming the value and the choices", err)
	}
}
