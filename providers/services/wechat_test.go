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

const (
	wechatToken    = "https://api.weixin.qq.com/sns/oauth2/access_token"
	wechatUserinfo = "https://api.weixin.qq.com/sns/userinfo"
)

// wechatCases is WeChat's row. Fixtures:
// https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
// (the token answer, sns/userinfo, and the errcode answer in error.json).
var wechatCases = []providertest.Case{{
	New: services.WeChat.New, ID: "wechat", Name: "WeChat", Type: providers.TypeOAuth,
	AuthURL: "https://open.weixin.qq.com/connect/oauth2/authorize", AuthStyle: "post",
	TokenURL: wechatToken, UserinfoURL: wechatUserinfo,
	Params:  map[string]string{"scope": "snsapi_userinfo", "appid": providertest.ClientID},
	NoPKCE:  true,
	Profile: providers.Profile{ID: "o6_bmasdasdsad6_2sgVt7hMZOPfL", Name: "NICKNAME", Image: "https://thirdwx.qlogo.cn/mmopen/g3MonUZtNHkdmzicIlibx6iaFqAc56vxLSUfpb6n5WKSYVY0ChQKkiaJSgQ1dZuTOgvLLrhJbERQQ4eMsv84eavHiaiceqxibJxCfHe/46"},
	Check: func(t *testing.T, f *oidctest.Fake, _ *oauth.Provider, _ *providers.Tokens) {
		tok := f.Requests(wechatToken)[0].Form
		if tok.Get("appid") != providertest.ClientID || tok.Get("secret") != providertest.ClientSecret {
			t.Errorf("token request form %v, want appid and secret", tok)
		}
		q := f.Requests(wechatUserinfo)[0].URL.Query()
		if q.Get("access_token") != "ACCESS_TOKEN" || q.Get("openid") != "oLVPpjqs9BhvzwPj5A-vTYAX3GLc" || q.Get("lang") != "zh_CN" {
			t.Errorf("sns/userinfo query %v, want access_token, openid and lang", q)
		}
	},
}}

// TestWeChatErrors checks that WeChat's errcode answers (HTTP 200) fail
// the token exchange or the profile with WeChat's errmsg, and never show
// the access token.
func TestWeChatErrors(t *testing.T) {
	errAnswer := oidctest.ReadFixture(t, "wechat/error.json")
	token, _ := oidctest.FixtureObject(t, "wechat/token.json")
	tests := []struct {
		name          string
		token, user   any
		wantIs        error
		wantSubstring string
	}{
		{"token errcode", errAnswer, nil, oauth.ErrTokenEndpoint, "invalid code"},
		{"userinfo errcode", token, errAnswer, oauth.ErrUserinfo, "errcode 40029: invalid code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := oidctest.NewFake(t)
			f.JSON(wechatToken, http.StatusOK, tt.token)
			if tt.user != nil {
				f.JSON(wechatUserinfo, http.StatusOK, tt.user)
			}
			p, err := services.WeChat.New(oauth.Options{ClientID: "wx-app", ClientSecret: "wx-secret", HTTPClient: f.Client()})
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = p.Exchange(context.Background(), providers.Callback{RedirectURL: providertest.RedirectURL + "wechat", Params: url.Values{"code": {"c"}, "state": {"s"}}})
			if !errors.Is(err, tt.wantIs) || !strings.Contains(err.Error(), tt.wantSubstring) {
				t.Errorf("Exchange = %v, want %v containing %q", err, tt.wantIs, tt.wantSubstring)
			}
			if err != nil && (strings.Contains(err.Error(), "ACCESS_TOKEN") || strings.Contains(err.Error(), "wx-secret")) {
				t.Errorf("error shows a token or the secret: %v", err)
			}
		})
	}
}

// TestWeChatTextPlain checks that a token answer labelled text/plain, as
// WeChat's API may send it, is read as the JSON it is.
func TestWeChatTextPlain(t *testing.T) {
	f := oidctest.NewFake(t)
	token := oidctest.ReadFixture(t, "wechat/token.json")
	f.Handle(wechatToken, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write(token)
	})
	f.JSON(wechatUserinfo, http.StatusOK, oidctest.ReadFixture(t, "wechat/userinfo.json"))
	p, err := services.WeChat.New(oauth.Options{ClientID: "wx-app", ClientSecret: "wx-secret", HTTPClient: f.Client()})
	if err != nil {
		t.Fatal(err)
	}
	prof, tok, err := p.Exchange(context.Background(), providers.Callback{RedirectURL: providertest.RedirectURL + "wechat", Params: url.Values{"code": {"c"}, "state": {"s"}}})
	if err != nil || tok.AccessToken != "ACCESS_TOKEN" || prof.ID != "o6_bmasdasdsad6_2sgVt7hMZOPfL" {
		t.Errorf("Exchange = %+v, %+v, %v; want the user", prof, tok, err)
	}
}

// TestWeChatPlatform checks AUTH_WECHAT_PLATFORM_TYPE: WebsiteApp is the
// QR-code login with snsapi_login; anything else unknown is refused.
func TestWeChatPlatform(t *testing.T) {
	env := map[string]string{"AUTH_WECHAT_ID": "wx-app", "AUTH_WECHAT_SECRET": "s", "AUTH_WECHAT_PLATFORM_TYPE": "WebsiteApp"}
	p, err := services.WeChat.New(oauth.Options{Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	u, err := p.AuthCodeURL(t.Context(), providers.AuthRequest{RedirectURL: providertest.RedirectURL, State: "s"})
	pu, _ := url.Parse(u)
	if err != nil || !strings.HasPrefix(u, "https://open.weixin.qq.com/connect/qrconnect?") || pu.Query().Get("scope") != "snsapi_login" || pu.Query().Get("appid") != "wx-app" {
		t.Errorf("AuthCodeURL = %q, %v; want the QR-code login with snsapi_login and the appid", u, err)
	}
	env["AUTH_WECHAT_PLATFORM_TYPE"] = "MiniProgram"
	if _, err := services.WeChat.New(oauth.Options{Getenv: func(k string) string { return env[k] }}); !errors.Is(err, oauth.ErrConfig) || !strings.Contains(err.Error(), "AUTH_WECHAT_PLATFORM_TYPE") {
		t.Errorf("New with platform MiniProgram = %v, want ErrConfig naming AUTH_WECHAT_PLATFORM_TYPE", err)
	}
}
