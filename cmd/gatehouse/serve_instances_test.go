package main

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// TestServeInstancesShareSessionsAndLimits runs two `serve` instances on
// one PostgreSQL database and one Redis (REDIS_URL): a session made on
// one is read on the other, signing out on one ends it on both, and 5
// wrong passwords spread over both lock the name on both (with
// per-process limits each would still allow 5).
func TestServeInstancesShareSessionsAndLimits(t *testing.T) {
	pg := testsvc.NewPostgres(t)
	svc := testsvc.NewRedis(t)
	if pg == nil || svc == nil {
		return
	}
	rdb := redis.NewClient(&redis.Options{Addr: svc.Addr})
	t.Cleanup(func() { rdb.Close() })
	ctx := context.Background()
	t.Cleanup(func() { // the demo user's counts, so that other tests can sign in
		if keys, _ := rdb.Keys(ctx, "gatehouse:rl:*").Result(); len(keys) > 0 {
			rdb.Del(ctx, keys...)
		}
	})
	env := map[string]string{"REDIS_URL": "redis://" + svc.Addr + "/0", "AUTH_SECRET": strings.Repeat("x", 32)}
	const password = "instances-pw-1"
	a := startServe(t, env, "--database", pg.URL, "--synchronize", "--demo-user", "--demo-password", password)
	b := startServe(t, env, "--database", pg.URL, "--synchronize", "--demo-user", "--demo-password", password)

	c := newBrowser(t)
	if page := signIn(t, c, a, password); !strings.Contains(page, `id="protected"`) {
		t.Fatalf("sign-in on A failed:\n%.500s", page)
	}
	ua, _ := url.Parse(a.URL)
	ub, _ := url.Parse(b.URL)
	for _, ck := range c.Jar.Cookies(ua) {
		if ck.Name == "authjs.session-token" {
			c.Jar.SetCookies(ub, []*http.Cookie{{Name: ck.Name, Value: ck.Value, Path: "/"}})
		}
	}
	if s := get(t, c, b.URL+"/api/auth/session"); !strings.Contains(s, `"demo`) {
		t.Fatalf("B does not see A's session: %s", s)
	}
	res, err := c.PostForm(b.URL+"/api/auth/signout", url.Values{"csrfToken": {csrfToken(t, c, b.URL)}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if s := get(t, c, a.URL+"/api/auth/session"); strings.Contains(s, `"demo`) {
		t.Fatalf("A still accepts the session signed out on B: %s", s)
	}

	for i := range 5 {
		signIn(t, newBrowser(t), []*server{a, b}[i%2], "wrong")
	}
	for i, s := range []*server{a, b} {
		if page := signIn(t, newBrowser(t), s, password); strings.Contains(page, `id="protected"`) {
			t.Errorf("instance %d accepted the right password for a name locked by 5 failures across both", i)
		}
	}
}
