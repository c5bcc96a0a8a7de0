package gatehouse

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/smtptest"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
	"github.com/gatehouse-go/gatehouse/internal/web"
)

// TestEmailSQL runs the email flow on the SQL adapter over PostgreSQL and
// MariaDB (several connections, real transactions): a new user is created
// with EmailVerified in one transaction with its session; 20 concurrent
// POSTs of one link give exactly one session; an Auth.js token row signs
// in. The databases come from internal/testsvc (skipped locally when
// absent, failing with GATEHOUSE_REQUIRE_SERVICES=1). The same flow on a
// SQLite file runs in adapters/sqladapter/sqlitetest, the module that may
// import a SQLite driver.
func TestEmailSQL(t *testing.T) {
	backends := []struct {
		name string
		cfg  func(t *testing.T) sqladapter.Config
	}{
		{"postgres", postgresConfig},
		{"mariadb", mariaDBConfig},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			cfg.Synchronize = true
			store := sqladapter.New(cfg)
			t.Cleanup(func() { _ = store.Close() })
			testEmailSQL(t, store)
		})
	}
}

// postgresConfig is the SQL adapter's config for a fresh PostgreSQL schema
// (testsvc: skipped locally when the server is absent).
func postgresConfig(t *testing.T) sqladapter.Config {
	t.Helper()
	return sqladapter.Config{URL: testsvc.NewPostgres(t).URL}
}

// mariaDBConfig is the SQL adapter's config for a fresh MariaDB database
// (testsvc: skipped locally when the server is absent).
func mariaDBConfig(t *testing.T) sqladapter.Config {
	t.Helper()
	my := testsvc.NewMySQL(t)
	host, port, err := net.SplitHostPort(my.Config.Addr)
	if err != nil {
		t.Fatal(err)
	}
	p, err := strconv.Atoi(port)
	if err != nil {
		t.Fatal(err)
	}
	return sqladapter.Config{Type: "mariadb", Host: host, Port: p, Username: my.Config.User, Password: my.Config.Passwd, Database: my.Database}
}

func testEmailSQL(t *testing.T, store *sqladapter.Adapter) {
	t.Helper()
	h := newEmailHarness(t, smtptest.Options{}, "", func(c *Config) { c.Adapter = store })
	ctx := context.Background()

	h.requestLink("dora@example.com", "/")
	form := h.confirm(h.mailedLink(1, "dora@example.com"))
	const n = 20
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[string]int{}
	for range n {
		wg.Go(func() {
			req, _ := http.NewRequest("POST", h.base+"/callback/email", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for _, c := range h.jar.Cookies(req.URL) {
				req.AddCookie(c)
			}
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			res, err := client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
			mu.Lock()
			codes[res.Header.Get("Location")]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if codes[h.srv.URL+"/"] != 1 || codes[h.base+"/error?error=Verification"] != n-1 {
		t.Fatalf("answers %v: want one sign-in and %d Verification errors", codes, n-1)
	}
	dora, err := store.GetUserByEmail(ctx, "dora@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if dora.EmailVerified == nil || !dora.EmailVerified.Equal(h.clock.Now()) {
		t.Errorf("EmailVerified %v, want %v", dora.EmailVerified, h.clock.Now())
	}
	sessions, err := store.ListSessions(ctx, dora.ID)
	if err != nil || len(sessions) != 1 {
		t.Fatalf("%d sessions (%v), want 1", len(sessions), err)
	}

	// A row as Auth.js writes it, into the same table.
	const token = "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c"
	if err := store.CreateVerificationToken(ctx, &adapter.VerificationToken{
		Identifier: "dora@example.com", Token: web.SHA256Hex(token + testSecret), Expires: h.clock.Now().Add(time.Hour),
	}); err != nil {
		t.Fatal(err)
	}
	link := h.base + "/callback/email?" + url.Values{"token": {token}, "email": {"dora@example.com"}}.Encode()
	if res := h.use(h.confirm(link)); res.StatusCode != http.StatusFound || res.location() != h.srv.URL+"/" {
		t.Fatalf("Auth.js row: %d %q", res.StatusCode, res.location())
	}
	if sessions, _ := store.ListSessions(ctx, dora.ID); len(sessions) != 2 {
		t.Fatalf("%d sessions after the second sign-in, want 2", len(sessions))
	}
}
