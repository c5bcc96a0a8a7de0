package gatehouse

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/smtptest"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// TestThreeInstances runs three handlers (three instances of an app) on
// one PostgreSQL database, sharing a SQL rate limit store: a session
// made through one is read through all, signing out through one ends it
// for all, and 5 wrong passwords spread over the three lock the name on
// every one (with per-process limits each would have allowed 5).
func TestThreeInstances(t *testing.T) {
	pg := testsvc.NewPostgres(t)
	if pg == nil {
		return
	}
	ctx := context.Background()
	limits, err := sqladapter.NewRateLimitStore(pg.DB, "postgres", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := limits.CreateTable(ctx); err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int32
	var hs []*harness
	for range 3 {
		hs = append(hs, newHarness(t, func(c *Config) {
			store := sqladapter.New(sqladapter.Config{URL: pg.URL, Synchronize: true})
			t.Cleanup(func() { store.Close() })
			c.Adapter = store
			c.Credentials.RateLimit = RateLimit{Identifier: 5, Store: limits}
		}, slowAlice(t, 0, &calls)))
	}
	if _, err := hs[0].auth.cfg.Adapter.CreateUser(ctx, &adapter.User{Name: "Alice", Email: "alice@example.com"}); err != nil {
		t.Fatal(err)
	}
	// Sign in through the first; give every instance's client the cookie.
	if res := hs[0].signIn(alicePass); res.location() != hs[0].srv.URL+"/dashboard" {
		t.Fatalf("sign-in: %q", res.location())
	}
	token := hs[0].sessionCookie()
	for _, h := range hs[1:] {
		u, _ := url.Parse(h.srv.URL)
		h.jar.SetCookies(u, []*http.Cookie{{Name: "authjs.session-token", Value: token, Path: "/"}})
	}
	for i, h := range hs {
		if s := h.session(); s == nil {
			t.Fatalf("instance %d does not see the session made on instance 0", i)
		}
	}
	// Sign out through the second.
	if res := hs[1].post("/api/auth/signout", url.Values{"csrfToken": {hs[1].csrf()}}); res.StatusCode != http.StatusFound {
		t.Fatalf("sign-out: %d", res.StatusCode)
	}
	for i, h := range hs {
		u, _ := url.Parse(h.srv.URL)
		h.jar.SetCookies(u, []*http.Cookie{{Name: "authjs.session-token", Value: token, Path: "/"}}) // a stolen copy
		if s := h.session(); s != nil {
			t.Errorf("instance %d still accepts the session signed out on instance 1", i)
		}
	}
	// Limits hold in total.
	for i := range 5 {
		hs[i%3].signIn("wrong")
	}
	before := calls.Load()
	for i, h := range hs {
		if res := h.signIn(alicePass); !strings.Contains(res.location(), "error=CredentialsSignin") {
			t.Errorf("instance %d accepted a name locked by 5 failures across the instances: %q", i, res.location())
		}
	}
	if calls.Load() != before {
		t.Error("a locked name reached Authorize")
	}
}

// TestEmailLinkAcrossInstances: a sign-in link asked for on one instance
// is used on another (one PostgreSQL database, one secret), as happens
// behind a load balancer; once used, it is refused on the first.
func TestEmailLinkAcrossInstances(t *testing.T) {
	pg := testsvc.NewPostgres(t)
	if pg == nil {
		return
	}
	onPG := func(c *Config) {
		store := sqladapter.New(sqladapter.Config{URL: pg.URL, Synchronize: true})
		t.Cleanup(func() { store.Close() })
		c.Adapter = store
	}
	a := newEmailHarness(t, smtptest.Options{}, "", onPG)
	b := newEmailHarness(t, smtptest.Options{}, "", onPG)
	if res := a.requestLink("ann@example.com", "/dashboard"); res.StatusCode != http.StatusFound {
		t.Fatalf("asking for a link on instance A: %d %s", res.StatusCode, res.body)
	}
	link := a.mailedLink(1, "ann@example.com")
	onB := strings.Replace(link, a.base, b.base, 1)
	form := b.confirm(onB)
	if res := b.use(form); res.StatusCode != http.StatusFound || strings.Contains(res.location(), "error=") {
		t.Fatalf("using A's link on instance B: %d to %q", res.StatusCode, res.location())
	}
	if s := b.session(); s == nil || s["user"].(map[string]any)["email"] != "ann@example.com" {
		t.Fatalf("instance B's session after the link: %v", s)
	}
	// The token is gone from the shared store: A refuses its own link now.
	res := a.get(strings.TrimPrefix(link, a.srv.URL))
	if res.StatusCode == http.StatusOK && strings.Contains(res.body, "Finish signing in") {
		formA := url.Values{}
		for _, m := range hiddenInput.FindAllStringSubmatch(res.body, -1) {
			formA.Set(m[1], html.UnescapeString(m[2]))
		}
		res = a.use(formA)
	}
	if !strings.Contains(res.location(), "error=Verification") {
		t.Errorf("the used link on instance A: %d to %q, want error=Verification", res.StatusCode, res.location())
	}
}
