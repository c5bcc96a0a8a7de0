package main

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// prefersColorScheme makes the tab report prefers-color-scheme as scheme,
// as a browser with the system in dark or light mode does.
func prefersColorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	})
}

// TestE2EColorSchemeAuto checks in Chromium that the built-in pages follow
// the browser's colour scheme (Theme.ColorScheme "auto", the default, as in
// Auth.js): the sign-in page is light for a light system and dark for a
// dark one.
func TestE2EColorSchemeAuto(t *testing.T) {
	chromiumPath(t) // skip early without a browser
	s := startServe(t, map[string]string{"AUTH_SECRET": testSecret}, "--database", "sqlite::memory:", "--demo-user=false")
	c := startChrome(t) // after the server, so that it stops first and leaves no open connection behind
	cases := []struct {
		scheme, body, card string
	}{
		{"light", "rgb(243, 244, 246)", "rgb(255, 255, 255)"},
		{"dark", "rgb(13, 17, 23)", "rgb(22, 27, 34)"},
	}
	for _, tc := range cases {
		c.step("signin-"+tc.scheme, prefersColorScheme(tc.scheme), chromedp.Navigate(s.URL+"/api/auth/signin"), chromedp.WaitVisible(css(`input[type=email]`)))
		for sel, want := range map[string]string{"body": tc.body, ".card": tc.card} {
			got, err := chromedp.Run(c.ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("`+sel+`")).backgroundColor`))
			if err != nil {
				t.Fatalf("%s: reading %s's background: %v", tc.scheme, sel, err)
			}
			if got != want {
				t.Errorf("%s system: %s background %s, want %s", tc.scheme, sel, got, want)
			}
		}
	}
}
