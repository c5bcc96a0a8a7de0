package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gatehouse-go/gatehouse/examples/internal/exampletest"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
	"github.com/gatehouse-go/gatehouse/providers"
)

// TestSPAInChromium loads the page in headless Chromium and signs in and
// out through it, so the page's REST calls are checked against the real
// handler: the status line, the email form (POST /signin/email answered
// with {"url"}), the link, and the sign-out button. Screenshots go to
// artifacts/e2e/TestSPAInChromium.
func TestSPAInChromium(t *testing.T) {
	path, err := exec.LookPath("chromium")
	if p := os.Getenv("GATEHOUSE_CHROMIUM"); p != "" {
		path, err = p, nil
	}
	if err != nil {
		testsvc.Unavailable(t, "chromium", err, "apt-get install chromium (or set GATEHOUSE_CHROMIUM to its path)")
	}

	site := exampletest.Start(t, func(siteURL string, p []providers.Provider) (http.Handler, error) {
		return newApp(exampletest.Config(siteURL, p))
	})

	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	t.Cleanup(cancel)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(path), chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(900, 600))
	cctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelTab(); cancelAlloc() }) // runs before the server closes
	if err := chromedp.Do(cctx); err != nil {        // start the browser on the tab's own context
		t.Fatalf("starting %s: %v", path, err)
	}

	shots := filepath.Join("..", "..", "artifacts", "e2e", t.Name())
	if err := os.RemoveAll(shots); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	n := 0
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		n++
		sctx, cancel := context.WithTimeout(cctx, 15*time.Second)
		err := chromedp.Do(sctx, actions...)
		cancel()
		if shot, serr := chromedp.Run(cctx, chromedp.FullScreenshot(100)); serr == nil {
			_ = os.WriteFile(filepath.Join(shots, fmt.Sprintf("%02d-%s.png", n, name)), shot, 0o644)
		}
		if err != nil {
			t.Fatalf("step %02d %s: %v", n, name, err)
		}
	}
	status := func(js string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Poll[bool](`(() => { const e = document.getElementById("status"); if (!e) return false; const s = e.textContent; return `+js+`; })()`)(ctx, tg)
			return err
		})
	}
	type css = chromedp.CSS

	step("signed-out", chromedp.Navigate(site.URL+"/"), status(`s === "Not signed in."`))
	step("email-typed", chromedp.SendKeys(css(`input[type=email]`), "cy@example.com"))
	step("verify-request", chromedp.Click(css("#signin button")), chromedp.WaitVisible(css("main h1")))
	links := site.Email.DevLinks()
	if len(links) != 1 {
		t.Fatalf("%d sign-in links, want 1", len(links))
	}
	step("confirm", chromedp.Navigate(links[0].URL), chromedp.WaitVisible(css(`form button[type=submit]`)))
	step("signed-in", chromedp.Click(css(`form button[type=submit]`)), chromedp.WaitVisible(css("#status")), status(`s === "Signed in as cy@example.com"`))
	step("signed-out-again", chromedp.Click(css("#signout")), status(`s === "Not signed in."`))
}
