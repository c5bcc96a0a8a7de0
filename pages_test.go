package gatehouse

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestSignInPageForm checks that the rendered sign-in page's credentials
// form posts what the handler expects, and that posting it signs in.
func TestSignInPageForm(t *testing.T) {
	h := newHarness(t)
	res := h.get("/api/auth/signin?callbackUrl=%2Fafter&error=CredentialsSignin")
	body := res.body
	for _, want := range []string{
		`action="` + h.base + `/callback/credentials"`,
		`name="username"`, `name="password"`, `type="password"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("sign-in page lacks %s", want)
		}
	}
	if !strings.Contains(body, `role="alert"`) {
		t.Error("the ?error= banner is missing")
	}
	token := regexp.MustCompile(`name="csrfToken" value="([0-9a-f]{64})"`).FindStringSubmatch(body)
	cb := regexp.MustCompile(`name="callbackUrl" value="([^"]+)"`).FindStringSubmatch(body)
	if token == nil || cb == nil {
		t.Fatalf("hidden fields missing from the form:\n%s", body)
	}
	// Submit the form as the browser would.
	form := url.Values{"csrfToken": {token[1]}, "callbackUrl": {strings.ReplaceAll(cb[1], "&amp;", "&")}, "username": {"alice"}, "password": {alicePass}}
	res = h.post("/api/auth/callback/credentials", form)
	if res.location() != h.srv.URL+"/after" {
		t.Fatalf("form submission went to %q", res.location())
	}
	if h.session() == nil {
		t.Fatal("no session after submitting the page's form")
	}

	// The sign-out page's form carries a valid token too.
	body = h.get("/api/auth/signout").body
	token = regexp.MustCompile(`name="csrfToken" value="([0-9a-f]{64})"`).FindStringSubmatch(body)
	if token == nil || !strings.Contains(body, `action="`+h.base+`/signout"`) {
		t.Fatalf("sign-out page form:\n%s", body)
	}
	res = h.post("/api/auth/signout", url.Values{"csrfToken": {token[1]}})
	if res.StatusCode != 302 || h.session() != nil {
		t.Fatalf("sign-out via the page's form: %d, session %v", res.StatusCode, h.session())
	}
}

func TestPagesRender(t *testing.T) {
	h := newHarness(t)
	for _, path := range []string{"/api/auth/signin", "/api/auth/signout", "/api/auth/verify-request", "/api/auth/error?error=AccessDenied"} {
		res := h.get(path)
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || res.StatusCode >= 500 {
			t.Errorf("GET %s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
	if res := h.get("/api/auth/error?error=AccessDenied"); res.StatusCode != 403 {
		t.Errorf("error page AccessDenied: %d, want 403", res.StatusCode)
	}
	if res := h.get("/api/auth/error?error=%3Cscript%3E"); strings.Contains(res.body, "<script>") {
		t.Error("error page echoes markup")
	}
}

func TestCustomPages(t *testing.T) {
	h := newHarness(t, func(c *Config) {
		c.Pages = Pages{SignIn: "/login", SignOut: "/logout", Error: "/oops", VerifyRequest: "/check-mail", NewUser: "/welcome"}
	})
	tests := []struct{ path, want string }{
		{"/api/auth/signin?callbackUrl=%2Fx&error=CredentialsSignin", "/login?callbackUrl=" + url.QueryEscape(h.srv.URL+"/x") + "&error=CredentialsSignin"},
		{"/api/auth/signout", "/logout"},
		{"/api/auth/error?error=AccessDenied", "/oops?error=AccessDenied"},
		{"/api/auth/verify-request?provider=email&type=email", "/check-mail?provider=email&type=email"},
	}
	for _, tt := range tests {
		res := h.get(tt.path)
		if res.StatusCode != http.StatusFound || res.location() != h.srv.URL+tt.want {
			t.Errorf("GET %s: %d %q, want 302 %q", tt.path, res.StatusCode, res.location(), h.srv.URL+tt.want)
		}
	}
	// A failed sign-in goes to the custom sign-in page.
	res := h.signIn("wrong")
	if res.location() != h.srv.URL+"/login?code=credentials&error=CredentialsSignin" {
		t.Errorf("failed sign-in: %q", res.location())
	}
}
