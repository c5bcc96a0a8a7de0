package pages

import (
	"fmt"
	"html/template"
)

// The colour schemes of Theme.ColorScheme, as Auth.js's
// theme.colorScheme.
const (
	// SchemeAuto follows the browser's prefers-color-scheme (the default,
	// as in Auth.js).
	SchemeAuto = "auto"
	// SchemeLight is always light.
	SchemeLight = "light"
	// SchemeDark is always dark.
	SchemeDark = "dark"
)

// lightColors and darkColors are the pages' neutral colours. The brand
// colours (--brand, --button-text) come from the Theme; in the dark scheme
// links and focus rings take a light blue, as the brand colour chosen for
// a light page is often too dark to read on a dark one. Every text pair is
// checked for WCAG AA contrast in both schemes (contrast_test.go).
const (
	lightColors = "--bg:#f3f4f6;--fg:#1f2328;--card:#fff;--border:#d0d7de;--muted:#57606a;" +
		"--input-bg:#fff;--input-border:#8c959f;--placeholder:#6e7781;" +
		"--alert-bg:#fef3f2;--alert-fg:#7a271a;--alert-border:#e5a19a;--alert-accent:#b42318"
	darkColors = "--bg:#0d1117;--fg:#e6edf3;--card:#161b22;--border:#30363d;--muted:#9198a1;" +
		"--input-bg:#0d1117;--input-border:#6e7681;--placeholder:#8b949e;" +
		"--alert-bg:#3b1219;--alert-fg:#ffb4ab;--alert-border:#8e2c25;--alert-accent:#f85149;" +
		"--link:#79b8ff;--focus:#79b8ff"
)

// checkScheme checks a Theme.ColorScheme value ("" is the default).
func checkScheme(s string) error {
	switch s {
	case "", SchemeAuto, SchemeLight, SchemeDark:
		return nil
	}
	return fmt.Errorf("ColorScheme %q is not a colour scheme: use %q (follow the browser), %q or %q", s, SchemeAuto, SchemeLight, SchemeDark)
}

// schemeCSS is the style rule that applies the dark colours: always for
// SchemeDark, under prefers-color-scheme: dark for SchemeAuto, never for
// SchemeLight. It comes after the :root rule of themeCSS and overrides it.
func schemeCSS(t Theme) (template.CSS, error) {
	switch t.ColorScheme {
	case SchemeLight:
		return ":root{color-scheme:light}", nil
	case SchemeDark:
		return template.CSS(":root{color-scheme:dark;" + darkColors + "}"), nil
	case SchemeAuto, "":
		return template.CSS(":root{color-scheme:light dark}@media (prefers-color-scheme:dark){:root{" + darkColors + "}}"), nil
	}
	return "", checkScheme(t.ColorScheme)
}
