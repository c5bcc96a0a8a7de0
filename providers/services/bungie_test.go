package services_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
	"github.com/gatehouse-go/gatehouse/providers/services"
)

// bungieCases is Bungie's row, with the API key given in code. Fixtures:
// https://github.com/Bungie-net/api/wiki/OAuth-Documentation (token) and
// https://bungie-net.github.io/multi/operation_get_User-GetMembershipsForCurrentUser.html
// (the current user).
var bungieCases = []providertest.Case{{
	New: services.BungieWithKey("test-api-key").New, ID: "bungie", Name: "Bungie", Type: providers.TypeOAuth,
	AuthURL: "https://www.bungie.net/en/OAuth/Authorize", AuthStyle: "basic",
	TokenURL: "https://www.bungie.net/Platform/App/OAuth/Token/", UserinfoURL: "https://www.bungie.net/Platform/User/GetMembershipsForCurrentUser/",
	Params:  map[string]string{"reauth": "true", "scope": ""},
	Profile: providers.Profile{ID: "12345678", Name: "Guardian", Image: "https://www.bungie.net/img/profile/avatars/default_avatar.gif"},
	Check: func(t *testing.T, f *oidctest.Fake, _ *oauth.Provider, _ *providers.Tokens) {
		h := f.Requests("https://www.bungie.net/Platform/User/GetMembershipsForCurrentUser/")[0].Header
		if h.Get("X-API-Key") != "test-api-key" || !strings.HasPrefix(h.Get("Authorization"), "Bearer ") {
			t.Errorf("user request headers %v, want X-API-Key and the Bearer token", h)
		}
	},
}}

// TestBungieAPIKey checks that the API key comes from AUTH_BUNGIE_API_KEY,
// that its absence is an error naming the variable, and that an answer
// whose ErrorCode is not 1 (Bungie's envelope for a refused key) fails the
// sign-in with Bungie's message.
func TestBungieAPIKey(t *testing.T) {
	env := map[string]string{"AUTH_BUNGIE_ID": "id", "AUTH_BUNGIE_SECRET": "secret"}
	getenv := func(k string) string { return env[k] }
	if _, err := services.Bungie.New(oauth.Options{Getenv: getenv}); !errors.Is(err, oauth.ErrConfig) || !strings.Contains(err.Error(), "AUTH_BUNGIE_API_KEY") {
		t.Errorf("New without an API key = %v, want ErrConfig naming AUTH_BUNGIE_API_KEY", err)
	}

	env["AUTH_BUNGIE_API_KEY"] = "env-api-key"
	f := oidctest.NewFake(t)
	f.JSON("https://www.bungie.net/Platform/App/OAuth/Token/", http.StatusOK, map[string]any{"access_token": "at", "token_type": "Bearer"})
	f.JSON("https://www.bungie.net/Platform/User/GetMembershipsForCurrentUser/", http.StatusOK,
		`{"ErrorCode":2101,"ThrottleSeconds":0,"ErrorStatus":"ApiInvalidOrExpiredKey","Message":"Invalid or expired API key.","MessageData":{}}`)
	p, err := services.Bungie.New(oauth.Options{Getenv: getenv, HTTPClient: f.Client()})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = p.Exchange(context.Background(), providers.Callback{RedirectURL: providertest.RedirectURL + "bungie", Params: url.Values{"code": {"c"}, "state": {"s"}}, CodeVerifier: providertest.Verifier})
	if !errors.Is(err, oauth.ErrUserinfo) || !strings.Contains(err.Error(), "Invalid or expired API key.") {
		t.Errorf("Exchange = %v, want ErrUserinfo with Bungie's message", err)
	}
	if got := f.Requests("https://www.bungie.net/Platform/User/GetMembershipsForCurrentUser/")[0].Header.Get("X-API-Key"); got != "env-api-key" {
		t.Errorf("X-API-Key = %q, want the key from AUTH_BUNGIE_API_KEY", got)
	}
}
