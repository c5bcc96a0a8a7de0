package services

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// TikTok is Login Kit for Web (API v2): scope "user.info.basic",
// client_secret_post, and the app's client key sent as "client_key" in
// the authorization and token requests (TikTok's name for client_id, as
// Auth.js's TikTok provider adds it); the profile is data.user's open_id,
// display_name and avatar_url. TikTok gives no email.
var TikTok = oauth.Service{
	Config: oauth.Config{
		ID: "tiktok", Name: "TikTok",
		Style:       providers.Style{Background: "#000", Text: "#fff"},
		AuthURL:     "https://www.tiktok.com/v2/auth/authorize/",
		TokenURL:    "https://open.tiktokapis.com/v2/oauth/token/",
		UserinfoURL: "https://open.tiktokapis.com/v2/user/info/?fields=open_id,avatar_url,display_name",
		Scopes:      []string{"user.info.basic"},
		AuthStyle:   oauth.AuthStylePost,
		Profile:     fields{ID: "data.user.open_id", Name: "data.user.display_name", Image: "data.user.avatar_url"}.profile,
	},
	Setup: func(c *oauth.Config, _ oauth.Options) error {
		params := url.Values{"client_key": {c.ClientID}}
		for k, v := range c.AuthParams {
			params[k] = v
		}
		c.AuthParams = params
		c.HTTPClient = withTokenForm(c.HTTPClient, c.TokenURL, url.Values{"client_key": {c.ClientID}}, nil)
		return nil
	},
}

// withTokenForm returns a copy of client (nil: http.DefaultClient) whose
// POSTs to tokenURL carry the fields of add in their form body besides
// their own (TikTok's client_key), and whose answers from tokenURL pass
// through fix when it is set; every other request is unchanged. The
// application's client is not modified.
func withTokenForm(client *http.Client, tokenURL string, add url.Values, fix func(*http.Response) error) *http.Client {
	if client == nil {
		client = http.DefaultClient
	}
	wrapped := *client
	wrapped.Transport = tokenFormTransport{base: client.Transport, tokenURL: tokenURL, add: add, fix: fix}
	return &wrapped
}

// tokenFormTransport is withTokenForm's http.RoundTripper.
type tokenFormTransport struct {
	base     http.RoundTripper
	tokenURL string
	add      url.Values
	fix      func(*http.Response) error
}

// RoundTrip implements http.RoundTripper.
func (t tokenFormTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.base
	if base == nil {
		base = http.DefaultTransport
	}
	target, err := url.Parse(t.tokenURL)
	if err != nil || req.Method != http.MethodPost || req.URL.Host != target.Host || req.URL.Path != target.Path || req.Body == nil {
		return base.RoundTrip(req)
	}
	body, err := io.ReadAll(io.LimitReader(req.Body, 1<<20))
	req.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("reading the token request: %w", err)
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, fmt.Errorf("the token request is not a form: %w", err)
	}
	for k, v := range t.add {
		form[k] = v
	}
	encoded := form.Encode()
	r := req.Clone(req.Context())
	r.Body = io.NopCloser(strings.NewReader(encoded))
	r.ContentLength = int64(len(encoded))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader([]byte(encoded))), nil }
	resp, err := base.RoundTrip(r)
	if err != nil || t.fix == nil {
		return resp, err
	}
	if err := t.fix(resp); err != nil {
		resp.Body.Close()
		return nil, err
	}
	return resp, nil
}
