package gatehouse

import (
	"net/url"
	"strings"
	"testing"
)

// TestRepeatedErrorsFolded: one client repeating the same bad request
// (here a missing CSRF token) 200 times produces one log line per minute,
// at WARN, not 200 lines.
func TestRepeatedErrorsFolded(t *testing.T) {
	h := newHarness(t)
	for range 200 {
		h.post("/api/auth/callback/credentials", url.Values{"username": {"alice"}, "password": {"x"}})
	}
	logs := h.logs.String()
	if n := strings.Count(logs, "\n"); n != 1 {
		t.Errorf("%d log lines for 200 identical bad requests, want 1:\n%.2000s", n, logs)
	}
	if strings.Contains(logs, "level=ERROR") {
		t.Errorf("a client's mistake logged at ERROR:\n%s", logs)
	}
}
