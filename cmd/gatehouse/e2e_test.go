package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/internal/smtptest"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// The browser tests drive Debian's chromium through the demo app, saving a
// screenshot of every page under artifacts/e2e/<test>/NN-step.png at the
// module root. They skip without chromium unless
// GATEHOUSE_REQUIRE_SERVICES=1.

// chrome is one headless Chromium tab for one test.
type chrome struct {
	t   *testing.T
	ctx context.Context
	dir string // screenshot folder
	n   int    // steps so far
}

// chromiumPath finds the browser: $GATEHOUSE_CHROMIUM, else chromium on PATH.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("GATEHOUSE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	testsvc.Unavailable(t, "chromium", exec.ErrNotFound, "apt-get install chromium (or set GATEHOUSE_CHROMIUM to its path)")
	return ""
}

// repoRoot is the directory holding go.work (the repository's root), for
// the artifacts folder; without one (the module alone, GOWORK=off) it is
// the test's directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			return dir
		}
		if filepath.Dir(dir) == dir {
			return wd
		}
	}
}

func startChrome(t *testing.T) *chrome {
	t.Helper()
	path := chromiumPath(t)
	began := time.Now()
	defer func() { t.Logf("chromium started in %v", time.Since(began).Round(time.Millisecond)) }()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1024, 768),
	}
	ctx, cancelTimeout := context.WithTimeout(context.Background(), 45*time.Second)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	cctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() {
		began := time.Now()
		cancelTab()
		cancelAlloc()
		cancelTimeout()
		t.Logf("chromium stopped in %v", time.Since(began).Round(time.Millisecond))
	})
	if err := chromedp.Do(cctx); err != nil { // starts the browser
		t.Fatalf("starting %s: %v", path, err)
	}
	dir := filepath.Join(repoRoot(t), "artifacts", "e2e", t.Name())
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return &chrome{t: t, ctx: cctx, dir: dir}
}

// css selects with document.querySelector.
type css = chromedp.CSS

var unsafeName = regexp.MustCompile(`[^a-z0-9-]+`)

// step runs actions as one named step and saves a screenshot of the page it
// ends on. A failure names the step and keeps a screenshot of where the
// browser was.
func (c *chrome) step(name string, actions ...chromedp.Action[chromedp.Void]) {
	c.t.Helper()
	c.n++
	ctx, cancel := context.WithTimeout(c.ctx, stepTimeout)
	began := time.Now()
	err := chromedp.Do(ctx, actions...)
	cancel()
	c.t.Logf("step %02d %s: %v", c.n, name, time.Since(began).Round(time.Millisecond))
	file := filepath.Join(c.dir, fmt.Sprintf("%02d-%s.png", c.n, unsafeName.ReplaceAllString(name, "-")))
	if err != nil {
		file = strings.TrimSuffix(file, ".png") + "-FAILED.png"
	}
	if shot, serr := chromedp.Run(c.ctx, chromedp.FullScreenshot(100)); serr == nil {
		_ = os.WriteFile(file, shot, 0o644)
	}
	if err != nil {
		loc, _ := chromedp.Run(c.ctx, chromedp.Location())
		c.t.Fatalf("step %02d %q failed at %s: %v (screenshot %s)", c.n, name, loc, err, file)
	}
}

// text returns the text of the first element matching sel, failing the step.
func (c *chrome) text(step, sel string) string {
	c.t.Helper()
	s, err := chromedp.Run(c.ctx, chromedp.Text(css(sel)))
	if err != nil {
		c.t.Fatalf("step %02d %q: reading %s: %v", c.n, step, sel, err)
	}
	return strings.TrimSpace(s)
}

// location returns the page's URL.
func (c *chrome) location() *url.URL {
	c.t.Helper()
	loc, err := chromedp.Run(c.ctx, chromedp.Location())
	if err != nil {
		c.t.Fatalf("after step %02d: location: %v", c.n, err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		c.t.Fatal(err)
	}
	return u
}

// signOut follows the home page's link to gatehouse's sign-out page and
// confirms, ending on the signed-out home page.
func (c *chrome) signOut() {
	c.t.Helper()
	c.step("signout-page", chromedp.Click(css("#signout")), chromedp.WaitVisible(css(`form[action$="/api/auth/signout"] button`)))
	c.step("signed-out", chromedp.Click(css(`form[action$="/api/auth/signout"] button`)), chromedp.WaitVisible(css("#anonymous")))
}

// stepTimeout bounds one step, so that a missing element fails that step
// rather than the whole test's deadline.
const stepTimeout = 15 * time.Second

const testSecret = "an-e2e-test-secret-of-at-least-32-bytes"

func TestE2EEmailSignIn(t *testing.T) {
	chromiumPath(t) // skip early without a browser
	mail := smtptest.Start(t, smtptest.Options{})
	s := startServe(t, map[string]string{
		"AUTH_SECRET":  testSecret,
		"EMAIL_SERVER": mail.URL(),
		"EMAIL_FROM":   "gatehouse demo <no-reply@example.com>",
	}, "--database", "sqlite::memory:", "--demo-user=false")
	c := startChrome(t) // after the server, so that it stops first and leaves no open connection behind

	c.step("home", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(css("#anonymous")))
	c.step("signin-page", chromedp.Click(css("#signin")), chromedp.WaitVisible(css(`input[type=email]`)))
	c.step("email-typed", chromedp.SendKeys(css(`input[type=email]`), "Ann@Example.com"))
	c.step("verify-request", chromedp.Submit(css(`input[type=email]`)), chromedp.WaitVisible(css("h1")))
	if got := c.location().Path; got != "/api/auth/verify-request" {
		t.Fatalf("after sending the link the browser is at %s, want /api/auth/verify-request", got)
	}
	if h := c.text("verify-request", "h1"); h != "Check your email" {
		t.Errorf("verify-request heading %q", h)
	}

	msg := mail.Last(t, 10*time.Second)
	if len(msg.To) != 1 || msg.To[0] != "ann@example.com" {
		t.Fatalf("mail went to %v, want ann@example.com", msg.To)
	}
	parsed, err := msg.Parse()
	if err != nil {
		t.Fatal(err)
	}
	link, err := smtptest.FindLink(parsed.Text, s.URL+"/api/auth/callback/email?")
	if err != nil {
		t.Fatalf("no sign-in link in the mail: %v\n%s", err, parsed.Text)
	}

	c.step("confirm-page", chromedp.Navigate(link), chromedp.WaitVisible(css(`form button[type=submit]`)))
	c.step("signed-in", chromedp.Click(css(`form button[type=submit]`)), chromedp.WaitVisible(css("#session")))
	if got := c.text("signed-in", "#user-email"); got != "ann@example.com" {
		t.Errorf("signed-in home page shows %q, want ann@example.com", got)
	}
	c.step("protected", chromedp.Navigate(s.URL+"/protected"), chromedp.WaitVisible(css("#protected")))
	c.signOut()

	// The link works once: opening it again ends on the error page.
	c.step("used-link", chromedp.Navigate(link), chromedp.WaitVisible(css(`form button[type=submit]`)))
	c.step("error-page", chromedp.Click(css(`form button[type=submit]`)), chromedp.WaitVisible(css(`[role=alert]`)))
	u := c.location()
	if u.Path != "/api/auth/error" || u.Query().Get("error") != "Verification" {
		t.Errorf("a used link ends at %s, want /api/auth/error?error=Verification", u)
	}
}

func TestE2EOIDCSignIn(t *testing.T) {
	chromiumPath(t) // skip early without a browser
	op := oidctest.StartOP(t)
	s := startServe(t, map[string]string{
		"AUTH_SECRET":      testSecret,
		"AUTH_OIDC_ISSUER": op.Issuer(),
		"AUTH_OIDC_ID":     op.ClientID,
		"AUTH_OIDC_SECRET": op.ClientSecret,
	}, "--database", "sqlite::memory:", "--demo-user=false")
	c := startChrome(t) // after the server, so that it stops first and leaves no open connection behind

	button := `form[action$="/api/auth/signin/oidc"] button`
	c.step("home", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(css("#anonymous")))
	c.step("protected-redirects-to-signin", chromedp.Navigate(s.URL+"/protected"), chromedp.WaitVisible(css(button)))
	// The OP authorises at once and sends the browser back to the callback,
	// which signs in and returns to the protected page.
	c.step("signed-in", chromedp.Click(css(button)), chromedp.WaitVisible(css("#protected")))
	if got := c.text("signed-in", "#user-email"); !strings.Contains(got, "@") {
		t.Errorf("signed in without an email on the page: %q", got)
	}
	if u := c.location(); u.Path != "/protected" || u.Host != strings.TrimPrefix(s.URL, "http://") {
		t.Errorf("after the OIDC sign-in the browser is at %s, want %s/protected", u, s.URL)
	}
	c.step("home-signed-in", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(css("#session")))
	c.signOut()
}

func TestE2ECredentials(t *testing.T) {
	chromiumPath(t) // skip early without a browser
	s := startServe(t, map[string]string{"AUTH_SECRET": testSecret}, "--database", "sqlite::memory:", "--demo-password", "correct horse battery")
	c := startChrome(t) // after the server, so that it stops first and leaves no open connection behind

	user, pass := "#input-username-for-credentials-provider", "#input-password-for-credentials-provider"
	c.step("home", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(css("#anonymous")))
	c.step("signin-page", chromedp.Click(css("#signin")), chromedp.WaitVisible(css(pass)))
	c.step("wrong-password", chromedp.SendKeys(css(user), "demo"), chromedp.SendKeys(css(pass), "wrong horse battery"), chromedp.Submit(css(pass)), chromedp.WaitVisible(css(`[role=alert]`)))
	u := c.location()
	if u.Path != "/api/auth/signin" || u.Query().Get("error") != "CredentialsSignin" {
		t.Errorf("a wrong password ends at %s, want /api/auth/signin?error=CredentialsSignin", u)
	}
	c.step("right-password", chromedp.SendKeys(css(user), "demo"), chromedp.SendKeys(css(pass), "correct horse battery"), chromedp.Submit(css(pass)), chromedp.WaitVisible(css("#session")))
	if got := c.text("right-password", "#user-name"); got != "Demo User" {
		t.Errorf("signed in as %q, want Demo User", got)
	}
	c.signOut()
}
