package services_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
	"github.com/gatehouse-go/gatehouse/providers/services"
)

// tiktokCases is TikTok's row. Fixtures:
// https://developers.tiktok.com/doc/oauth-user-access-token-management
// (token) and https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info
// (user info).
var tiktokCases = []providertest.Case{{
	New: services.TikTok.New, ID: "tiktok", Name: "TikTok", Type: providers.TypeOAuth,
	AuthURL: "https://www.tiktok.com/v2/auth/authorize/", AuthStyle: "post",
	TokenURL: "https://open.tiktokapis.com/v2/oauth/token/", UserinfoURL: "https://open.tiktokapis.com/v2/user/info/",
	Params:  map[string]string{"scope": "user.info.basic", "client_key": providertest.ClientID},
	Profile: providers.Profile{ID: "723f24d7-e717-40f8-a2b6-cb8464cd23b4", Name: "Tik Toker", Image: "https://p19-sign.tiktokcdn-us.com/tos-useast5-avt-0068-tx/b17f0e4b3a4f4a50993cf72cda8b88b8~c5_168x168.jpeg"},
	Check: func(t *testing.T, f *oidctest.Fake, _ *oauth.Provider, _ *providers.Tokens) {
		tok := f.Requests("https://open.tiktokapis.com/v2/oauth/token/")[0]
		if tok.Form.Get("client_key") != providertest.ClientID || tok.Form.Get("client_secret") != providertest.ClientSecret || tok.Form.Get("code") != "test-code" {
			t.Errorf("token request form %v, want client_key and client_secret beside the code", tok.Form)
		}
		ui := f.Requests("https://open.tiktokapis.com/v2/user/info/")[0]
		if ui.URL.Query().Get("fields") != "open_id,avatar_url,display_name" || ui.Header.Get("Authorization") != "Bearer act.example12345Example12345Example" {
			t.Errorf("user info request %s (Authorization %q), want the fields and the Bearer token", ui.URL, ui.Header.Get("Authorization"))
		}
	},
}}

// TestTikTokKeepsClient checks that adding client_key to token requests
// leaves the application's HTTP client as it was.
func TestTikTokKeepsClient(t *testing.T) {
	f := oidctest.NewFake(t)
	client := f.Client()
	before := client.Transport
	if _, err := services.TikTok.New(oauth.Options{ClientID: "k", ClientSecret: "s", HTTPClient: client}); err != nil {
		t.Fatal(err)
	}
	if client.Transport != before {
		t.Errorf("New changed the application's HTTP client's Transport")
	}
}
