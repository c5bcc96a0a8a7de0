package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/internal/smtptest"
)

// recordViolations is run by the browser before each page's own content:
// it keeps every Content-Security-Policy violation the page reports.
const recordViolations = `window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", e => window.__cspViolations.push(e.effectiveDirective + " blocked " + (e.blockedURI || "inline")));`

// TestE2EPagesCSP opens every built-in page in Chromium under its
// Content-Security-Policy: the page's style must apply (its hash is
// right), no violation may be reported, and the OIDC sign-in form's POST
// must still reach the provider (form-action allows the redirect).
func TestE2EPagesCSP(t *testing.T) {
	chromiumPath(t) // skip early without a browser
	op := oidctest.StartOP(t)
	mail := smtptest.Start(t, smtptest.Options{})
	s := startServe(t, map[string]string{
		"AUTH_SECRET":      testSecret,
		"AUTH_OIDC_ISSUER": op.Issuer(),
		"AUTH_OIDC_ID":     op.ClientID,
		"AUTH_OIDC_SECRET": op.ClientSecret,
		"EMAIL_SERVER":     mail.URL(),
		"EMAIL_FROM":       "gatehouse demo <no-reply@example.com>",
	}, "--database", "sqlite::memory:")
	c := startChrome(t)
	c.step("record-violations", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		return tg.Call(ctx, "Page.addScriptToEvaluateOnNewDocument", map[string]any{"source": recordViolations}, nil)
	}))

	// check fails the step's page if its style did not apply or a
	// violation was reported.
	check := func(step string) {
		t.Helper()
		bg, err := chromedp.Run(c.ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if bg != "rgb(243, 244, 246)" {
			t.Errorf("%s: body background %q, want rgb(243, 244, 246): the page's <style> was not applied", step, bg)
		}
		v, err := chromedp.Run(c.ctx, chromedp.Evaluate[[]string](`window.__cspViolations || ["the recorder did not run"]`))
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if len(v) > 0 {
			t.Errorf("%s: Content-Security-Policy violations: %v", step, v)
		}
	}

	base := s.URL + "/api/auth"
	for _, p := range []struct{ name, path, sel string }{
		{"signin", "/signin", `input[type=email]`},
		{"signin-error", "/signin?error=CredentialsSignin", `[role=alert]`},
		{"signout", "/signout", `form[action$="/api/auth/signout"] button`},
		{"error", "/error?error=Verification", `[role=alert]`},
		{"verify-request", "/verify-request?provider=email&type=email", "h1"},
	} {
		c.step(p.name, chromedp.Navigate(base+p.path), chromedp.WaitVisible(css(p.sel)))
		check(p.name)
	}

	// The email confirmation page, from a real link.
	c.step("email-form", chromedp.Navigate(base+"/signin"), chromedp.WaitVisible(css(`input[type=email]`)))
	c.step("email-typed", chromedp.SendKeys(css(`input[type=email]`), "ann@example.com"))
	c.step("email-sent", chromedp.Submit(css(`input[type=email]`)), chromedp.WaitVisible(css("h1")))
	check("email-sent")
	parsed, err := mail.Last(t, 10*time.Second).Parse()
	if err != nil {
		t.Fatal(err)
	}
	link, err := smtptest.FindLink(parsed.Text, base+"/callback/email?")
	if err != nil {
		t.Fatal(err)
	}
	c.step("email-confirm", chromedp.Navigate(link), chromedp.WaitVisible(css(`form button[type=submit]`)))
	check("email-confirm")
	c.step("email-signed-in", chromedp.Click(css(`form button[type=submit]`)), chromedp.WaitVisible(css("#session")))
	c.signOut()

	// The OIDC button's POST redirects to the provider: form-action must
	// allow it, or Chromium stays on the sign-in page.
	button := `form[action$="/api/auth/signin/oidc"] button`
	c.step("oidc-signin-page", chromedp.Navigate(base+"/signin"), chromedp.WaitVisible(css(button)))
	check("oidc-signin-page")
	c.step("oidc-signed-in", chromedp.Click(css(button)), chromedp.WaitVisible(css("#session")))
	if u := c.location(); !strings.HasPrefix(u.String(), s.URL) {
		t.Errorf("after the OIDC sign-in the browser is at %s", u)
	}
}
