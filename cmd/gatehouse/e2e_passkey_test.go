package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// virtualAuthenticator adds a CDP virtual authenticator to the tab: CTAP2,
// platform ("internal"), resident keys, user verification that succeeds,
// presence given automatically.
func (c *chrome) virtualAuthenticator(step string) webauthn.AuthenticatorID {
	c.t.Helper()
	var id webauthn.AuthenticatorID
	err := chromedp.Do(c.ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, webauthn.Enable, webauthn.EnableParams{}); err != nil {
			return err
		}
		res, err := cdp.Call(ctx, t, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{Options: &webauthn.VirtualAuthenticatorOptions{
			Protocol:                    webauthn.AuthenticatorProtocolCtap2,
			Ctap2version:                webauthn.Ctap2versionCtap21,
			Transport:                   webauthn.AuthenticatorTransportInternal,
			HasResidentKey:              true,
			HasUserVerification:         true,
			IsUserVerified:              true,
			AutomaticPresenceSimulation: true,
		}})
		id = res.AuthenticatorID
		return err
	}))
	if err != nil {
		c.t.Fatalf("%s: adding a virtual authenticator: %v", step, err)
	}
	return id
}

// credentials returns the credentials a virtual authenticator holds.
func (c *chrome) credentials(id webauthn.AuthenticatorID) []*webauthn.Credential {
	c.t.Helper()
	res, err := chromedp.Run(c.ctx, func(ctx context.Context, t *chromedp.Target) (webauthn.GetCredentialsResult, error) {
		return cdp.Call(ctx, t, webauthn.GetCredentials, webauthn.GetCredentialsParams{AuthenticatorID: id})
	})
	if err != nil {
		c.t.Fatalf("reading the virtual authenticator's credentials: %v", err)
	}
	return res.Credentials
}

func (c *chrome) removeAuthenticator(id webauthn.AuthenticatorID) {
	c.t.Helper()
	if err := chromedp.Do(c.ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, webauthn.RemoveVirtualAuthenticator, webauthn.RemoveVirtualAuthenticatorParams{AuthenticatorID: id})
		return err
	})); err != nil {
		c.t.Fatalf("removing a virtual authenticator: %v", err)
	}
}

// noAutofill makes the browser report conditional mediation (passkey
// autofill) unavailable on every page loaded from now on.
func (c *chrome) noAutofill() {
	c.t.Helper()
	if err := chromedp.Do(c.ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: "PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);",
		})
		return err
	})); err != nil {
		c.t.Fatalf("turning autofill off: %v", err)
	}
}

// count returns how many elements match sel.
func (c *chrome) count(sel string) int {
	c.t.Helper()
	n, err := chromedp.Run(c.ctx, chromedp.Evaluate[int](fmt.Sprintf("document.querySelectorAll(%q).length", sel)))
	if err != nil {
		c.t.Fatalf("counting %s: %v", sel, err)
	}
	return n
}

// TestE2EPasskeys runs passkeys in Chromium against `gatehouse serve` with
// the CDP virtual authenticator: sign up with a passkey, sign out, sign in
// with the button, add a second passkey from another "device", remove the
// first on the demo's passkeys page, and check the removed one no longer
// signs in while the second does. On SQLite (in memory and a file) and
// PostgreSQL.
func TestE2EPasskeys(t *testing.T) {
	chromiumPath(t) // skip early without a browser
	dbs := []struct {
		name string
		url  func(t *testing.T) string
	}{
		{"sqlite-memory", func(*testing.T) string { return "sqlite::memory:" }},
		{"sqlite-file", func(t *testing.T) string { return "sqlite://" + filepath.Join(t.TempDir(), "gatehouse.db") }},
		{"postgres", func(t *testing.T) string { return testsvc.NewPostgres(t).URL }},
	}
	for _, db := range dbs {
		t.Run(db.name, func(t *testing.T) {
			s := startServe(t, map[string]string{"AUTH_SECRET": testSecret}, "--database", db.url(t), "--synchronize", "--demo-user=false")
			if !strings.HasPrefix(s.URL, "http://localhost:") {
				t.Fatalf("serve names itself %s; passkeys need a domain name such as localhost", s.URL)
			}
			c := startChrome(t)
			phone := c.virtualAuthenticator("phone")
			email := "#input-email-for-passkey-provider"
			create, signIn := `form[data-passkey] button[value=register]`, `form[data-passkey] button[value=authenticate]`

			c.step("home", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(css("#anonymous")))
			c.step("signin-page", chromedp.Click(css("#signin")), chromedp.WaitVisible(css(create)))
			c.step("signed-up", chromedp.SendKeys(css(email), "pat@example.com"), chromedp.Click(css(create)), chromedp.WaitVisible(css("#session")))
			if got := c.text("signed-up", "#user-email"); got != "pat@example.com" {
				t.Fatalf("signed up as %q, want pat@example.com", got)
			}
			if n := len(c.credentials(phone)); n != 1 {
				t.Fatalf("the phone holds %d credentials after sign-up, want 1", n)
			}
			c.signOut()

			// Autofill: the sign-in page asks for a passkey with conditional
			// mediation as it loads; the virtual authenticator (presence
			// given automatically) answers at once, as a user picking the
			// passkey from the email field's suggestions would.
			c.step("signed-in-with-autofill", chromedp.Click(css("#signin")), chromedp.WaitVisible(css("#session")))
			if got := c.text("signed-in-with-autofill", "#user-email"); got != "pat@example.com" {
				t.Fatalf("signed in by autofill as %q, want pat@example.com", got)
			}
			c.signOut()

			// The button: with autofill unavailable, as in browsers without
			// conditional mediation.
			c.noAutofill()
			c.step("signin-page-2", chromedp.Click(css("#signin")), chromedp.WaitVisible(css(signIn)))
			c.step("signed-in-with-button", chromedp.Click(css(signIn)), chromedp.WaitVisible(css("#session")))
			if got := c.text("signed-in-with-button", "#user-email"); got != "pat@example.com" {
				t.Fatalf("signed in as %q, want pat@example.com", got)
			}
			if cs := c.credentials(phone); len(cs) != 1 || cs[0].SignCount < 2 {
				t.Errorf("the phone's counter did not advance: %+v", cs)
			}

			// A second device: the phone is put away (its credential is
			// excluded from the new registration, so it would refuse).
			phoneCreds := c.credentials(phone)
			c.removeAuthenticator(phone)
			laptop := c.virtualAuthenticator("laptop")
			c.step("passkeys-page", chromedp.Navigate(s.URL+"/passkeys"), chromedp.WaitVisible(css("#passkeys")))
			c.step("add-page", chromedp.Click(css("#add-passkey")), chromedp.WaitVisible(css(create)))
			c.step("second-added", chromedp.Click(css(create)), chromedp.WaitVisible(css("#passkeys li.passkey")))
			if n := c.count("#passkeys li.passkey"); n != 2 {
				t.Fatalf("%d passkeys listed after adding one, want 2", n)
			}
			if got := len(c.credentials(laptop)); got != 1 {
				t.Fatalf("the laptop holds %d credentials, want 1", got)
			}

			// Remove the phone's passkey (the first in the list is either;
			// pick it by its id).
			phoneID := fmt.Sprintf(`input[name=id][value=%q]`, base64.StdEncoding.EncodeToString(phoneCreds[0].CredentialID))
			c.step("phone-removed", chromedp.Submit(css(phoneID)), chromedp.WaitVisible(css("#passkeys")))
			if n := c.count("#passkeys li.passkey"); n != 1 {
				t.Fatalf("%d passkeys listed after removing one, want 1", n)
			}
			c.step("home-before-signout", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(css("#session")))
			c.signOut()

			// The laptop signs in; the phone (back, with its credential)
			// does not.
			c.step("signin-page-3", chromedp.Click(css("#signin")), chromedp.WaitVisible(css(signIn)))
			// (back to the page the sign-in started from last: /passkeys)
			c.step("signed-in-laptop", chromedp.Click(css(signIn)), chromedp.WaitVisible(css("#user-email")))
			if got := c.text("signed-in-laptop", "#user-email"); got != "pat@example.com" {
				t.Fatalf("signed in with the laptop as %q, want pat@example.com", got)
			}
			c.step("home-laptop", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(css("#session")))
			c.signOut()
			c.removeAuthenticator(laptop)
			phone = c.virtualAuthenticator("phone-again")
			if err := chromedp.Do(c.ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				// A raw call: cdproto's Credential always sends the CMTG
				// fields, which this authenticator refuses.
				pc := phoneCreds[0]
				return t.Call(ctx, webauthn.CommandAddCredential, map[string]any{"authenticatorId": phone, "credential": map[string]any{
					"credentialId": pc.CredentialID, "isResidentCredential": pc.IsResidentCredential, "rpId": pc.RpID,
					"privateKey": pc.PrivateKey, "userHandle": pc.UserHandle, "signCount": pc.SignCount,
					"backupEligibility": pc.BackupEligibility, "backupState": pc.BackupState,
				}}, nil)
			})); err != nil {
				t.Fatal(err)
			}
			c.step("signin-page-4", chromedp.Click(css("#signin")), chromedp.WaitVisible(css(signIn)))
			c.step("removed-refused", chromedp.Click(css(signIn)), chromedp.WaitVisible(css(`[role=alert]`)))
			if u := c.location(); u.Query().Get("error") != "WebAuthnVerificationError" {
				t.Errorf("the removed passkey ends at %s, want ?error=WebAuthnVerificationError", u)
			}
		})
	}
}
