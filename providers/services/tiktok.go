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
		client := http.DefaultClient
		if c.HTTPClient != nil {
			client = c.HTTPClient
		}
		wrapped := *client
		wrapped.Transport = clientKeyTransport{base: client.Transport, tokenURL: c.TokenURL, clientKey: c.ClientID}
		c.HTTPClient = &wrapped
		return nil
	},
}

// clientKeyTransport adds client_key to the form body of POSTs to
// tokenURL (TikTok's token endpoint wants it beside client_secret) and
// passes every other request through unchanged.
type clientKeyTransport struct {
	base      http.RoundTripper
	tokenURL  string
	clientKey string
}

// RoundTrip implements http.RoundTripper.
func (t clientKeyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
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
		return nil, fmt.Errorf("reading the TikTok token request: %w", err)
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, fmt.Errorf("the TikTok token request is not a form: %w", err)
	}
	form.Set("client_key", t.clientKey)
	encoded := form.Encode()
	r := req.Clone(req.Context())
	r.Body = io.NopCloser(strings.NewReader(encoded))
	r.ContentLength = int64(len(encoded))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader([]byte(encoded))), nil }
	return base.RoundTrip(r)
}
