// Package takeovertest plays the pre-account takeover through an OAuth
// provider that does not verify emails against a gatehouse handler on any
// adapter, so each adapter's tests can prove the takeover fails there.
//
// The attack: the attacker signs up at an OAuth provider with the victim's
// address, which the provider does not verify, and signs in to the site
// with it. Later the victim signs in to the site with a magic link for
// their address. If the site had stored the unverified address, the
// victim's link would land in the attacker's user (and mark it verified),
// with the attacker's provider account still linked to it.
package takeovertest

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/internal/smtptest"
	"github.com/gatehouse-go/gatehouse/internal/testutil"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/email"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

const (
	secret = "takeover-test-secret-0123456789abcdef0123"
	victim = "victim@example.com"
)

// Run plays the attack against a handler storing in store (empty: a fresh
// database) and fails t if the attacker gets the victim's user, or the
// victim the attacker's.
func Run(t *testing.T, store adapter.Adapter) {
	t.Helper()
	ctx := context.Background()
	s := newSite(t, store)

	// The attacker signs up through the provider that does not verify the
	// victim's address.
	attacker := testutil.NewBrowser()
	s.oauthSignIn(attacker, &oidctest.User{Subject: "attacker-1", Email: "Victim@Example.com", EmailVerified: false, PreferredUsername: "mallory"})
	attackerUser, err := store.GetUserByAccount(ctx, "lax", "attacker-1")
	if err != nil {
		t.Fatalf("the attacker's sign-up stored no user for the account: %v", err)
	}
	if attackerUser.Email != "" || attackerUser.EmailVerified != nil {
		t.Errorf("the attacker's user has Email %q (verified %v); an address the provider does not verify must not be stored", attackerUser.Email, attackerUser.EmailVerified)
	}
	if u, err := store.GetUserByEmail(ctx, victim); !errors.Is(err, adapter.ErrNotFound) {
		t.Errorf("GetUserByEmail(%s) after the attacker's sign-up = %+v, %v; want ErrNotFound", victim, u, err)
	}

	// The victim signs in with a magic link.
	v := testutil.NewBrowser()
	s.emailSignIn(v, victim)
	victimSession := s.sessionUser(v)
	if victimSession.ID == "" || victimSession.ID == attackerUser.ID {
		t.Fatalf("the victim's magic link signed in user %q; the attacker's is %q: takeover", victimSession.ID, attackerUser.ID)
	}
	if victimSession.Email != victim {
		t.Errorf("the victim's session email = %q, want %s", victimSession.Email, victim)
	}
	owner, err := store.GetUserByEmail(ctx, victim)
	if err != nil || owner.ID != victimSession.ID || owner.EmailVerified == nil {
		t.Fatalf("GetUserByEmail(%s) = %+v, %v; want the victim's verified user %q", victim, owner, err, victimSession.ID)
	}
	accts, err := store.ListAccounts(ctx, owner.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range accts {
		if a.Provider == "lax" {
			t.Errorf("the attacker's account %s/%s is linked to the victim's user", a.Provider, a.ProviderAccountID)
		}
	}

	// The attacker's browser still holds the attacker's own user, which
	// has not gained the address.
	if got := s.sessionUser(attacker); got.ID != attackerUser.ID || got.Email != "" {
		t.Errorf("the attacker's session is user %q with email %q; want %q without an email", got.ID, got.Email, attackerUser.ID)
	}
	// Signing in again with the same provider account lands in the
	// attacker's own user, and a new unverified account with the victim's
	// address is refused, not linked to the victim.
	again := testutil.NewBrowser()
	s.oauthSignIn(again, &oidctest.User{Subject: "attacker-1", Email: victim, PreferredUsername: "mallory"})
	if got := s.sessionUser(again); got.ID != attackerUser.ID {
		t.Errorf("the attacker's second sign-in is user %q, want %q", got.ID, attackerUser.ID)
	}
	second := testutil.NewBrowser()
	res := s.oauthCallback(second, &oidctest.User{Subject: "attacker-2", Email: victim, PreferredUsername: "mallory2"})
	if loc := res.Header.Get("Location"); !strings.Contains(loc, "error=OAuthAccountNotLinked") {
		t.Errorf("a second unverified account with the victim's address: redirect %q, want error=OAuthAccountNotLinked", loc)
	}
	if got := s.sessionUser(second); got.ID == owner.ID {
		t.Error("a second unverified account with the victim's address signed in as the victim")
	}
	if u, err := store.GetUserByAccount(ctx, "lax", "attacker-2"); err == nil && u.ID == owner.ID {
		t.Error("the second attacker account is linked to the victim")
	}
}

// site is a handler with an OIDC provider "lax" (at an in-process OP; its
// emails are verified only when the OP says so, and it allows dangerous
// email linking, the most permissive configuration) and an email provider
// sending to an in-process SMTP server.
type site struct {
	t    *testing.T
	srv  *httptest.Server
	base string
	op   *oidctest.OP
	mail *smtptest.Server
}

func newSite(t *testing.T, store adapter.Adapter) *site {
	t.Helper()
	s := &site{t: t, op: oidctest.StartOP(t), mail: smtptest.Start(t, smtptest.Options{})}
	lax, err := oauth.New(oauth.Config{ID: "lax", Name: "Lax", ClientID: s.op.ClientID, ClientSecret: s.op.ClientSecret,
		Issuer: s.op.Issuer(), Scopes: []string{"openid", "email", "profile"}, AllowDangerousEmailAccountLinking: true})
	if err != nil {
		t.Fatal(err)
	}
	mailer, err := email.New(email.Options{Server: s.mail.URL(), From: "Example <no-reply@example.com>",
		TLSConfig: s.mail.ClientTLSConfig(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.srv.Close)
	s.base = s.srv.URL + "/api/auth"
	auth, err := gatehouse.New(gatehouse.Config{
		Secrets: []string{secret}, URL: s.base, Adapter: store,
		Providers: []providers.Provider{lax, mailer},
		Logger:    slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle("/api/auth/", auth)
	return s
}

// oauthCallback runs an OAuth sign-in at "lax" as user up to the
// callback's answer.
func (s *site) oauthCallback(c *http.Client, user *oidctest.User) *http.Response {
	s.t.Helper()
	res, body := testutil.Do(s.t, c, "POST", s.base+"/signin/lax", url.Values{"csrfToken": {testutil.CSRF(s.t, c, s.base)}, "callbackUrl": {"/"}})
	if res.StatusCode != http.StatusFound {
		s.t.Fatalf("POST /signin/lax: %d %s", res.StatusCode, body)
	}
	s.op.QueueUser(user)
	cb := oidctest.Redirect(s.t, res.Header.Get("Location"))
	res, _ = testutil.Do(s.t, c, "GET", cb.String(), nil)
	return res
}

// oauthSignIn runs an OAuth sign-in that must succeed.
func (s *site) oauthSignIn(c *http.Client, user *oidctest.User) {
	s.t.Helper()
	if res := s.oauthCallback(c, user); res.StatusCode != http.StatusFound || res.Header.Get("Location") != s.srv.URL+"/" {
		s.t.Fatalf("OAuth callback: %d to %q, want a redirect to /", res.StatusCode, res.Header.Get("Location"))
	}
}

var hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// emailSignIn asks for a link for address, opens the mailed link and
// confirms it.
func (s *site) emailSignIn(c *http.Client, address string) {
	s.t.Helper()
	before := len(s.mail.Messages())
	res, body := testutil.Do(s.t, c, "POST", s.base+"/signin/email", url.Values{"csrfToken": {testutil.CSRF(s.t, c, s.base)}, "email": {address}, "callbackUrl": {"/"}})
	if res.StatusCode != http.StatusFound {
		s.t.Fatalf("POST /signin/email: %d %s", res.StatusCode, body)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	msgs, err := s.mail.Wait(ctx, before+1)
	if err != nil {
		s.t.Fatal(err)
	}
	parsed, err := msgs[before].Parse()
	if err != nil {
		s.t.Fatal(err)
	}
	link, err := smtptest.FindLink(parsed.Text, s.base+"/callback/email?")
	if err != nil {
		s.t.Fatal(err)
	}
	_, page := testutil.Do(s.t, c, "GET", link, nil)
	form := url.Values{}
	for _, m := range hiddenInput.FindAllStringSubmatch(page, -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	if form.Get("token") == "" {
		s.t.Fatalf("no confirmation form on the link's page:\n%s", page)
	}
	if res, _ := testutil.Do(s.t, c, "POST", s.base+"/callback/email", form); res.StatusCode != http.StatusFound || res.Header.Get("Location") != s.srv.URL+"/" {
		s.t.Fatalf("POST /callback/email: %d to %q, want a redirect to /", res.StatusCode, res.Header.Get("Location"))
	}
}

// sessionUser is the user of c's session (zero without one).
func (s *site) sessionUser(c *http.Client) (u struct{ ID, Email string }) {
	s.t.Helper()
	_, body := testutil.Do(s.t, c, "GET", s.base+"/session", nil)
	var v struct {
		User *struct {
			ID    string `json:"id"`
			Email string `json:"email"`
		} `json:"user"`
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		s.t.Fatalf("GET /session: %q: %v", body, err)
	}
	if v.User != nil {
		u.ID, u.Email = v.User.ID, v.User.Email
	}
	return u
}
