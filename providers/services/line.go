package services

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// LINEVerifyURL is LINE Login's ID token verification endpoint
// (https://developers.line.biz/en/reference/line-login/#verify-id-token).
const LINEVerifyURL = "https://api.line.me/oauth2/v2.1/verify"

// LINE is LINE Login v2.1 with scope "openid profile email" and
// client_secret_post. LINE signs its ID tokens with HS256 under the
// channel secret, which the oauth package's ID token check (public keys
// from a JWKS) does not take; so the provider is plain OAuth 2.0 and its
// profile is the ID token's claims as LINE's verify endpoint returns them
// after checking the signature, expiry and audience: sub, name, picture,
// email (LINE does not say the email is verified). Auth.js's LINE
// provider reads the same claims from the ID token; unlike it (checks
// ["state"]) PKCE is on, which LINE supports.
var LINE = oauth.Service{
	Config: oauth.Config{
		ID: "line", Name: "LINE",
		Style:       providers.Style{Background: "#00C300", Text: "#fff"},
		AuthURL:     "https://access.line.me/oauth2/v2.1/authorize",
		TokenURL:    "https://api.line.me/oauth2/v2.1/token",
		UserinfoURL: LINEVerifyURL,
		Scopes:      []string{"openid", "profile", "email"},
		AuthStyle:   oauth.AuthStylePost,
		Profile:     fields{ID: "sub", Name: "name", Email: "email", Image: "picture"}.profile,
	},
	Setup: func(c *oauth.Config, _ oauth.Options) error {
		if c.Userinfo == nil {
			c.Userinfo = lineVerify(c.ClientID)
		}
		return nil
	},
}

// lineVerify returns the userinfo function posting the ID token to LINE's
// verify endpoint for the channel clientID. The claims must name LINE as
// issuer and the channel as audience.
func lineVerify(clientID string) oauth.UserinfoFunc {
	return func(ctx context.Context, r oauth.UserinfoRequest) (map[string]any, error) {
		if r.Tokens.IDToken == "" {
			return nil, errors.New("the LINE token answer has no id_token: request the openid scope")
		}
		form := url.Values{"id_token": {r.Tokens.IDToken}, "client_id": {clientID}}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.URL, strings.NewReader(form.Encode()))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "application/json")
		client := r.Client
		if client == nil {
			client = http.DefaultClient
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, fmt.Errorf("verifying the LINE ID token: %w", err)
		}
		defer resp.Body.Close()
		var doc map[string]any
		dec := json.NewDecoder(io.LimitReader(resp.Body, 1<<20))
		dec.UseNumber()
		if err := dec.Decode(&doc); err != nil {
			return nil, fmt.Errorf("verifying the LINE ID token: HTTP %d, answer is not a JSON object: %w", resp.StatusCode, err)
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("LINE refused the ID token: HTTP %d %s: %s", resp.StatusCode, oauth.String(doc, "error"), oauth.String(doc, "error_description"))
		}
		if iss, aud := oauth.String(doc, "iss"), oauth.String(doc, "aud"); iss != "https://access.line.me" || aud != clientID {
			return nil, fmt.Errorf("the LINE ID token is for issuer %q and channel %q, want https://access.line.me and %q", iss, aud, clientID)
		}
		return doc, nil
	}
}
