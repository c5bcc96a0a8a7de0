package gatehouse

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"reflect"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/jwt"
	"github.com/gatehouse-go/gatehouse/providers"
)

// TestAuthJSSessionShapes compares, for a user without a name or an image,
// what gatehouse sends with what the real @auth/core sends
// (testdata/nextauth-client/shapes.mjs): the JWT's claims, and GET
// /session's user with JWT and with database sessions. Auth.js writes
// null for the missing fields; gatehouse must too (its "id" in the
// session's user is a documented addition).
func TestAuthJSSessionShapes(t *testing.T) {
	node := needNodeClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "shapes.mjs", testSecret)
	cmd.Dir = clientDir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node shapes.mjs: %v\n%s", err, stderr.String())
	}
	var authjs struct {
		Token                 map[string]any
		JWTSession, DBSession struct {
			User    map[string]any
			Expires string
		}
	}
	if err := json.Unmarshal(out, &authjs); err != nil {
		t.Fatalf("shapes.mjs printed %s: %v", out, err)
	}
	nameless := adapter.User{ID: "42", Email: "nameless@example.com"}
	withoutID := func(u map[string]any) map[string]any {
		delete(u, "id")
		return u
	}

	t.Run("jwt", func(t *testing.T) {
		h := newHarness(t, func(c *Config) {
			c.Adapter = nil
			c.Providers = []providers.Provider{aliceCredentials(t, nameless.Clone)}
		})
		if res := h.signIn(alicePass); res.StatusCode != 302 {
			t.Fatalf("sign-in: %d", res.StatusCode)
		}
		name := "authjs.session-token"
		claims, err := newCodec(t, jwt.V5, name, h.clock.Now, testSecret).Decode(h.jarToken(name))
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"iat", "exp", "jti"} {
			delete(claims, k)
		}
		if !reflect.DeepEqual(map[string]any(claims), authjs.Token) {
			t.Errorf("gatehouse's token claims %v\nAuth.js's %v", claims, authjs.Token)
		}
		var got struct{ User map[string]any }
		h.get("/api/auth/session").json(t, &got)
		if !reflect.DeepEqual(withoutID(got.User), authjs.JWTSession.User) {
			t.Errorf("GET /session user %v\nAuth.js's %v", got.User, authjs.JWTSession.User)
		}
	})

	t.Run("database", func(t *testing.T) {
		h := newHarness(t)
		// alice, whom the harness signs in, without her name.
		if _, err := h.mem.UpdateUser(context.Background(), &adapter.User{ID: h.alice.ID, Email: nameless.Email}); err != nil {
			t.Fatal(err)
		}
		if res := h.signIn(alicePass); res.StatusCode != 302 {
			t.Fatalf("sign-in: %d", res.StatusCode)
		}
		var got struct{ User map[string]any }
		h.get("/api/auth/session").json(t, &got)
		if !reflect.DeepEqual(withoutID(got.User), authjs.DBSession.User) {
			t.Errorf("GET /session user %v\nAuth.js's %v", got.User, authjs.DBSession.User)
		}
	})
}
