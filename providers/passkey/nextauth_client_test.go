package passkey_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/testsvc"
	"github.com/gatehouse-go/gatehouse/providers/passkey/passkeytest"
)

// clientDir is the core's next-auth client check; its package.json pins
// next-auth and @simplewebauthn/browser.
var clientDir = filepath.Join("..", "..", "testdata", "nextauth-client")

// TestNextAuthWebAuthnClient runs the real next-auth/webauthn client
// (signIn("passkey") on @simplewebauthn/browser 9) in Node against gatehouse:
// sign up with action "register" and an email, sign out, sign in with no
// parameters (the server picks "authenticate"). navigator.credentials is
// the software authenticator, reached over HTTP.
func TestNextAuthWebAuthnClient(t *testing.T) {
	node := testsvc.Node(t, clientDir, filepath.Join("@simplewebauthn", "browser"))
	s := newSite(t)
	device := passkeytest.New(s.origin)
	auth := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		opts, _ := io.ReadAll(r.Body)
		var resp []byte
		var err error
		switch r.URL.Path {
		case "/register":
			resp, err = device.Register(opts)
		case "/authenticate":
			resp, err = device.Authenticate(opts)
		default:
			http.NotFound(w, r)
			return
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(resp)
	}))
	t.Cleanup(auth.Close)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "webauthn.mjs", "nora@example.com")
	cmd.Dir = clientDir
	cmd.Env = append(os.Environ(), "NEXTAUTH_URL="+s.base, "AUTHENTICATOR_URL="+auth.URL, "NODE_ENV=production")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("node webauthn.mjs: %v\nstderr:\n%s", err, stderr.String())
	}
	steps := map[string]json.RawMessage{}
	sc := bufio.NewScanner(bytes.NewReader(stdout))
	for sc.Scan() {
		var line struct {
			Step  string
			Value json.RawMessage
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("node printed %q: %v", sc.Text(), err)
		}
		steps[line.Step] = line.Value
	}
	type result struct {
		Error *string
		OK    bool
		URL   string
	}
	type session struct{ User struct{ Email string } }
	check := func(step string) {
		t.Helper()
		var r result
		if err := json.Unmarshal(steps[step], &r); err != nil || r.Error != nil || !r.OK || r.URL != s.origin+"/dash" {
			t.Errorf("%s = %s, want ok with url %s/dash (stderr: %s)", step, steps[step], s.origin, stderr.String())
		}
	}
	email := func(step string) string {
		var v session
		_ = json.Unmarshal(steps[step], &v)
		return v.User.Email
	}
	check("register")
	if got := email("session"); got != "nora@example.com" {
		t.Errorf("session after register: %s", steps["session"])
	}
	if string(steps["sessionAfter"]) != "null" {
		t.Errorf("session after sign-out: %s", steps["sessionAfter"])
	}
	check("authenticate")
	if got := email("sessionAgain"); got != "nora@example.com" {
		t.Errorf("session after passkey sign-in: %s", steps["sessionAgain"])
	}
	if n := len(device.Credentials()); n != 1 {
		t.Errorf("the authenticator holds %d credentials, want 1", n)
	}
}
