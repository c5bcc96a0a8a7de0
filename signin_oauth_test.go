package gatehouse

import (
	"context"
	"errors"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/internal/testutil"
	"github.com/gatehouse-go/gatehouse/internal/web"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// oauthHarness is a harness with OIDC providers against an in-process
// OpenID provider: "mock" and "other" (both at op), and "linky" (at op, with
// dangerous email linking allowed).
type oauthHarness struct {
	*harness
	op *oidctest.OP
}

func newOAuthHarness(t *testing.T, opts ...harnessOption) *oauthHarness {
	t.Helper()
	op := oidctest.StartOP(t)
	mk := func(id string, edit func(*oauth.Config)) providers.Provider {
		cfg := oauth.Config{ID: id, Name: id, ClientID: op.ClientID, ClientSecret: op.ClientSecret, Issuer: op.Issuer(),
			Scopes: []string{"openid", "email", "profile"}}
		if edit != nil {
			edit(&cfg)
		}
		p, err := oauth.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	add := func(c *Config) {
		c.Providers = append(c.Providers,
			mk("mock", nil),
			mk("other", nil),
			mk("linky", func(c *oauth.Config) { c.AllowDangerousEmailAccountLinking = true }),
		)
	}
	return &oauthHarness{harness: newHarness(t, append([]harnessOption{add}, opts...)...), op: op}
}

// start posts the sign-in for provider and returns the OP's authorization
// URL (the Location of the answer).
func (h *oauthHarness) start(provider string, query string) string {
	h.t.Helper()
	path := "/api/auth/signin/" + provider
	if query != "" {
		path += "?" + query
	}
	res := h.post(path, url.Values{"csrfToken": {h.csrf()}, "callbackUrl": {"/dashboard"}})
	if res.StatusCode != http.StatusFound || !strings.HasPrefix(res.location(), h.op.Issuer()) {
		h.t.Fatalf("POST %s: %d to %q, want a redirect to the OP: %s", path, res.StatusCode, res.location(), res.body)
	}
	return res.location()
}

// authorize plays the browser at the OP for user and returns the callback
// URL it sends the browser to.
func (h *oauthHarness) authorize(authURL string, user *oidctest.User) *url.URL {
	h.t.Helper()
	if user != nil {
		h.op.QueueUser(user)
	}
	return oidctest.Redirect(h.t, authURL)
}

// callback delivers the callback URL to the handler.
func (h *oauthHarness) callback(u *url.URL) *response {
	h.t.Helper()
	req, _ := http.NewRequest("GET", u.String(), nil)
	return h.do(req)
}

// signInWith runs a whole sign-in at provider as user.
func (h *oauthHarness) signInWith(provider string, user *oidctest.User) *response {
	h.t.Helper()
	return h.callback(h.authorize(h.start(provider, ""), user))
}

// cookie returns the jar's cookie name, or "".
func (h *oauthHarness) cookie(name string) string {
	u, _ := url.Parse(h.srv.URL)
	for _, c := range h.jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// setCookie puts a cookie into the jar ("" deletes it).
func (h *oauthHarness) setCookie(name, value string) {
	u, _ := url.Parse(h.srv.URL)
	c := &http.Cookie{Name: name, Value: value, Path: "/"}
	if value == "" {
		c.MaxAge = -1
	}
	h.jar.SetCookies(u, []*http.Cookie{c})
}

func (h *oauthHarness) account(provider, id string) *adapter.Account {
	h.t.Helper()
	acc, err := h.mem.GetAccount(context.Background(), provider, id)
	if err != nil {
		h.t.Fatalf("GetAccount(%s, %s): %v", provider, id, err)
	}
	return acc
}

// writes returns the adapter write calls made since the last take.
func writes(calls map[string]int) map[string]int {
	out := map[string]int{}
	for _, m := range []string{"CreateUser", "UpdateUser", "DeleteUser", "LinkAccount", "UpdateAccount", "UnlinkAccount", "CreateSession", "UpdateSession", "DeleteSession"} {
		if calls[m] > 0 {
			out[m] = calls[m]
		}
	}
	return out
}

func wantLocation(t *testing.T, res *response, want string) {
	t.Helper()
	if res.StatusCode != http.StatusFound || res.location() != want {
		t.Fatalf("got %d to %q, want a redirect to %q; body %s", res.StatusCode, res.location(), want, res.body)
	}
}

var ada = &oidctest.User{Subject: "ada-1", Email: "Ada@Example.COM", EmailVerified: true, PreferredUsername: "ada"}

func TestOAuthFirstSignIn(t *testing.T) {
	h := newOAuthHarness(t)
	authURL := h.start("mock", "login_hint=ada%40example.com&prompt=consent&callbackUrl=%2Fignored")
	q, _ := url.Parse(authURL)
	for k, want := range map[string]string{
		"login_hint": "ada@example.com", "prompt": "consent", "code_challenge_method": "S256",
		"redirect_uri": h.base + "/callback/mock", "client_id": h.op.ClientID, "response_type": "code",
	} {
		if got := q.Query().Get(k); got != want {
			t.Errorf("authorization URL %s = %q, want %q", k, got, want)
		}
	}
	for _, k := range []string{"state", "nonce", "code_challenge"} {
		if len(q.Query().Get(k)) < 43 {
			t.Errorf("authorization URL %s = %q, want 43+ random characters", k, q.Query().Get(k))
		}
	}
	if q.Query().Has("callbackUrl") {
		t.Error("callbackUrl was passed to the provider")
	}
	for _, name := range []string{"authjs.state", "authjs.pkce.code_verifier", "authjs.nonce"} {
		v := h.cookie(name)
		if strings.Count(v, ".") != 4 {
			t.Errorf("cookie %s = %q, want a JWE", name, v)
		}
		if strings.Contains(v, q.Query().Get("state")) || strings.Contains(v, q.Query().Get("nonce")) {
			t.Errorf("cookie %s holds a check value in clear", name)
		}
	}
	h.store.Take()

	res := h.callback(h.authorize(authURL, ada))
	wantLocation(t, res, h.srv.URL+"/dashboard")
	for _, name := range []string{"authjs.state", "authjs.pkce.code_verifier", "authjs.nonce"} {
		if h.cookie(name) != "" {
			t.Errorf("check cookie %s was not deleted", name)
		}
	}
	if got, want := writes(h.store.Take()), map[string]int{"CreateUser": 1, "LinkAccount": 1, "CreateSession": 1}; !equalCounts(got, want) {
		t.Errorf("writes = %v, want %v", got, want)
	}
	u, err := h.mem.GetUserByAccount(context.Background(), "mock", "ada-1")
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "ada@example.com" || u.EmailVerified != nil {
		t.Errorf("user = %+v, want the lowercased email and EmailVerified nil (Auth.js)", u)
	}
	acc := h.account("mock", "ada-1")
	if acc.UserID != u.ID || acc.Type != "oidc" || acc.AccessToken == "" || acc.RefreshToken == "" || acc.IDToken == "" ||
		acc.ExpiresAt <= time.Now().Unix() || !strings.EqualFold(acc.TokenType, "bearer") {
		t.Errorf("account = %+v", acc)
	}
	s := h.session()
	if user, _ := s["user"].(map[string]any); user["email"] != "ada@example.com" || user["id"] != u.ID {
		t.Errorf("session = %v", s)
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestOAuthReturningAccountUpdatesTokens(t *testing.T) {
	h := newOAuthHarness(t)
	wantLocation(t, h.signInWith("mock", ada), h.srv.URL+"/dashboard")
	first := h.account("mock", "ada-1")
	h.jar, _ = cookiejar.New(nil) // another browser
	h.client.Jar = h.jar
	h.store.Take()

	wantLocation(t, h.signInWith("mock", ada), h.srv.URL+"/dashboard")
	if got, want := writes(h.store.Take()), map[string]int{"UpdateAccount": 1, "CreateSession": 1}; !equalCounts(got, want) {
		t.Errorf("writes = %v, want %v", got, want)
	}
	second := h.account("mock", "ada-1")
	if second.UserID != first.UserID {
		t.Errorf("second sign-in went to user %s, want %s", second.UserID, first.UserID)
	}
	if second.AccessToken == first.AccessToken || second.IDToken == first.IDToken {
		t.Error("the tokens were not updated on the second sign-in")
	}
	accs, _ := h.mem.ListAccounts(context.Background(), first.UserID)
	if len(accs) != 1 {
		t.Errorf("user has %d accounts, want 1", len(accs))
	}
}

func TestOAuthLinkWhileSignedIn(t *testing.T) {
	h := newOAuthHarness(t)
	wantLocation(t, h.signIn(alicePass), h.srv.URL+"/dashboard")
	sessions := len(h.sessions())
	h.store.Take()

	// A different email at the provider: linking needs no email match.
	res := h.signInWith("mock", &oidctest.User{Subject: "alice-at-op", Email: "alice.work@example.org", EmailVerified: true})
	wantLocation(t, res, h.srv.URL+"/dashboard")
	if got, want := writes(h.store.Take()), map[string]int{"LinkAccount": 1}; !equalCounts(got, want) {
		t.Errorf("writes = %v, want %v", got, want)
	}
	if acc := h.account("mock", "alice-at-op"); acc.UserID != h.alice.ID {
		t.Errorf("account linked to %s, want alice %s", acc.UserID, h.alice.ID)
	}
	if n := len(h.sessions()); n != sessions {
		t.Errorf("alice has %d sessions, want the same %d (the session is kept)", n, sessions)
	}

	// The same account again while signed in: tokens updated, nothing else.
	wantLocation(t, h.signInWith("mock", &oidctest.User{Subject: "alice-at-op", Email: "alice.work@example.org"}), h.srv.URL+"/dashboard")
	if got, want := writes(h.store.Take()), map[string]int{"UpdateAccount": 1}; !equalCounts(got, want) {
		t.Errorf("writes = %v, want %v", got, want)
	}
}

func TestOAuthAccountOfAnotherUser(t *testing.T) {
	h := newOAuthHarness(t)
	wantLocation(t, h.signInWith("mock", ada), h.srv.URL+"/dashboard") // ada's user owns ada-1
	h.jar, _ = cookiejar.New(nil)
	h.client.Jar = h.jar
	wantLocation(t, h.signIn(alicePass), h.srv.URL+"/dashboard")
	h.store.Take()

	res := h.signInWith("mock", ada)
	wantLocation(t, res, h.base+"/signin?error=OAuthAccountNotLinked")
	if got := writes(h.store.Take()); len(got) != 0 {
		t.Errorf("writes = %v, want none", got)
	}
	if acc := h.account("mock", "ada-1"); acc.UserID == h.alice.ID {
		t.Error("the account moved to alice")
	}
}

func TestOAuthEmailLinking(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name             string
		provider         string
		existingVerified bool
		profileVerified  bool
		wantLinked       bool
	}{
		{"not allowed", "mock", true, true, false},
		{"allowed", "linky", true, true, true},
		{"allowed, existing user unverified", "linky", false, true, false},
		{"allowed, provider does not assert verification", "linky", true, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newOAuthHarness(t)
			existing := &adapter.User{Name: "Bea", Email: "bea@example.com"}
			if tc.existingVerified {
				v := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
				existing.EmailVerified = &v
			}
			existing, err := h.mem.CreateUser(ctx, existing)
			if err != nil {
				t.Fatal(err)
			}
			h.store.Take()
			res := h.signInWith(tc.provider, &oidctest.User{Subject: "bea-op", Email: "BEA@example.com", EmailVerified: tc.profileVerified})
			calls := writes(h.store.Take())
			if !tc.wantLinked {
				wantLocation(t, res, h.base+"/signin?error=OAuthAccountNotLinked")
				if len(calls) != 0 {
					t.Errorf("writes = %v, want none", calls)
				}
				if _, err := h.mem.GetAccount(ctx, tc.provider, "bea-op"); !errors.Is(err, adapter.ErrNotFound) {
					t.Errorf("account stored: %v", err)
				}
				return
			}
			wantLocation(t, res, h.srv.URL+"/dashboard")
			if want := map[string]int{"LinkAccount": 1, "CreateSession": 1}; !equalCounts(calls, want) {
				t.Errorf("writes = %v, want %v", calls, want)
			}
			if acc := h.account(tc.provider, "bea-op"); acc.UserID != existing.ID {
				t.Errorf("linked to %s, want %s", acc.UserID, existing.ID)
			}
		})
	}
}

// jarCookies copies the check cookies of a started sign-in.
func (h *oauthHarness) checkCookies() map[string]string {
	out := map[string]string{}
	for _, n := range []string{"authjs.state", "authjs.pkce.code_verifier", "authjs.nonce"} {
		out[n] = h.cookie(n)
	}
	return out
}

// checkOfEarlierSignIn returns a callback whose check cookie name holds the
// value of an earlier sign-in in the same browser.
func checkOfEarlierSignIn(name string) func(h *oauthHarness) *response {
	return func(h *oauthHarness) *response {
		h.start("mock", "")
		old := h.checkCookies()
		cb := h.authorize(h.start("mock", ""), ada)
		h.setCookie(name, old[name])
		return h.callback(cb)
	}
}

func TestOAuthCallbackErrors(t *testing.T) {
	cases := []struct {
		name string
		// run returns the callback response.
		run      func(h *oauthHarness) *response
		wantCode string
		wantPage string // "signin" or "error"
	}{
		{"access denied", func(h *oauthHarness) *response {
			authURL, _ := url.Parse(h.start("mock", ""))
			u, _ := url.Parse(h.base + "/callback/mock")
			u.RawQuery = url.Values{"error": {"access_denied"}, "error_description": {"user said no"}, "state": {authURL.Query().Get("state")}}.Encode()
			return h.callback(u)
		}, "AccessDenied", "error"},
		{"other provider error", func(h *oauthHarness) *response {
			authURL, _ := url.Parse(h.start("mock", ""))
			u, _ := url.Parse(h.base + "/callback/mock")
			u.RawQuery = url.Values{"error": {"temporarily_unavailable"}, "state": {authURL.Query().Get("state")}}.Encode()
			return h.callback(u)
		}, "OAuthCallback", "signin"},
		{"state mismatch", func(h *oauthHarness) *response {
			cb := h.authorize(h.start("mock", ""), ada)
			q := cb.Query()
			q.Set("state", web.RandomToken())
			cb.RawQuery = q.Encode()
			return h.callback(cb)
		}, "OAuthCallback", "signin"},
		{"state missing", func(h *oauthHarness) *response {
			cb := h.authorize(h.start("mock", ""), ada)
			q := cb.Query()
			q.Del("state")
			cb.RawQuery = q.Encode()
			return h.callback(cb)
		}, "OAuthCallback", "signin"},
		{"state cookie missing", func(h *oauthHarness) *response {
			cb := h.authorize(h.start("mock", ""), ada)
			h.setCookie("authjs.state", "")
			return h.callback(cb)
		}, "OAuthCallback", "signin"},
		{"state cookie forged", func(h *oauthHarness) *response {
			cb := h.authorize(h.start("mock", ""), ada)
			h.setCookie("authjs.state", cb.Query().Get("state"))
			return h.callback(cb)
		}, "OAuthCallback", "signin"},
		{"check cookies of another provider", func(h *oauthHarness) *response {
			cb := h.authorize(h.start("other", ""), ada)
			cb.Path = strings.Replace(cb.Path, "/callback/other", "/callback/mock", 1)
			return h.callback(cb)
		}, "OAuthCallback", "signin"},
		{"PKCE mismatch", checkOfEarlierSignIn("authjs.pkce.code_verifier"), "OAuthCallback", "signin"},
		{"PKCE cookie missing", func(h *oauthHarness) *response {
			cb := h.authorize(h.start("mock", ""), ada)
			h.setCookie("authjs.pkce.code_verifier", "")
			return h.callback(cb)
		}, "OAuthCallback", "signin"},
		{"nonce mismatch", checkOfEarlierSignIn("authjs.nonce"), "OAuthCallback", "signin"},
		{"check cookies expired", func(h *oauthHarness) *response {
			cb := h.authorize(h.start("mock", ""), ada)
			h.clock.Advance(checkMaxAge + time.Minute)
			return h.callback(cb)
		}, "OAuthCallback", "signin"},
		{"token endpoint failure", func(h *oauthHarness) *response {
			cb := h.authorize(h.start("mock", ""), ada)
			// Twice: x/oauth2 retries with the other client auth style.
			for range 2 {
				h.op.QueueError(&oidctest.ServerError{Code: http.StatusInternalServerError, Error: "server_error", Description: "down"})
			}
			return h.callback(cb)
		}, "OAuthCallback", "signin"},
		{"code used twice", func(h *oauthHarness) *response {
			cb := h.authorize(h.start("mock", ""), ada)
			cookies := h.checkCookies()
			wantLocation(h.t, h.callback(cb), h.srv.URL+"/dashboard")
			h.store.Take()
			h.jar, _ = cookiejar.New(nil)
			h.client.Jar = h.jar
			for k, v := range cookies {
				h.setCookie(k, v)
			}
			return h.callback(cb)
		}, "OAuthCallback", "signin"},
		{"ID token signature broken", func(h *oauthHarness) *response {
			cb := h.authorize(h.start("mock", ""), ada)
			h.op.TamperNextToken(oidctest.TamperIDTokenPayload(h.t, func(c map[string]any) { c["sub"] = "someone-else" }))
			return h.callback(cb)
		}, "OAuthCallback", "signin"},
		{"ID token for another audience", func(h *oauthHarness) *response {
			cb := h.authorize(h.start("mock", ""), ada)
			h.op.TamperNextToken(h.op.ResignIDToken(h.t, func(c map[string]any) { c["aud"] = "another-client" }))
			return h.callback(cb)
		}, "OAuthCallback", "signin"},
		{"ID token expired", func(h *oauthHarness) *response {
			cb := h.authorize(h.start("mock", ""), ada)
			h.op.TamperNextToken(h.op.ResignIDToken(h.t, func(c map[string]any) { c["exp"] = time.Now().Add(-time.Hour).Unix() }))
			return h.callback(cb)
		}, "OAuthCallback", "signin"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newOAuthHarness(t)
			h.store.Take()
			res := tc.run(h)
			want := h.base + "/signin?error=" + tc.wantCode
			if tc.wantPage == "error" {
				want = h.base + "/error?error=" + tc.wantCode
			}
			wantLocation(t, res, want)
			if got := writes(h.store.Take()); len(got) != 0 {
				t.Errorf("writes = %v, want none", got)
			}
			if _, err := h.mem.GetUserByAccount(context.Background(), "mock", "ada-1"); tc.name != "code used twice" && !errors.Is(err, adapter.ErrNotFound) {
				t.Errorf("an account was stored: %v", err)
			}
			if h.sessionCookie() != "" && tc.name != "code used twice" {
				t.Error("a session cookie was set")
			}
			for _, n := range []string{"authjs.state", "authjs.pkce.code_verifier", "authjs.nonce"} {
				if h.cookie(n) != "" {
					t.Errorf("check cookie %s left after a failed callback", n)
				}
			}
			if !strings.Contains(h.logs.String(), "code="+tc.wantCode) {
				t.Errorf("log does not name the cause with code=%s:\n%s", tc.wantCode, h.logs.String())
			}
		})
	}
}

func TestOAuthFormPostCallback(t *testing.T) {
	h := newOAuthHarness(t)
	cb := h.authorize(h.start("mock", ""), ada)
	form := cb.Query()
	cb.RawQuery = ""
	// The provider's page posts cross-site: no CSRF token, a foreign Origin.
	res := h.post(cb.Path, form, "Origin", "https://op.example", "Sec-Fetch-Site", "cross-site")
	wantLocation(t, res, h.srv.URL+"/dashboard")
	if _, err := h.mem.GetUserByAccount(context.Background(), "mock", "ada-1"); err != nil {
		t.Fatalf("form_post sign-in stored no account: %v", err)
	}
}

func TestOAuthJSONRedirect(t *testing.T) {
	h := newOAuthHarness(t)
	res := h.post("/api/auth/signin/mock", url.Values{"csrfToken": {h.csrf()}}, "X-Auth-Return-Redirect", "1")
	var v struct{ URL string }
	res.json(t, &v)
	if res.StatusCode != 200 || !strings.HasPrefix(v.URL, h.op.AuthorizationEndpoint()+"?") {
		t.Fatalf("got %d %s, want 200 {url: the OP's authorization URL}", res.StatusCode, res.body)
	}
	// Without the CSRF token nothing starts.
	res = h.post("/api/auth/signin/mock", url.Values{})
	wantLocation(t, res, h.base+"/signin?error=MissingCSRF")
}

func TestOAuthSignInCallbackRefuses(t *testing.T) {
	var seen SignInParams
	h := newOAuthHarness(t, func(c *Config) {
		c.Callbacks.SignIn = func(ctx context.Context, p SignInParams) (string, error) {
			seen = p
			return "", errors.New("no ada today")
		}
	})
	h.store.Take()
	res := h.signInWith("mock", ada)
	wantLocation(t, res, h.base+"/error?error=AccessDenied")
	if got := writes(h.store.Take()); len(got) != 0 {
		t.Errorf("writes = %v, want none", got)
	}
	if seen.Account == nil || seen.Account.ProviderAccountID != "ada-1" || seen.Profile == nil || seen.User.Email != "ada@example.com" || seen.User.ID != "" {
		t.Errorf("SignIn callback saw %+v", seen)
	}
}

func TestOAuthEvents(t *testing.T) {
	var mu sync.Mutex
	var events []string
	note := func(s string) { mu.Lock(); events = append(events, s); mu.Unlock() }
	h := newOAuthHarness(t, func(c *Config) {
		c.Events.CreateUser = func(context.Context, *adapter.User) { note("createUser") }
		c.Events.LinkAccount = func(_ context.Context, e LinkAccountEvent) { note("linkAccount:" + e.Account.Provider) }
		c.Events.SignIn = func(_ context.Context, e SignInEvent) {
			note("signIn:" + e.Account.Provider + ":" + map[bool]string{true: "new", false: "old"}[e.IsNewUser])
		}
	})
	h.signInWith("mock", ada)
	h.jar, _ = cookiejar.New(nil)
	h.client.Jar = h.jar
	h.signInWith("mock", ada)
	want := "createUser linkAccount:mock signIn:mock:new signIn:mock:old"
	if got := strings.Join(events, " "); got != want {
		t.Errorf("events = %q, want %q", got, want)
	}
}

// TestOAuthConcurrentFirstSignIn completes 20 first-time sign-ins of one
// provider account at once, with and without a transactional adapter: one
// user and one account result, and no user is left without an account.
// The OP serialises token requests, so a SignIn callback holds every
// callback until all 20 have looked the account up and found nothing: all
// of them then race to create the user. (The same race on a SQLite file
// runs in adapters/sqladapter/sqlitetest.)
// testStore is a store for TestOAuthConcurrentFirstSignIn: the adapter to
// configure, the counting wrapper in it, and the bare store to inspect.
type testStore struct {
	use     adapter.Adapter
	counted *testutil.Faulty
	inspect adapter.Adapter
}

// openSQL opens the SQL adapter on cfg (creating the tables) and returns it
// wrapped for counting, and bare for inspection.
func openSQL(t *testing.T, cfg sqladapter.Config) testStore {
	t.Helper()
	cfg.Synchronize = true
	sa, err := sqladapter.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sa.Close() })
	f := testutil.NewFaulty(sa)
	return testStore{f.WithTx(), f, sa}
}

func TestOAuthConcurrentFirstSignIn(t *testing.T) {
	stores := []struct {
		name string
		// make returns the store given the harness's (the memory adapter
		// without transactions, counted).
		make func(t *testing.T, h *testutil.Faulty) testStore
	}{
		{"memory/compensation", func(t *testing.T, f *testutil.Faulty) testStore { return testStore{f, f, f.Inner()} }},
		{"memory/transaction", func(t *testing.T, f *testutil.Faulty) testStore { return testStore{f.WithTx(), f, f.Inner()} }},
		{"postgres/transaction", func(t *testing.T, _ *testutil.Faulty) testStore { return openSQL(t, postgresConfig(t)) }},
		{"mariadb/transaction", func(t *testing.T, _ *testutil.Faulty) testStore { return openSQL(t, mariaDBConfig(t)) }},
	}
	for _, st := range stores {
		for _, email := range []string{"jane@example.com", ""} {
			t.Run(st.name+"/email="+email, func(t *testing.T) {
				const n = 20
				var arrived sync.WaitGroup
				arrived.Add(n)
				release := make(chan struct{})
				var inspect adapter.Adapter
				var counted *testutil.Faulty
				var creates *atomic.Int64 // successful CreateUser calls, without transactions
				h := newOAuthHarness(t, func(c *Config) {
					ts := st.make(t, c.Adapter.(*testutil.Faulty))
					c.Adapter, counted, inspect = ts.use, ts.counted, ts.inspect
					if _, tx := ts.use.(adapter.Transactor); !tx {
						creates = new(atomic.Int64)
						counted.OnCall(func(method string, err error) {
							if method == "CreateUser" && err == nil {
								creates.Add(1)
							}
						})
					}
					c.Callbacks.SignIn = func(context.Context, SignInParams) (string, error) {
						arrived.Done()
						select {
						case <-release:
						case <-time.After(10 * time.Second):
						}
						return "", nil
					}
				})
				callbacks := make([]*url.URL, n)
				jars := make([]http.CookieJar, n)
				for i := range n {
					h.jar, _ = cookiejar.New(nil)
					h.client.Jar = h.jar
					callbacks[i] = h.authorize(h.start("mock", ""), &oidctest.User{Subject: "jane-1", Email: email, EmailVerified: true})
					jars[i] = h.jar
				}
				counted.Take()
				go func() { arrived.Wait(); close(release) }()
				var wg sync.WaitGroup
				results := make([]string, n)
				for i := range n {
					wg.Go(func() {
						c := &http.Client{Jar: jars[i], CheckRedirect: h.client.CheckRedirect}
						res, err := c.Get(callbacks[i].String())
						if err != nil {
							t.Error(err)
							return
						}
						res.Body.Close()
						results[i] = res.Header.Get("Location")
					})
				}
				wg.Wait()
				ok := 0
				for _, r := range results {
					switch r {
					case h.srv.URL + "/dashboard":
						ok++
					case h.base + "/signin?error=OAuthCreateAccount", h.base + "/signin?error=OAuthAccountNotLinked":
					default:
						t.Errorf("callback answered with a redirect to %q", r)
					}
				}
				if ok != 1 {
					t.Errorf("%d sign-ins succeeded, want exactly 1 (all raced to create the user): %v", ok, results)
				}
				ctx := context.Background()
				u, err := inspect.GetUserByAccount(ctx, "mock", "jane-1")
				if err != nil {
					t.Fatal(err)
				}
				accs, _ := inspect.ListAccounts(ctx, u.ID)
				if len(accs) != 1 {
					t.Errorf("%d accounts, want 1", len(accs))
				}
				calls := counted.Take()
				// Every user created is either the one kept or was removed
				// again (rolled back, or deleted by compensation).
				if sa, ok := inspect.(*sqladapter.Adapter); ok {
					db, err := sa.DB(ctx)
					if err != nil {
						t.Fatal(err)
					}
					var users int
					if err := db.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&users); err != nil || users != 1 {
						t.Errorf("users table has %d rows (%v), want 1: no orphan user", users, err)
					}
				}
				if creates != nil {
					if created := int(creates.Load()); created-1 != calls["DeleteUser"] {
						t.Errorf("%d users created, %d deleted: %d orphan users", created, calls["DeleteUser"], created-1-calls["DeleteUser"])
					}
				}
				if sessions, _ := inspect.(adapter.SessionLister).ListSessions(ctx, u.ID); len(sessions) != 1 {
					t.Errorf("%d sessions, want 1", len(sessions))
				}
				if email != "" {
					if got, err := inspect.GetUserByEmail(ctx, email); err != nil || got.ID != u.ID {
						t.Errorf("user by email = %v, %v; want %s", got, err, u.ID)
					}
				}
			})
		}
	}
}

func httptestRequest() *http.Request {
	r, _ := http.NewRequest("GET", "https://site.example/api/auth/signin/mock", nil)
	return r
}

func TestOAuthNonStandardTokenFields(t *testing.T) {
	h := newOAuthHarness(t)
	authURL := h.start("mock", "")
	cb := h.authorize(authURL, ada)
	h.op.TamperNextToken(func(resp map[string]any) {
		resp["session_state"] = "ss-1"
		resp["x_tenant"] = "acme"
		resp["refresh_token_expires_in"] = 86400
	})
	wantLocation(t, h.callback(cb), h.srv.URL+"/dashboard")
	acc := h.account("mock", "ada-1")
	if acc.SessionState != "ss-1" {
		t.Errorf("SessionState = %q, want ss-1", acc.SessionState)
	}
	if acc.Extra["x_tenant"] != "acme" || acc.Extra["refresh_token_expires_in"] == nil {
		t.Errorf("Extra = %v, want the non-standard fields", acc.Extra)
	}
	for _, k := range []string{"access_token", "id_token", "refresh_token", "expires_in", "token_type"} {
		if _, ok := acc.Extra[k]; ok {
			t.Errorf("Extra repeats the standard field %q", k)
		}
	}
}

func TestOAuthV4CookieNames(t *testing.T) {
	h := newOAuthHarness(t, func(c *Config) { c.Cookies.V4Names = true })
	authURL := h.start("mock", "")
	for _, n := range []string{"next-auth.state", "next-auth.pkce.code_verifier", "next-auth.nonce"} {
		if h.cookie(n) == "" {
			t.Errorf("no %s cookie", n)
		}
	}
	if h.cookie("authjs.state") != "" {
		t.Error("v5 cookie names used with V4Names")
	}
	wantLocation(t, h.callback(h.authorize(authURL, ada)), h.srv.URL+"/dashboard")
	if h.cookie("next-auth.session-token") == "" {
		t.Error("no session cookie")
	}
}

// TestOAuthStoreFailures makes one adapter write fail during an OAuth
// sign-in: the user sees an error and no half-made sign-up is left.
func TestOAuthStoreFailures(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		failOn    string
		returning bool // ada has signed in before
		wantCode  string
	}{
		{"CreateUser", false, "OAuthCreateAccount"},
		{"LinkAccount", false, "OAuthCreateAccount"},
		{"CreateSession", false, "OAuthCreateAccount"},
		{"GetUserByAccount", false, "OAuthCallback"},
		{"GetUserByEmail", false, "OAuthCallback"},
		{"UpdateAccount", true, "OAuthCallback"},
		{"CreateSession", true, "Configuration"},
	}
	for _, tc := range cases {
		t.Run(tc.failOn+map[bool]string{true: "/returning", false: "/new"}[tc.returning], func(t *testing.T) {
			h := newOAuthHarness(t)
			var before *adapter.Account
			if tc.returning {
				wantLocation(t, h.signInWith("mock", ada), h.srv.URL+"/dashboard")
				before = h.account("mock", "ada-1")
				h.jar, _ = cookiejar.New(nil)
				h.client.Jar = h.jar
			}
			cb := h.authorize(h.start("mock", ""), ada)
			h.store.Fail(tc.failOn)
			res := h.callback(cb)
			h.store.Fail("")
			page := "/signin"
			if tc.wantCode == "Configuration" {
				page = "/error"
			}
			wantLocation(t, res, h.base+page+"?error="+tc.wantCode)
			if h.sessionCookie() != "" {
				t.Error("a session cookie was set")
			}
			if !tc.returning {
				if _, err := h.mem.GetUserByEmail(ctx, "ada@example.com"); !errors.Is(err, adapter.ErrNotFound) {
					t.Errorf("a user was left behind: %v", err)
				}
				if _, err := h.mem.GetAccount(ctx, "mock", "ada-1"); !errors.Is(err, adapter.ErrNotFound) {
					t.Errorf("an account was left behind: %v", err)
				}
			} else if got := h.account("mock", "ada-1"); got.UserID != before.UserID {
				t.Errorf("account moved to %s", got.UserID)
			}
		})
	}
}
