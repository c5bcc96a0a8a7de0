package passkey_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/providers/passkey/passkeytest"
)

// TestPasskeyFlow signs up with a passkey, signs out, signs in with it
// (usernameless), adds a second passkey while signed in, lists and removes
// one through the Go API, on both session strategies.
func TestPasskeyFlow(t *testing.T) {
	for _, strategy := range []gatehouse.SessionStrategy{gatehouse.StrategyDatabase, gatehouse.StrategyJWT} {
		t.Run(string(strategy), func(t *testing.T) {
			s := newSite(t, withStrategy(strategy))
			phone := passkeytest.New(s.origin)

			// Sign-up: a new email → register.
			action, opts := s.options("email=New@Example.com")
			if action != "register" {
				t.Fatalf("options for a new email: action %q, want register", action)
			}
			var creation struct {
				RP                     struct{ ID, Name string }
				User                   struct{ Name string }
				AuthenticatorSelection struct{ ResidentKey, UserVerification string }
				Attestation            string
			}
			if err := json.Unmarshal(opts, &creation); err != nil {
				t.Fatal(err)
			}
			if creation.RP.ID != "localhost" || creation.User.Name != "new@example.com" ||
				creation.AuthenticatorSelection.ResidentKey != "required" || creation.AuthenticatorSelection.UserVerification != "preferred" {
				t.Errorf("creation options = %+v", creation)
			}
			resp, err := phone.Register(opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.finish("register", resp); got != s.origin+"/home" {
				t.Fatalf("register → %s, want the callback URL", got)
			}
			if got := s.sessionEmail(); got != "new@example.com" {
				t.Fatalf("session after sign-up: %q", got)
			}
			user := s.userByEmail("new@example.com")
			if user.EmailVerified != nil {
				t.Errorf("a passkey sign-up verified the email (Auth.js does not)")
			}
			auths := s.authenticators(user.ID)
			if len(auths) != 1 {
				t.Fatalf("%d authenticators after sign-up", len(auths))
			}
			a := auths[0]
			cred := phone.Credentials()[0]
			if a.CredentialID != base64.StdEncoding.EncodeToString(cred.ID) || a.ProviderAccountID != a.CredentialID ||
				a.Counter != 0 || a.CredentialDeviceType != "multiDevice" || !a.CredentialBackedUp || a.Transports != "internal" {
				t.Errorf("stored authenticator = %+v", a)
			}
			if _, err := base64.StdEncoding.DecodeString(a.CredentialPublicKey); err != nil || len(a.CredentialPublicKey) < 80 {
				t.Errorf("public key %q is not standard base64 of a COSE key", a.CredentialPublicKey)
			}
			if u, err := s.store.GetUserByAccount(context.Background(), "passkey", a.CredentialID); err != nil || u.ID != user.ID {
				t.Errorf("the webauthn account does not lead to the user: %v", err)
			}

			// Sign out, sign in usernameless: authenticate with no allow list.
			s.newBrowser()
			if got := s.sessionEmail(); got != "" {
				t.Fatalf("signed out, yet session %q", got)
			}
			action, opts = s.options("action=authenticate")
			if action != "authenticate" || strings.Contains(string(opts), "allowCredentials\":[{") {
				t.Fatalf("authenticate options: %s %s", action, opts)
			}
			resp, err = phone.Authenticate(opts)
			if err != nil {
				t.Fatal(err)
			}
			s.finish("authenticate", resp)
			if got := s.sessionEmail(); got != "new@example.com" {
				t.Fatalf("session after passkey sign-in: %q", got)
			}
			if a := s.authenticators(user.ID)[0]; a.Counter != 1 {
				t.Errorf("counter after sign-in = %d, want 1", a.Counter)
			}

			// Signed in: add a passkey from a second device.
			laptop := passkeytest.New(s.origin)
			action, opts = s.options("action=register")
			if action != "register" || !strings.Contains(string(opts), base64.RawURLEncoding.EncodeToString(cred.ID)) {
				t.Fatalf("register options of a signed-in user do not exclude the existing passkey: %s %s", action, opts)
			}
			if _, err := phone.Register(opts); err == nil {
				t.Errorf("the phone registered again although its credential is excluded")
			}
			resp, err = laptop.Register(opts)
			if err != nil {
				t.Fatal(err)
			}
			s.finish("register", resp)
			if got := s.sessionEmail(); got != "new@example.com" {
				t.Fatalf("session after adding a passkey: %q", got)
			}
			list, err := s.auth.Passkeys(context.Background(), user.ID)
			if err != nil || len(list) != 2 {
				t.Fatalf("Passkeys = %d, %v; want 2", len(list), err)
			}

			// Remove the phone's passkey; it no longer signs in.
			if err := s.auth.RemovePasskey(context.Background(), user.ID, a.CredentialID); err != nil {
				t.Fatal(err)
			}
			if list, _ := s.auth.Passkeys(context.Background(), user.ID); len(list) != 1 {
				t.Fatalf("%d passkeys after removing one", len(list))
			}
			s.newBrowser()
			_, opts = s.options("action=authenticate")
			resp, _ = phone.Authenticate(opts)
			if got := s.finish("authenticate", resp); !strings.Contains(got, "error=WebAuthnVerificationError") {
				t.Errorf("the removed passkey signed in: %s", got)
			}
			_, opts = s.options("action=authenticate")
			resp, _ = laptop.Authenticate(opts)
			s.finish("authenticate", resp)
			if got := s.sessionEmail(); got != "new@example.com" {
				t.Errorf("the remaining passkey does not sign in: session %q", got)
			}
		})
	}
}

// TestPasskeyOfAnotherUser: signed in as one user, a passkey of another is
// refused (OAuth's linking rule) and the session stays; the user's own
// passkey keeps the session.
func TestPasskeyOfAnotherUser(t *testing.T) {
	s := newSite(t)
	alicePhone, bobPhone := passkeytest.New(s.origin), passkeytest.New(s.origin)
	s.signUp(alicePhone, "alice@example.com")
	_, opts := s.options("action=register&email=bob@example.com")
	resp, err := bobPhone.Register(opts)
	if err != nil {
		t.Fatal(err)
	}
	s.finish("register", resp) // bob stays signed in
	_, opts = s.options("action=authenticate")
	resp, _ = alicePhone.Authenticate(opts)
	if got := s.finish("authenticate", resp); !strings.Contains(got, "error=OAuthAccountNotLinked") {
		t.Errorf("alice's passkey while bob is signed in → %s, want OAuthAccountNotLinked", got)
	}
	if got := s.sessionEmail(); got != "bob@example.com" {
		t.Errorf("session = %q, want bob's kept", got)
	}
	_, opts = s.options("action=authenticate")
	resp, _ = bobPhone.Authenticate(opts)
	if got := s.finish("authenticate", resp); strings.Contains(got, "error=") {
		t.Errorf("bob's own passkey while signed in → %s", got)
	}
	if got := s.sessionEmail(); got != "bob@example.com" {
		t.Errorf("session = %q, want bob", got)
	}
}
