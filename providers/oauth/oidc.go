package oauth

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// discover fetches the OIDC discovery document and sets up the endpoints
// and the ID token verifier.
func (p *Provider) discover(ctx context.Context) (*endpoints, error) {
	docURL := strings.TrimSuffix(p.cfg.Issuer, "/") + "/.well-known/openid-configuration"
	var doc map[string]any
	if err := GetJSON(ctx, p.cfg.HTTPClient, docURL, "", &doc); err != nil {
		return nil, fmt.Errorf("%w: provider %q: %w", ErrDiscovery, p.cfg.ID, err)
	}
	issuer := String(doc, "issuer")
	if p.cfg.VerifyIssuer == nil && issuer != p.cfg.Issuer {
		return nil, fmt.Errorf("%w: provider %q: the discovery document names issuer %q, not the configured %q", ErrDiscovery, p.cfg.ID, issuer, p.cfg.Issuer)
	}
	pc := oidc.ProviderConfig{
		IssuerURL:   issuer,
		AuthURL:     First(p.cfg.AuthURL, String(doc, "authorization_endpoint")),
		TokenURL:    First(p.cfg.TokenURL, String(doc, "token_endpoint")),
		UserInfoURL: First(p.cfg.UserinfoURL, String(doc, "userinfo_endpoint")),
		JWKSURL:     String(doc, "jwks_uri"),
		Algorithms:  stringList(doc, "id_token_signing_alg_values_supported"),
	}
	if pc.AuthURL == "" || pc.TokenURL == "" || pc.JWKSURL == "" {
		return nil, fmt.Errorf("%w: provider %q: the discovery document lacks authorization_endpoint, token_endpoint or jwks_uri", ErrDiscovery, p.cfg.ID)
	}
	for _, u := range []string{pc.AuthURL, pc.TokenURL, pc.JWKSURL} {
		if err := checkURL(u); err != nil {
			return nil, fmt.Errorf("%w: provider %q: %v", ErrDiscovery, p.cfg.ID, err)
		}
	}
	// The key set outlives this call, so it gets a context that is never
	// cancelled but still carries the provider's HTTP client.
	keyCtx := oidc.ClientContext(context.Background(), p.cfg.HTTPClient)
	op := pc.NewProvider(keyCtx)
	verifier := op.Verifier(&oidc.Config{
		ClientID:        p.cfg.ClientID,
		Now:             p.cfg.Now,
		SkipIssuerCheck: p.cfg.VerifyIssuer != nil,
	})

	var postOnly *bool
	if methods := stringList(doc, "token_endpoint_auth_methods_supported"); len(methods) > 0 {
		basic, post := slices.Contains(methods, "client_secret_basic"), slices.Contains(methods, "client_secret_post")
		if basic != post {
			postOnly = &post
		}
	}
	return &endpoints{
		base:        p.oauth2Config(oauth2.Endpoint{AuthURL: pc.AuthURL, TokenURL: pc.TokenURL}, postOnly),
		userinfoURL: pc.UserInfoURL,
		issuer:      issuer,
		verifier:    verifier,
	}, nil
}

// stringList returns the string elements of the array at key.
func stringList(m map[string]any, key string) []string {
	arr, _ := m[key].([]any)
	var out []string
	for _, v := range arr {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
