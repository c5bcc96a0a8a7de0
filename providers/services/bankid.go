package services

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// BankIDNorge is BankID Norge's OpenID Connect server (Keycloak) on its
// production realm, or the issuer given (the current test realm is
// https://auth.current.bankid.no/auth/realms/current): client_secret_post,
// ui_locales=no and login_hint=BIS as in Auth.js, and, as Auth.js sets
// idToken: false and userinfo_signed_response_alg RS256, the profile is
// the userinfo answer, a JWT whose signature is checked against the
// realm's keys and whose issuer and audience must be the realm and the
// client: sub, name, email.
var BankIDNorge = bankIDNorge()

func bankIDNorge() oauth.Service {
	s := onIssuer(oauth.Config{
		ID: "bankid-no", Name: "BankID Norge",
		Style:      providers.Style{Background: "#39134c", Text: "#fff"},
		Scopes:     []string{"openid", "profile"},
		AuthParams: url.Values{"ui_locales": {"no"}, "login_hint": {"BIS"}},
		AuthStyle:  oauth.AuthStylePost,
		Profile:    fields{ID: "sub", Name: "name", Email: "email"}.profile,
	}, "https://auth.bankid.no/auth/realms/prod", "", paths{
		auth: "/protocol/openid-connect/auth", token: "/protocol/openid-connect/token", userinfo: "/protocol/openid-connect/userinfo",
	})
	onIssuerSetup := s.Setup
	s.Setup = func(c *oauth.Config, o oauth.Options) error {
		realm := strings.TrimSuffix(c.Issuer, "/")
		if err := onIssuerSetup(c, o); err != nil {
			return err
		}
		if c.Userinfo == nil {
			c.Userinfo = signedUserinfo(realm, realm+"/protocol/openid-connect/certs", c.ClientID)
		}
		return nil
	}
	return s
}

// signedUserinfo returns a userinfo function for a server that answers
// with a signed JWT (OpenID Connect Core 1.0 section 5.3.2): the
// signature must verify against the keys at jwksURL, "iss" must be issuer
// and "aud" name clientID.
func signedUserinfo(issuer, jwksURL, clientID string) oauth.UserinfoFunc {
	return func(ctx context.Context, r oauth.UserinfoRequest) (map[string]any, error) {
		client := r.Client
		if client == nil {
			client = http.DefaultClient
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.URL, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+r.Tokens.AccessToken)
		req.Header.Set("Accept", "application/jwt")
		resp, err := client.Do(req)
		if err != nil {
			return nil, fmt.Errorf("userinfo: %w", err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if err != nil {
			return nil, fmt.Errorf("reading the userinfo answer: %w", err)
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("userinfo: HTTP %d", resp.StatusCode)
		}
		if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "application/jwt" {
			return nil, fmt.Errorf("the userinfo answer is %q, want a signed JWT (application/jwt): register the client with userinfo_signed_response_alg RS256", mt)
		}
		kctx := oidc.ClientContext(ctx, client)
		payload, err := oidc.NewRemoteKeySet(kctx, jwksURL).VerifySignature(kctx, strings.TrimSpace(string(body)))
		if err != nil {
			return nil, fmt.Errorf("the userinfo JWT's signature: %w", err)
		}
		var claims map[string]any
		dec := json.NewDecoder(strings.NewReader(string(payload)))
		dec.UseNumber()
		if err := dec.Decode(&claims); err != nil {
			return nil, fmt.Errorf("the userinfo JWT's claims: %w", err)
		}
		if iss := oauth.String(claims, "iss"); iss != issuer {
			return nil, fmt.Errorf("the userinfo JWT is from issuer %q, want %q", iss, issuer)
		}
		if !audienceHas(claims["aud"], clientID) {
			return nil, errors.New("the userinfo JWT's audience does not name this client")
		}
		return claims, nil
	}
}

// audienceHas reports whether aud, a string or a list of strings, names
// clientID.
func audienceHas(aud any, clientID string) bool {
	switch a := aud.(type) {
	case string:
		return a == clientID
	case []any:
		for _, v := range a {
			if s, _ := v.(string); s == clientID {
				return true
			}
		}
	}
	return false
}
