package gatehouse

import (
	"context"
	"testing"
)

func TestSignInCallback(t *testing.T) {
	tests := []struct {
		name     string
		cb       func(context.Context, SignInParams) (string, error)
		wantLoc  string
		wantSess bool
	}{
		{"allow", func(context.Context, SignInParams) (string, error) { return "", nil }, "/dashboard", true},
		{"deny", func(context.Context, SignInParams) (string, error) { return "", context.Canceled }, "/api/auth/error?error=AccessDenied", false},
		{"redirect", func(context.Context, SignInParams) (string, error) { return "/blocked", nil }, "/blocked", false},
		{"redirect off-site", func(context.Context, SignInParams) (string, error) { return "https://evil.example/", nil }, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got SignInParams
			h := newHarness(t, func(c *Config) {
				c.Callbacks.SignIn = func(ctx context.Context, p SignInParams) (string, error) { got = p; return tt.cb(ctx, p) }
			})
			res := h.signIn(alicePass)
			if res.location() != h.srv.URL+tt.wantLoc {
				t.Errorf("Location %q, want %q", res.location(), h.srv.URL+tt.wantLoc)
			}
			if (h.sessionCookie() != "") != tt.wantSess || (len(h.sessions()) == 1) != tt.wantSess {
				t.Errorf("session created: cookie %q, rows %d; want %v", h.sessionCookie(), len(h.sessions()), tt.wantSess)
			}
			if got.User == nil || got.User.ID != h.alice.ID || got.Credentials["username"] != "alice" || got.Provider.ID != "credentials" {
				t.Errorf("SignIn callback params %+v", got)
			}
		})
	}
}
