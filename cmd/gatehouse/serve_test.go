package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/internal/smtptest"
)

// newBrowser returns an HTTP client with a cookie jar that does not follow
// redirects to other hosts than the demo's.
func newBrowser(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar}
}

func get(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

// csrfToken fetches the CSRF token as the sign-in page's forms do.
func csrfToken(t *testing.T, c *http.Client, base string) string {
	t.Helper()
	var v struct{ CsrfToken string }
	if err := json.Unmarshal([]byte(get(t, c, base+"/api/auth/csrf")), &v); err != nil || v.CsrfToken == "" {
		t.Fatalf("GET /api/auth/csrf: %v %q", err, v.CsrfToken)
	}
	return v.CsrfToken
}

// signIn posts the demo user's credentials and returns the page it lands on.
func signIn(t *testing.T, c *http.Client, s *server, password string) string {
	t.Helper()
	res, err := c.PostForm(s.URL+"/api/auth/callback/credentials", url.Values{
		"csrfToken": {csrfToken(t, c, s.URL)}, "username": {"demo"}, "password": {password}, "callbackUrl": {s.URL + "/protected"},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

// signInDemo signs the demo user in and returns the signed-in client.
func signInDemo(t *testing.T, s *server) *http.Client {
	t.Helper()
	c := newBrowser(t)
	if page := signIn(t, c, s, s.Password); !strings.Contains(page, `id="protected"`) {
		t.Fatalf("signing in as the demo user did not reach the protected page:\n%s", page)
	}
	return c
}

func TestServeEmbeddedDefault(t *testing.T) {
	t.Chdir(t.TempDir()) // the default database file lands here
	s := startServe(t, nil)
	out := s.stdout.String()
	for _, want := range []string{
		"database: SQLite file gatehouse.db (embedded default",
		`demo user: name "demo", password "`,
		"credentials          Demo user (the demo user)",
		"email                Email (dev mode: links are printed here and listed at " + s.URL + "/dev/emails)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("start-up output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(s.stderr.String(), "warning: AUTH_SECRET is not set") {
		t.Errorf("no warning about the generated secret:\n%s", s.stderr)
	}

	c := newBrowser(t)
	if page := get(t, c, s.URL+"/"); !strings.Contains(page, "You are not signed in") {
		t.Errorf("home page without a session:\n%s", page)
	}
	// The protected page sends a browser to the sign-in page.
	req, _ := http.NewRequest("GET", s.URL+"/protected", nil)
	req.Header.Set("Accept", "text/html")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Request.URL.Path != "/api/auth/signin" || res.Request.URL.Query().Get("callbackUrl") == "" {
		t.Errorf("protected page led to %s, want the sign-in page with a callbackUrl", res.Request.URL)
	}

	if page := signIn(t, c, s, s.Password+"x"); strings.Contains(page, `id="protected"`) {
		t.Fatalf("a wrong password signed in")
	}
	signInDemo(t, s)

	// Dev-mode email: the link is printed and listed at /dev/emails.
	res, err = c.PostForm(s.URL+"/api/auth/signin/email", url.Values{"csrfToken": {csrfToken(t, c, s.URL)}, "email": {"Ann@Example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	list := get(t, c, s.URL+"/dev/emails")
	link, err := smtptest.FindLink(list, s.URL+"/api/auth/callback/email?")
	if err != nil {
		t.Fatalf("/dev/emails lists no link: %v\n%s", err, list)
	}
	if !strings.Contains(s.stdout.String(), "sign-in link for ann@example.com:\n  "+link+"\n") {
		t.Errorf("the link was not printed:\n%s", s.stdout)
	}
	// Open it and confirm, as the confirmation page's button does.
	confirm := get(t, c, link)
	if !strings.Contains(confirm, "<form") {
		t.Fatalf("the link shows no confirmation form:\n%s", confirm)
	}
	u, _ := url.Parse(link)
	form := u.Query()
	form.Set("csrfToken", csrfToken(t, c, s.URL))
	res, err = c.PostForm(s.URL+u.Path, form)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), "ann@example.com") || !strings.Contains(string(body), "Signed in as") {
		t.Errorf("after confirming the email link the page is:\n%s", body)
	}
}

func TestServeDevEmailsLoopbackOnly(t *testing.T) {
	if !isLoopback("127.0.0.1:5000") || !isLoopback("[::1]:5000") || isLoopback("192.0.2.1:5000") || isLoopback("garbage") {
		t.Fatal("isLoopback is wrong")
	}
}

func TestServeCanonicalHost(t *testing.T) {
	s := startServe(t, nil, "--database", "sqlite::memory:")
	u, _ := url.Parse(s.URL)
	// The demo names itself localhost (passkeys need a domain name);
	// 127.0.0.1 is sent there.
	other := "http://127.0.0.1:" + u.Port() + "/protected?x=1"
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(other)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusTemporaryRedirect || loc != s.URL+"/protected?x=1" {
		t.Errorf("GET %s: %d to %q, want 307 to %s/protected?x=1", other, res.StatusCode, loc, s.URL)
	}
}

func TestServeEnvironment(t *testing.T) {
	op := oidctest.StartOP(t)
	mail := smtptest.Start(t, smtptest.Options{})
	env := map[string]string{
		"AUTH_SECRET":      "a-test-secret-that-is-at-least-32-bytes-long",
		"EMAIL_SERVER":     mail.URL(),
		"EMAIL_FROM":       "Demo <no-reply@example.com>",
		"AUTH_OIDC_ISSUER": op.Issuer(),
		"AUTH_OIDC_ID":     op.ClientID,
		"AUTH_OIDC_SECRET": op.ClientSecret,
	}
	s := startServe(t, env, "--database", "sqlite::memory:", "--demo-user=false")
	out := s.stdout.String()
	for _, want := range []string{"database: sqlite :memory:", "email                Email (sent by SMTP from Demo <no-reply@example.com>)", "oidc "} {
		if !strings.Contains(out, want) {
			t.Errorf("start-up output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "demo user") || strings.Contains(s.stderr.String(), "AUTH_SECRET is not set") {
		t.Errorf("demo user or secret warning despite the flags and AUTH_SECRET:\n%s%s", out, s.stderr)
	}
	var provs map[string]struct{ Type string }
	if err := json.Unmarshal([]byte(get(t, newBrowser(t), s.URL+"/api/auth/providers")), &provs); err != nil {
		t.Fatal(err)
	}
	if len(provs) != 3 || provs["oidc"].Type != "oidc" || provs["email"].Type != "email" || provs["passkey"].Type != "webauthn" {
		t.Errorf("providers = %+v, want email, oidc and passkey", provs)
	}
}

func TestServeErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"EMAIL_FROM missing", map[string]string{"EMAIL_SERVER": "smtp://127.0.0.1:2525"}, nil, "EMAIL_SERVER is set but EMAIL_FROM is not"},
		{"bad EMAIL_SERVER", map[string]string{"EMAIL_SERVER": "http://mail", "EMAIL_FROM": "a@example.com"}, nil, "EMAIL_SERVER"},
		{"OIDC without issuer", map[string]string{"AUTH_OIDC_ID": "x", "AUTH_OIDC_SECRET": "y"}, nil, "AUTH_OIDC_ISSUER"},
		{"bad AUTH_TRUST_HOST", map[string]string{"AUTH_TRUST_HOST": "maybe"}, nil, "AUTH_TRUST_HOST"},
		{"short AUTH_SECRET", map[string]string{"AUTH_SECRET": "short"}, nil, "use at least 32 random bytes"},
		{"bad database URL", nil, []string{"--database", "nosuch://db"}, "nosuch"},
		{"database unreachable", nil, []string{"--database", "postgres://postgres:hunter2@" + smtptest.UnusedAddr(t) + "/app"}, "refused"},
		{"address in use", nil, []string{"--addr", "256.0.0.1:1"}, "cannot listen on 256.0.0.1:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"serve", "--addr", "127.0.0.1:0", "--database", "sqlite::memory:"}, tt.args...)
			r := runCmd(t, tt.env, args...)
			if r.code != exitError {
				t.Fatalf("exit %d, want %d; stdout %q stderr %q", r.code, exitError, r.stdout, r.stderr)
			}
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			last := lines[len(lines)-1]
			if !strings.HasPrefix(last, "gatehouse serve: ") || !strings.Contains(last, tt.want) {
				t.Errorf("last stderr line %q, want the error with %q", last, tt.want)
			}
			if strings.Contains(r.stderr, "hunter2") {
				t.Errorf("password in the error: %s", r.stderr)
			}
		})
	}
}

func TestServeAuthURL(t *testing.T) {
	addr := smtptest.UnusedAddr(t)
	s := startServe(t, map[string]string{"AUTH_URL": "http://" + addr + "/auth", "AUTH_SECRET": "a-test-secret-that-is-at-least-32-bytes"},
		"--database", "sqlite::memory:", "--addr", addr)
	if s.URL != "http://"+addr {
		t.Errorf("site URL %s, want http://%s", s.URL, addr)
	}
	c := newBrowser(t)
	if page := get(t, c, s.URL+"/"); !strings.Contains(page, `href="/auth/signin"`) {
		t.Errorf("home page does not link to the configured base path:\n%s", page)
	}
	var provs map[string]struct{ SigninURL string }
	if err := json.Unmarshal([]byte(get(t, c, s.URL+"/auth/providers")), &provs); err != nil {
		t.Fatal(err)
	}
	if got := provs["credentials"].SigninURL; got != "http://"+addr+"/auth/signin/credentials" {
		t.Errorf("credentials signinUrl %q", got)
	}
	// With AUTH_URL the demo does not redirect other host names itself.
	req, _ := http.NewRequest("GET", s.URL+"/", nil)
	req.Host = "localhost"
	res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("GET / with another Host: %d, want 200", res.StatusCode)
	}
}
