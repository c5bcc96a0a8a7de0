package services

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// WeChat is WeChat's web authorization, as Auth.js's WeChat provider
// does it: for an Official Account (the default) the in-WeChat page with
// scope snsapi_userinfo, or, with AUTH_WECHAT_PLATFORM_TYPE=WebsiteApp, the
// QR-code login with snsapi_login. The app id goes as "appid" and the
// secret as "secret" beside the standard fields; no PKCE (Auth.js's
// checks ["state"]). WeChat answers errors with HTTP 200 and an errcode,
// which become token or profile errors carrying errmsg. The profile is
// sns/userinfo for the token answer's openid: unionid (else openid),
// nickname, headimgurl; WeChat gives no email.
var WeChat = oauth.Service{
	Config: oauth.Config{
		ID: "wechat", Name: "WeChat",
		Style:       providers.Style{Background: "#fff", Text: "#000"},
		AuthURL:     "https://open.weixin.qq.com/connect/oauth2/authorize",
		TokenURL:    "https://api.weixin.qq.com/sns/oauth2/access_token",
		UserinfoURL: "https://api.weixin.qq.com/sns/userinfo",
		Scopes:      []string{"snsapi_userinfo"},
		AuthStyle:   oauth.AuthStylePost,
		DisablePKCE: true,
		Userinfo:    wechatUser,
		Profile:     wechatProfile,
	},
	Env: []string{"PLATFORM_TYPE"},
	Setup: func(c *oauth.Config, o oauth.Options) error {
		switch platform := o.Env(c.ID, "PLATFORM_TYPE"); platform {
		case "", "OfficialAccount":
		case "WebsiteApp":
			c.AuthURL = "https://open.weixin.qq.com/connect/qrconnect"
			if o.Scopes == nil {
				c.Scopes = []string{"snsapi_login"}
			}
		default:
			return fmt.Errorf("%w: provider %q: AUTH_%s_PLATFORM_TYPE is %q, want OfficialAccount or WebsiteApp", oauth.ErrConfig, c.ID, oauth.EnvPrefix(c.ID), platform)
		}
		params := url.Values{"appid": {c.ClientID}}
		for k, v := range c.AuthParams {
			params[k] = v
		}
		c.AuthParams = params
		c.HTTPClient = withTokenForm(c.HTTPClient, c.TokenURL, url.Values{"appid": {c.ClientID}, "secret": {c.ClientSecret}}, wechatTokenError)
		return nil
	},
}

// wechatError returns WeChat's errcode and errmsg when doc is an error
// answer (errcode present and not 0).
func wechatError(doc map[string]any) (code, msg string, failed bool) {
	code = oauth.String(doc, "errcode")
	return code, oauth.String(doc, "errmsg"), code != "" && code != "0"
}

// wechatTokenError labels a JSON token answer as JSON and turns one with
// an errcode into the OAuth error answer (HTTP 400, error and
// error_description) the token exchange reports.
func wechatTokenError(resp *http.Response) error {
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if err != nil {
		return fmt.Errorf("reading the WeChat token answer: %w", err)
	}
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if dec.Decode(&doc) == nil {
		// WeChat may label its JSON text/plain, which the token exchange
		// would read as a form.
		resp.Header.Set("Content-Type", "application/json")
		if code, msg, failed := wechatError(doc); failed {
			body, _ = json.Marshal(map[string]string{"error": "wechat_" + code, "error_description": msg})
			resp.StatusCode, resp.Status = http.StatusBadRequest, "400 Bad Request"
		}
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	return nil
}

// wechatUser fetches sns/userinfo for the token answer's openid, the
// access token in the query as WeChat wants it (errors name the host and
// path only).
func wechatUser(ctx context.Context, r oauth.UserinfoRequest) (map[string]any, error) {
	openid := oauth.String(r.Tokens.Extra, "openid")
	if openid == "" {
		return nil, fmt.Errorf("the WeChat token answer has no openid")
	}
	u, err := url.Parse(r.URL)
	if err != nil {
		return nil, err
	}
	q := u.Query()
	q.Set("access_token", r.Tokens.AccessToken)
	q.Set("openid", openid)
	q.Set("lang", "zh_CN")
	u.RawQuery = q.Encode()
	doc, err := fetchJSON(ctx, r.Client, http.MethodGet, u.String(), "", nil, nil)
	if err != nil {
		return nil, err
	}
	if code, msg, failed := wechatError(doc); failed {
		return nil, fmt.Errorf("WeChat sns/userinfo answered errcode %s: %s", code, msg)
	}
	return doc, nil
}

// wechatProfile maps a WeChat user: unionid (the same for every app of
// the developer account), else openid.
func wechatProfile(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
	p, err := fields{ID: "openid", Name: "nickname", Image: "headimgurl"}.profile(c, t)
	if err != nil {
		return nil, err
	}
	if union := oauth.String(c, "unionid"); union != "" {
		p.ID = union
	}
	return p, nil
}
