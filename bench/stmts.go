package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/internal/sqlstats"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/email"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// Count is the statements and transactions one request sent to the
// database.
type Count struct {
	// Flow names the request, for example "session read".
	Flow string
	// Statements and Transactions are what internal/sqlstats counted
	// (BEGIN/COMMIT are not statements).
	Statements, Transactions int64
	// Note says why the flow was not measured ("" when it was).
	Note string
}

// Flows returns the flows StatementCounts measures, in order.
func Flows() []string { return slices.Clone(flows[:]) }

var flows = [...]string{
	"session read",
	"session read that refreshes expiry",
	"email sign-in request",
	"email callback (returning user)",
	"email callback (new user)",
	"OAuth callback (new user)",
	"OAuth callback (returning user)",
	"sign-out",
}

// StatementCounts seeds a few users into b (reset first) and counts the
// statements each flow of Flows sends through gatehouse's SQL adapter,
// driving the handler in-process with httptest.
func StatementCounts(ctx context.Context, b *Backend) ([]Count, error) {
	if err := ResetAndSeed(ctx, b, 4, nil); err != nil {
		return nil, err
	}
	plain, err := b.Open(1)
	if err != nil {
		return nil, err
	}
	defer plain.Close()
	db, counter := sqlstats.OpenDB(plain.Driver(), b.DSN)
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	defer db.Close()
	a := sqladapter.New(sqladapter.Config{DB: db, Type: string(b.Dialect)})
	if err := a.Init(ctx); err != nil {
		return nil, err
	}
	defer a.Close()

	op, err := startProvider()
	if err != nil {
		return nil, err
	}
	defer op.Close()
	mock, err := oauth.New(oauth.Config{ID: "mock", Name: "Mock", ClientID: op.ClientID, ClientSecret: op.ClientSecret,
		Issuer: op.Issuer(), Scopes: []string{"openid", "email", "profile"}})
	if err != nil {
		return nil, err
	}

	var link string
	mail, err := email.New(email.Options{
		From: "bench@bench.example",
		// The link is taken from the provider's delivery hook: the counts
		// are of database statements, so no mail server is involved.
		SendVerificationRequest: func(_ context.Context, r providers.VerificationRequest) error {
			link = r.URL
			return nil
		},
	})
	if err != nil {
		return nil, err
	}
	const site = "http://bench.example"
	h, err := gatehouse.New(gatehouse.Config{
		Secrets:   []string{Secret},
		URL:       site + "/api/auth",
		Adapter:   a,
		Providers: []providers.Provider{mail, mock},
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		return nil, err
	}

	// Session 1 is due for a refresh: its expiry is older than UpdateAge.
	due := time.Now().UTC().Add(gatehouse.DefaultMaxAge - gatehouse.DefaultUpdateAge - time.Hour)
	var dueArg any = due
	if b.Dialect == schema.SQLite {
		dueArg = due.Format(schema.Default().TimeLayout())
	}
	upd := "UPDATE sessions SET expires = ? WHERE session_token = ?"
	if b.Dialect == schema.Postgres {
		upd = "UPDATE sessions SET expires = $1 WHERE session_token = $2"
	}
	if _, err := plain.ExecContext(ctx, upd, dueArg, StoredToken(CookieToken(1))); err != nil {
		return nil, err
	}

	c := &client{h: h, site: site}
	count := func(flow string, want func(*httptest.ResponseRecorder) error, req func() *httptest.ResponseRecorder) (Count, error) {
		counter.Reset()
		rec := req()
		n := Count{Flow: flow, Statements: counter.Statements(), Transactions: counter.Transactions()}
		if err := want(rec); err != nil {
			return n, fmt.Errorf("bench: %s: %w", flow, err)
		}
		return n, nil
	}
	hasSession := func(rec *httptest.ResponseRecorder) error {
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"expires"`) {
			return fmt.Errorf("got %d %s, want the session", rec.Code, rec.Body)
		}
		return nil
	}
	redirected := func(to string) func(*httptest.ResponseRecorder) error {
		return func(rec *httptest.ResponseRecorder) error {
			loc := rec.Header().Get("Location")
			if rec.Code != http.StatusFound && rec.Code != http.StatusSeeOther || !strings.Contains(loc, to) {
				return fmt.Errorf("got %d to %q, want a redirect to %q", rec.Code, loc, to)
			}
			return nil
		}
	}
	var out []Count
	add := func(n Count, err error) error {
		out = append(out, n)
		return err
	}
	session := func(i int) func() *httptest.ResponseRecorder {
		return func() *httptest.ResponseRecorder {
			return c.do(http.MethodGet, "/api/auth/session", nil, map[string]string{CookieName: CookieToken(i)})
		}
	}
	if err := add(count(flows[0], hasSession, session(0))); err != nil {
		return out, err
	}
	if err := add(count(flows[1], func(rec *httptest.ResponseRecorder) error {
		if err := hasSession(rec); err != nil {
			return err
		}
		if !strings.Contains(strings.Join(rec.Header().Values("Set-Cookie"), "\n"), CookieName+"=") {
			return errors.New("no refreshed session cookie")
		}
		return nil
	}, session(1))); err != nil {
		return out, err
	}
	signIn := func(addr string) func() *httptest.ResponseRecorder {
		return func() *httptest.ResponseRecorder {
			return c.do(http.MethodPost, "/api/auth/signin/email", url.Values{"email": {addr}, "csrfToken": {c.csrf}}, nil)
		}
	}
	// The link opens a confirmation page (GET, no statements); its form
	// POSTs the token back, which is the callback counted here.
	callback := func() *httptest.ResponseRecorder {
		form := url.Values{"csrfToken": {c.csrf}}
		if u, err := url.Parse(link); err == nil {
			for k, v := range u.Query() {
				form[k] = v
			}
			link = u.Path
		}
		return c.do(http.MethodPost, link, form, nil)
	}
	for _, step := range []struct {
		flow    string
		address string
	}{{flows[3], UserEmail(2)}, {flows[4], "new-user@bench.example"}} {
		if err := c.fetchCSRF(); err != nil {
			return out, err
		}
		link = ""
		n, err := count(flows[2], redirected("/verify-request"), signIn(step.address))
		if err != nil {
			return out, err
		}
		if step.address == UserEmail(2) {
			out = append(out, n)
		}
		if link == "" {
			return out, errors.New("bench: email sign-in sent no link")
		}
		if err := add(count(step.flow, redirected(site), callback)); err != nil {
			return out, err
		}
	}
	// The same OP user signs in twice: the first callback creates the user,
	// the account and the session; the second finds them.
	for _, flow := range []string{flows[5], flows[6]} {
		if err := c.fetchCSRF(); err != nil {
			return out, err
		}
		rec := c.do(http.MethodPost, "/api/auth/signin/mock", url.Values{"csrfToken": {c.csrf}, "callbackUrl": {site + "/"}}, nil)
		loc := rec.Header().Get("Location")
		if rec.Code != http.StatusFound || !strings.HasPrefix(loc, op.Issuer()) {
			return out, fmt.Errorf("bench: OAuth sign-in: %d to %q, want a redirect to the provider", rec.Code, loc)
		}
		cb, err := op.authorize(loc, &oidctest.User{Subject: "oauth-user-1", Email: "oauth-user@bench.example", EmailVerified: true})
		if err != nil {
			return out, err
		}
		if err := add(count(flow, redirected(site), func() *httptest.ResponseRecorder {
			return c.do(http.MethodGet, cb.Path+"?"+cb.RawQuery, nil, nil)
		})); err != nil {
			return out, err
		}
	}
	if err := c.fetchCSRF(); err != nil {
		return out, err
	}
	if err := add(count(flows[7], redirected(site), func() *httptest.ResponseRecorder {
		return c.do(http.MethodPost, "/api/auth/signout", url.Values{"csrfToken": {c.csrf}},
			map[string]string{CookieName: CookieToken(3)})
	})); err != nil {
		return out, err
	}
	return out, nil
}

// client drives a handler in-process, keeping cookies like a browser.
type client struct {
	h    http.Handler
	site string
	jar  map[string]string
	csrf string
}

func (c *client) do(method, target string, form url.Values, extra map[string]string) *httptest.ResponseRecorder {
	if strings.HasPrefix(target, "/") {
		target = c.site + target
	}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range c.jar {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	for k, v := range extra {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	if c.jar == nil {
		c.jar = map[string]string{}
	}
	for _, ck := range rec.Result().Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.jar, ck.Name)
		} else if ck.Name != CookieName {
			c.jar[ck.Name] = ck.Value
		}
	}
	return rec
}

func (c *client) fetchCSRF() error {
	rec := c.do(http.MethodGet, "/api/auth/csrf", nil, nil)
	var v struct {
		CSRFToken string `json:"csrfToken"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil || v.CSRFToken == "" {
		return fmt.Errorf("bench: GET /csrf: %d %s", rec.Code, rec.Body)
	}
	c.csrf = v.CSRFToken
	return nil
}

// PrintStatementCounts prints StatementCounts for SQLite (a temporary
// file), PostgreSQL and MariaDB (the default servers, schema or database
// gatehouse_bench_stmts) as a table; a backend that cannot be reached is
// reported in its column.
func PrintStatementCounts(ctx context.Context, w io.Writer) error {
	dir, err := os.MkdirTemp("", "gatehouse-bench-stmts")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	names := []string{"sqlite", "postgres", "mariadb"}
	cols := make([][]Count, len(names))
	errs := make([]error, len(names))
	for i, name := range names {
		space := "gatehouse_bench_stmts"
		if name == "sqlite" {
			space = filepath.Join(dir, "stmts.db")
		}
		b, err := NewBackend(name, space, "")
		if err == nil {
			cols[i], err = StatementCounts(ctx, b)
		}
		errs[i] = err
	}
	fmt.Fprintf(w, "%-36s", "statements (transactions) per request")
	for _, n := range names {
		fmt.Fprintf(w, " %10s", n)
	}
	fmt.Fprintln(w)
	for r, flow := range flows {
		fmt.Fprintf(w, "%-36s", flow)
		note := ""
		for i := range names {
			switch {
			case r < len(cols[i]) && cols[i][r].Note != "":
				fmt.Fprintf(w, " %10s", "-")
				note = cols[i][r].Note
			case r < len(cols[i]):
				fmt.Fprintf(w, " %10s", fmt.Sprintf("%d (%d)", cols[i][r].Statements, cols[i][r].Transactions))
			default:
				fmt.Fprintf(w, " %10s", "n/a")
			}
		}
		if note != "" {
			fmt.Fprintf(w, "  %s", note)
		}
		fmt.Fprintln(w)
	}
	for i, err := range errs {
		if err != nil {
			fmt.Fprintf(w, "%s: %v\n", names[i], err)
		}
	}
	return errors.Join(errs...)
}
