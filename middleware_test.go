package gatehouse

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestRequireSession(t *testing.T) {
	h := newHarness(t)
	res := h.get("/private?tab=1", "Accept", "text/html,application/xhtml+xml")
	want := h.base + "/signin?callbackUrl=" + url.QueryEscape(h.srv.URL+"/private?tab=1")
	if res.StatusCode != http.StatusSeeOther || res.location() != want {
		t.Fatalf("page without session: %d %q, want 303 %q", res.StatusCode, res.location(), want)
	}
	res = h.get("/private", "Accept", "application/json")
	if res.StatusCode != 401 || !strings.Contains(res.body, `"SessionRequired"`) {
		t.Fatalf("API without session: %d %s", res.StatusCode, res.body)
	}
	h.signIn(alicePass)
	h.store.Take()
	res = h.get("/private")
	if res.StatusCode != 200 || res.body != "hello Alice" {
		t.Fatalf("with session: %d %q", res.StatusCode, res.body)
	}
	if calls := h.store.Take(); calls["GetSessionAndUser"] != 1 || len(calls) != 1 {
		t.Errorf("adapter calls %v, want one GetSessionAndUser", calls)
	}
}
