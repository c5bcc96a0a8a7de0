package gatehouse

import (
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
