package pages_test

import (
	"math"
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

// TestDefaultThemeContrast checks the default theme's colour pairs against
// WCAG AA: 4.5:1 for text, 3:1 for focus rings and input borders. Each pair
// is read from rules that must be present in the rendered style block, so
// changing a colour in the CSS without re-checking it fails here.
func TestDefaultThemeContrast(t *testing.T) {
	r := newRenderer(t, pages.Options{})
	p := render(t, r, pages.SignIn{Error: "Default", Providers: sampleProviders()})
	css := text(all(p.doc, tag("style"))[0])
	css = strings.Join(strings.Fields(css), "") // compare rules without spaces

	white := "#fff"
	tests := []struct {
		what   string
		fg, bg string
		min    float64
		rules  []string
	}{
		{"button text on brand", "#fff", "#346df1", 4.5, []string{"--brand:#346df1", "--button-text:#fff", "color:var(--button-text);background:var(--brand)"}},
		{"link on card", "#346df1", white, 4.5, []string{"--link:#346df1", "a{color:var(--link)", ".card{background:#fff"}},
		{"body text on page", "#1f2328", "#f3f4f6", 4.5, []string{"background:#f3f4f6;color:#1f2328"}},
		{"body text on card", "#1f2328", white, 4.5, []string{".card{background:#fff"}},
		{"muted text on card", "#57606a", white, 4.5, []string{".muted{color:#57606a}", "color:#57606a;font-size:.875rem"}},
		{"alert text on alert", "#7a271a", "#fef3f2", 4.5, []string{"background:#fef3f2;color:#7a271a"}},
		{"placeholder on input", "#6e7781", white, 4.5, []string{"input::placeholder{color:#6e7781}"}},
		{"focus ring on card", "#346df1", white, 3, []string{"--focus:#346df1", "outline:3pxsolidvar(--focus)"}},
		{"input border on card", "#8c959f", white, 3, []string{"border:1pxsolid#8c959f"}},
	}
	for _, tc := range tests {
		for _, rule := range tc.rules {
			if !strings.Contains(css, rule) {
				t.Errorf("%s: style block lacks %q", tc.what, rule)
			}
		}
		if c := contrast(t, tc.fg, tc.bg); c < tc.min {
			t.Errorf("%s: %s on %s contrast %.2f:1, want ≥ %.1f:1", tc.what, tc.fg, tc.bg, c, tc.min)
		} else {
			t.Logf("%s: %.2f:1", tc.what, c)
		}
	}
	if !strings.Contains(css, ":focus-visible{outline:") {
		t.Error("no visible keyboard focus style")
	}
}
