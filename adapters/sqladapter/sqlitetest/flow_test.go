package sqlitetest_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"html"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the SQLite driver, registered as "sqlite"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/internal/smtptest"
	"github.com/gatehouse-go/gatehouse/internal/testutil"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/email"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

const secret = "a-test-secret-that-is-at-least-32-bytes-long"

// site is a gatehouse handler on a test server, and a browser for it that
// keeps cookies and does not follow redirects.
type site struct {
	t      *testing.T
	srv    *httptest.Server
	base   string // srv.URL + "/api/auth"
	client *http.Client
}

// newSite serves gatehouse.New(cfg) with Secrets and URL filled in.
func newSite(t *testing.T, cfg gatehouse.Config) *site {
	t.Helper()
	mux := http.NewServeMux()
	s := &site{t: t, srv: httptest.NewServer(mux)}
	t.Cleanup(s.srv.Close)
	s.base = s.srv.URL + "/api/auth"
	cfg.Secrets, cfg.URL = []string{secret}, s.base
	logs := &testutil.SyncBuffer{}
	cfg.Logger = slog.New(slog.NewTextHandler(logs, nil))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("gatehouse's log:\n%s", logs)
		}
	})
	auth, err := gatehouse.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle("/api/auth/", auth)
	s.client = testutil.NewBrowser()
	return s
}

// openSQLite opens the SQL adapter on a fresh SQLite file with extra
// Config.Params and closes it at cleanup.
func openSQLite(t *testing.T, params map[string]string) *sqladapter.Adapter {
	t.Helper()
	a, err := sqladapter.Open(context.Background(), sqladapter.Config{
		Type: "sqlite", Database: filepath.Join(t.TempDir(), "auth.db"), Params: params, Synchronize: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close() })
	return a
}

var hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// TestEmailSQLite runs the email flow on a SQLite file (several
// connections, BEGIN IMMEDIATE transactions): a new user gets
// EmailVerified and one session; 20 concurrent POSTs of one link give
// exactly one session; a token row as Auth.js writes it signs in. The
// core package runs the same on PostgreSQL and MariaDB (TestEmailSQL).
func TestEmailSQLite(t *testing.T) {
	mail := smtptest.Start(t, smtptest.Options{})
	p, err := email.New(email.Options{Server: mail.URL(), From: "Example <no-reply@example.com>", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	store := openSQLite(t, map[string]string{"_pragma": "busy_timeout(10000)", "_txlock": "immediate"})
	s := newSite(t, gatehouse.Config{Adapter: store, Providers: []providers.Provider{p}})
	ctx := context.Background()

	res, _ := testutil.Do(s.t, s.client, "POST", s.base+"/signin/email", url.Values{"csrfToken": {testutil.CSRF(s.t, s.client, s.base)}, "email": {"dora@example.com"}, "callbackUrl": {"/"}})
	if res.StatusCode != http.StatusFound {
		t.Fatalf("POST /signin/email: %d", res.StatusCode)
	}
	parsed, err := mail.Last(t, 10*time.Second).Parse()
	if err != nil {
		t.Fatal(err)
	}
	link, err := smtptest.FindLink(parsed.Text, s.base+"/callback/email?")
	if err != nil {
		t.Fatal(err)
	}
	confirm := func(link string) url.Values {
		t.Helper()
		_, page := testutil.Do(s.t, s.client, "GET", link, nil)
		form := url.Values{}
		for _, m := range hiddenInput.FindAllStringSubmatch(page, -1) {
			form.Set(m[1], html.UnescapeString(m[2]))
		}
		if form.Get("token") == "" || form.Get("csrfToken") == "" {
			t.Fatalf("no confirmation form on the link's page:\n%s", page)
		}
		return form
	}
	form := confirm(link)

	const n = 20
	var wg sync.WaitGroup
	var mu sync.Mutex
	locations := map[string]int{}
	// The 20 browsers share the cookies (the CSRF cookie) but keep what
	// they are sent to themselves.
	u, _ := url.Parse(s.base)
	shared := s.client.Jar.Cookies(u)
	for range n {
		wg.Go(func() {
			jar, _ := cookiejar.New(nil)
			jar.SetCookies(u, shared)
			c := &http.Client{Jar: jar, CheckRedirect: s.client.CheckRedirect}
			res, _ := testutil.Do(s.t, c, "POST", s.base+"/callback/email", form)
			mu.Lock()
			locations[res.Header.Get("Location")]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if locations[s.srv.URL+"/"] != 1 || locations[s.base+"/error?error=Verification"] != n-1 {
		t.Fatalf("answers %v: want one sign-in and %d Verification errors", locations, n-1)
	}
	dora, err := store.GetUserByEmail(ctx, "dora@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if dora.EmailVerified == nil {
		t.Error("EmailVerified not set")
	}
	if sessions, err := store.ListSessions(ctx, dora.ID); err != nil || len(sessions) != 1 {
		t.Fatalf("%d sessions (%v), want 1", len(sessions), err)
	}

	// A row as Auth.js writes it: sha256(token + secret), hex.
	const token = "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c"
	sum := sha256.Sum256([]byte(token + secret))
	if err := store.CreateVerificationToken(ctx, &adapter.VerificationToken{
		Identifier: "dora@example.com", Token: hex.EncodeToString(sum[:]), Expires: time.Now().Add(time.Hour),
	}); err != nil {
		t.Fatal(err)
	}
	authjsLink := s.base + "/callback/email?" + url.Values{"token": {token}, "email": {"dora@example.com"}}.Encode()
	if res, _ := testutil.Do(s.t, s.client, "POST", s.base+"/callback/email", confirm(authjsLink)); res.Header.Get("Location") != s.srv.URL+"/" {
		t.Fatalf("Auth.js row: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if sessions, _ := store.ListSessions(ctx, dora.ID); len(sessions) != 2 {
		t.Fatalf("%d sessions after the second sign-in, want 2", len(sessions))
	}
}

// TestOAuthConcurrentFirstSignInSQLite completes 20 first-time sign-ins of
// one provider account at once on a SQLite file: one user, one account and
// one session result, and no user is left without an account. A SignIn
// callback holds every callback until all 20 have looked the account up
// and found nothing, so all of them race to create the user. The core
// package runs the same on memory, PostgreSQL and MariaDB
// (TestOAuthConcurrentFirstSignIn).
func TestOAuthConcurrentFirstSignInSQLite(t *testing.T) {
	for _, mail := range []string{"jane@example.com", ""} {
		t.Run("email="+mail, func(t *testing.T) {
			op := oidctest.StartOP(t)
			mock, err := oauth.New(oauth.Config{ID: "mock", Name: "mock", ClientID: op.ClientID, ClientSecret: op.ClientSecret,
				Issuer: op.Issuer(), Scopes: []string{"openid", "email", "profile"}})
			if err != nil {
				t.Fatal(err)
			}
			store := openSQLite(t, nil)
			const n = 20
			var arrived sync.WaitGroup
			arrived.Add(n)
			release := make(chan struct{})
			s := newSite(t, gatehouse.Config{Adapter: store, Providers: []providers.Provider{mock},
				Callbacks: gatehouse.Callbacks{SignIn: func(context.Context, gatehouse.SignInParams) (string, error) {
					arrived.Done()
					select {
					case <-release:
					case <-time.After(10 * time.Second):
					}
					return "", nil
				}}})

			callbacks := make([]*url.URL, n)
			browsers := make([]*http.Client, n)
			for i := range n {
				c := testutil.NewBrowser()
				res, _ := testutil.Do(s.t, c, "POST", s.base+"/signin/mock", url.Values{"csrfToken": {testutil.CSRF(s.t, c, s.base)}, "callbackUrl": {"/dashboard"}})
				loc := res.Header.Get("Location")
				if !strings.HasPrefix(loc, op.Issuer()) {
					t.Fatalf("POST /signin/mock: %d to %q, want a redirect to the OP", res.StatusCode, loc)
				}
				op.QueueUser(&oidctest.User{Subject: "jane-1", Email: mail, EmailVerified: true})
				callbacks[i], browsers[i] = oidctest.Redirect(t, loc), c
			}
			go func() { arrived.Wait(); close(release) }()
			results := make([]string, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					res, _ := testutil.Do(s.t, browsers[i], "GET", callbacks[i].String(), nil)
					results[i] = res.Header.Get("Location")
				})
			}
			wg.Wait()
			ok := 0
			for _, r := range results {
				switch r {
				case s.srv.URL + "/dashboard":
					ok++
				case s.base + "/signin?error=OAuthCreateAccount", s.base + "/signin?error=OAuthAccountNotLinked":
				default:
					t.Errorf("callback answered with a redirect to %q", r)
				}
			}
			if ok != 1 {
				t.Errorf("%d sign-ins succeeded, want exactly 1: %v", ok, results)
			}
			ctx := context.Background()
			u, err := store.GetUserByAccount(ctx, "mock", "jane-1")
			if err != nil {
				t.Fatal(err)
			}
			if accs, _ := store.ListAccounts(ctx, u.ID); len(accs) != 1 {
				t.Errorf("%d accounts, want 1", len(accs))
			}
			db, err := store.DB(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var users int
			if err := db.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&users); err != nil || users != 1 {
				t.Errorf("users table has %d rows (%v), want 1: no orphan user", users, err)
			}
			if sessions, _ := store.ListSessions(ctx, u.ID); len(sessions) != 1 {
				t.Errorf("%d sessions, want 1", len(sessions))
			}
			if mail != "" {
				if got, err := store.GetUserByEmail(ctx, mail); err != nil || got.ID != u.ID {
					t.Errorf("user by email = %v, %v; want %s", got, err, u.ID)
				}
			}
		})
	}
}

// TestDatabaseURLSQLite checks the README's first form on SQLite:
// Config.Database as a URL with synchronize=true gives the default SQL
// adapter, which creates the tables. The core package checks every form
// on PostgreSQL (TestDatabaseForms).
func TestDatabaseURLSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.db")
	newSite(t, gatehouse.Config{Database: "sqlite:" + path + "?synchronize=true"})
	check := sqladapter.New(sqladapter.Config{Type: "sqlite", Database: path})
	t.Cleanup(func() { _ = check.Close() })
	if err := check.Init(context.Background()); err != nil {
		t.Fatalf("the tables gatehouse.New should have created: %v", err)
	}
}
