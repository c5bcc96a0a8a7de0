package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestE2EDevModeEmailPages follows dev-mode email sign-in in Chromium on a
// phone-sized screen: the verify-request page says that nothing was sent
// and links to /dev/emails, and there the long sign-in link wraps instead
// of making the page scroll sideways.
func TestE2EDevModeEmailPages(t *testing.T) {
	chromiumPath(t) // skip early without a browser
	s := startServe(t, map[string]string{"AUTH_SECRET": testSecret}, "--database", "sqlite::memory:", "--demo-user=false")
	c := startChrome(t) // after the server, so that it stops first and leaves no open connection behind

	c.step("phone-screen", chromedp.EmulateViewport(360, 740))
	c.step("signin-page", chromedp.Navigate(s.URL+"/api/auth/signin"), chromedp.WaitVisible(css(`input[type=email]`)))
	c.step("email-typed", chromedp.SendKeys(css(`input[type=email]`), "someone.with.a.rather.long.address@example.com"))
	c.step("verify-request", chromedp.Submit(css(`input[type=email]`)), chromedp.WaitVisible(css("#dev-mode")))
	if note := c.text("verify-request", "#dev-mode"); !strings.Contains(note, "no email was sent") || !strings.Contains(note, "/dev/emails") {
		t.Errorf("verify-request page in dev mode says %q; want that nothing was sent and where the link is", note)
	}
	c.step("dev-emails", chromedp.Click(css(`#dev-mode a`)), chromedp.WaitVisible(css(".dev-link a")))
	fits, err := chromedp.Run(c.ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= document.documentElement.clientWidth`))
	if err != nil {
		t.Fatalf("measuring /dev/emails: %v", err)
	}
	if !fits {
		t.Errorf("/dev/emails is wider than a %dpx screen: the sign-in link does not wrap", 360)
	}
}
