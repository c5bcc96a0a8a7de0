package gatehouse

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/providers/credentials"
)

// TestStatelessUserIDVectors pins StatelessUserID to UUIDv5 values computed
// by another implementation (Python's uuid.uuid5 with the namespace
// uuid5(NAMESPACE_URL, "https://github.com/gatehouse-go/gatehouse#StatelessUserID")).
func TestStatelessUserIDVectors(t *testing.T) {
	tests := []struct{ provider, account, want string }{
		{"github", "42", "3ace7578-09dd-55c8-86a0-8eb5a28c840a"},
		{"google", "42", "dc3f2205-985a-5ea6-a31f-1eab013fe018"},
		{"mock", "ada-1", "a7656bf5-5291-50e0-91a9-edc7e67c52b1"},
	}
	for _, tt := range tests {
		if got := StatelessUserID(tt.provider, tt.account); got != tt.want {
			t.Errorf("StatelessUserID(%q, %q) = %s, want %s", tt.provider, tt.account, got, tt.want)
		}
	}
}

// TestStatelessUserIDs signs in without an adapter (JWT sessions) as
// account "42" at two OAuth providers and as the credentials user "42":
// three different user ids, each the same on a second sign-in from another
// browser.
func TestStatelessUserIDs(t *testing.T) {
	h := newOAuthJWTHarness(t, false, func(c *Config) {
		cred, err := credentials.New(credentials.Options{ID: "password",
			Authorize: func(_ context.Context, c map[string]string, _ *http.Request) (*adapter.User, error) {
				if c["username"] == "forty-two" && c["password"] == alicePass {
					return &adapter.User{ID: "42", Name: "Forty-Two"}, nil
				}
				return nil, nil
			}})
		if err != nil {
			t.Fatal(err)
		}
		c.Providers = append(c.Providers, cred)
	})
	user42 := &oidctest.User{Subject: "42", Email: "someone@example.com", EmailVerified: true}
	signIns := []struct {
		name   string
		signIn func()
		want   string
	}{
		{"mock", func() { wantLocation(t, h.signInWith("mock", user42), h.srv.URL+"/dashboard") }, StatelessUserID("mock", "42")},
		{"other", func() { wantLocation(t, h.signInWith("other", user42), h.srv.URL+"/dashboard") }, StatelessUserID("other", "42")},
		{"credentials", func() {
			res := h.post("/api/auth/callback/password", url.Values{"csrfToken": {h.csrf()}, "username": {"forty-two"}, "password": {alicePass}})
			if res.StatusCode != http.StatusFound {
				t.Fatalf("credentials sign-in: %d %s", res.StatusCode, res.body)
			}
		}, "42"},
	}
	seen := map[string]string{}
	for _, si := range signIns {
		for round := range 2 {
			h.jar, _ = cookiejar.New(nil)
			h.client.Jar = h.jar
			si.signIn()
			user, _ := h.session()["user"].(map[string]any)
			id, _ := user["id"].(string)
			if id != si.want {
				t.Errorf("%s sign-in %d: user id %q, want %q", si.name, round+1, id, si.want)
			}
			if other, ok := seen[id]; ok && other != si.name {
				t.Errorf("%s and %s sign-ins share user id %q", si.name, other, id)
			}
			seen[id] = si.name
		}
	}
	if len(seen) != len(signIns) {
		t.Errorf("user ids %v, want %d distinct", seen, len(signIns))
	}
}
