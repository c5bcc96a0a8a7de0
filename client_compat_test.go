package gatehouse

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// clientDir holds the next-auth/react client check (package.json pins the
// versions; node_modules is installed with npm ci, not committed).
const clientDir = "testdata/nextauth-client"

// needNodeClient returns the node binary, with clientDir's packages
// installed (testsvc.Node).
func needNodeClient(t *testing.T) string {
	t.Helper()
	return testsvc.Node(t, clientDir, filepath.Join("next-auth", "react.js"))
}

// TestNextAuthReactClient runs the real next-auth/react client functions
// (signIn, getSession, update, signOut, getCsrfToken, getProviders) of
// next-auth v5 and v4 against the handler, with database and JWT sessions.
func TestNextAuthReactClient(t *testing.T) {
	node := needNodeClient(t)
	for _, tc := range []struct {
		version string
		jwt     bool
	}{{"v5", false}, {"v4", false}, {"v5", true}, {"v4", true}} {
		version, name, newH := tc.version, tc.version, newHarness
		if tc.jwt {
			name, newH = version+"-jwt", newJWTHarness
		}
		t.Run(name, func(t *testing.T) {
			h := newH(t, func(c *Config) {
				c.Cookies.V4Names = version == "v4"
				c.Callbacks.Session = func(ctx context.Context, p SessionParams) (*Session, error) {
					if p.Trigger == TriggerUpdate {
						var d struct{ Name string }
						if err := json.Unmarshal(p.NewSession, &d); err != nil {
							return nil, err
						}
						p.Session.User.Name = d.Name
					}
					return p.Session, nil
				}
			})
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, node, "client.mjs", version, "alice", alicePass)
			cmd.Dir = clientDir
			cmd.Env = append(os.Environ(), "NEXTAUTH_URL="+h.base, "NODE_ENV=production")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			stdout, err := cmd.Output()
			if err != nil {
				t.Fatalf("node client.mjs: %v\nstderr:\n%s", err, stderr.String())
			}
			steps := map[string]json.RawMessage{}
			sc := bufio.NewScanner(bytes.NewReader(stdout))
			for sc.Scan() {
				var line struct {
					Step  string
					Value json.RawMessage
				}
				if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
					t.Fatalf("bad output line %q: %v", sc.Text(), err)
				}
				steps[line.Step] = line.Value
			}
			if stderr.Len() > 0 {
				t.Errorf("the client logged errors:\n%s", stderr.String())
			}
			check := func(step string, v any, ok func() bool) {
				t.Helper()
				raw, found := steps[step]
				if !found {
					t.Fatalf("step %s missing; output:\n%s", step, stdout)
				}
				if err := json.Unmarshal(raw, v); err != nil {
					t.Fatalf("step %s: %s: %v", step, raw, err)
				}
				if !ok() {
					t.Errorf("step %s: got %s", step, raw)
				}
			}
			var providers map[string]struct{ ID, Type, SigninURL, CallbackURL string }
			check("providers", &providers, func() bool {
				p := providers["credentials"]
				return p.Type == "credentials" && p.CallbackURL == h.base+"/callback/credentials"
			})
			var n int
			check("csrf", &n, func() bool { return n == 64 })
			type result struct {
				Error, Code, URL *string
				Status           int
				OK               bool
			}
			var wrong result
			// next-auth 4's signIn() reports ok: false only on a non-2xx
			// answer (NextAuth.js v4 answers 401); v5's as Auth.js v5 does
			// (200, the error in the URL).
			check("signInWrong", &wrong, func() bool {
				return wrong.Error != nil && *wrong.Error == "CredentialsSignin" && wrong.URL == nil &&
					((version == "v4" && !wrong.OK && wrong.Status == 401) ||
						(version == "v5" && wrong.OK && wrong.Status == 200 && wrong.Code != nil && *wrong.Code == "credentials"))
			})
			var good result
			check("signIn", &good, func() bool {
				return good.Error == nil && good.OK && good.Status == 200 && good.URL != nil && *good.URL == h.srv.URL+"/dash"
			})
			var sess struct {
				User    struct{ Name, Email string }
				Expires string
			}
			check("session", &sess, func() bool { return sess.User.Email == "alice@example.com" && sess.Expires != "" })
			check("update", &sess, func() bool { return sess.User.Name == "Updated" })
			var out struct{ URL string }
			check("signOut", &out, func() bool { return out.URL == h.srv.URL+"/bye" })
			var after any
			check("sessionAfter", &after, func() bool { return after == nil })
			if version == "v4" {
				var log struct {
					Status int
					Body   string
				}
				check("log", &log, func() bool { return log.Status == 200 && log.Body == "" })
				if !strings.Contains(h.logs.String(), "code=CLIENT_FETCH_ERROR") {
					t.Errorf("the client's POST /_log report is not in the log:\n%s", h.logs.String())
				}
			}
			if len(h.sessions()) != 0 {
				t.Error("session row left after the client's signOut")
			}
		})
	}
}
