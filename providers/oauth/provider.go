package oauth

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/gatehouse-go/gatehouse/providers"
)

// Provider is an OAuth 2.0 or OpenID Connect provider. It implements
// providers.OAuthProvider and providers.Refresher and is safe for concurrent
// use.
type Provider struct {
	cfg Config

	mu       sync.Mutex
	endp     *endpoints    // nil until discovery succeeded (OIDC)
	inflight chan struct{} // closed when the discovery under way ends; nil if none
}

// endpoints is what a provider knows about its service once configured or
// discovered.
type endpoints struct {
	base        *oauth2.Config // shared so AuthStyleAuto's detection is remembered
	userinfoURL string
	issuer      string                // OIDC only
	verifier    *oidc.IDTokenVerifier // OIDC only
}

var (
	_ providers.OAuthProvider = (*Provider)(nil)
	_ providers.Refresher     = (*Provider)(nil)
	_ providers.EmailLinker   = (*Provider)(nil)

	_ providers.AuthorizationEndpointer = (*Provider)(nil)
)

// New checks cfg and returns the provider. It makes no request: OIDC
// discovery happens on first use (see Discover).
func New(cfg Config) (*Provider, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	p := &Provider{cfg: cfg}
	if cfg.Issuer != "" {
		return p, nil
	}
	p.endp = &endpoints{
		base:        p.oauth2Config(oauth2.Endpoint{AuthURL: cfg.AuthURL, TokenURL: cfg.TokenURL}, nil),
		userinfoURL: cfg.UserinfoURL,
	}
	return p, nil
}

// Info returns the provider's id, name and style.
func (p *Provider) Info() providers.Info {
	return providers.Info{ID: p.cfg.ID, Name: p.cfg.Name, Style: p.cfg.Style}
}

// Checks reports state always, PKCE unless disabled, and nonce for OIDC.
func (p *Provider) Checks() providers.Checks {
	return providers.Checks{State: true, PKCE: !p.cfg.DisablePKCE, Nonce: p.cfg.Issuer != ""}
}

// Issuer returns the configured OIDC issuer, or "" for OAuth 2.0; it makes
// the provider's type "oidc" or "oauth" (see providers.TypeOf).
func (p *Provider) Issuer() string { return p.cfg.Issuer }

// Scopes returns the scopes requested on authorization.
func (p *Provider) Scopes() []string { return append([]string(nil), p.cfg.Scopes...) }

// AllowDangerousEmailAccountLinking reports the Config option of that name,
// for the handler's account-linking decision.
func (p *Provider) AllowDangerousEmailAccountLinking() bool {
	return p.cfg.AllowDangerousEmailAccountLinking
}

// Discover fetches the OIDC discovery document now, if it has not been
// fetched yet. It does nothing for OAuth 2.0 providers. Call it at start-up
// to find a wrong issuer before the first sign-in.
func (p *Provider) Discover(ctx context.Context) error {
	_, err := p.ensure(ctx)
	return err
}

// AuthorizationEndpoint returns the URL AuthCodeURL sends the browser to,
// discovering it first for OIDC (once; Discover's cache). The handler's
// sign-in page allows it in its Content-Security-Policy form-action.
func (p *Provider) AuthorizationEndpoint(ctx context.Context) (string, error) {
	e, err := p.ensure(ctx)
	if err != nil {
		return "", err
	}
	return e.base.Endpoint.AuthURL, nil
}

// ensure returns the provider's endpoints, discovering them on first use.
// One discovery runs at a time; concurrent callers wait for it, each only
// as long as its own ctx allows, and the lock is never held across the
// network: a provider whose discovery hangs cannot queue every sign-in
// behind it.
func (p *Provider) ensure(ctx context.Context) (*endpoints, error) {
	for {
		p.mu.Lock()
		if e := p.endp; e != nil {
			p.mu.Unlock()
			return e, nil
		}
		if wait := p.inflight; wait != nil {
			p.mu.Unlock()
			select {
			case <-wait:
				continue // it ended: its endpoints, or this call's turn to try
			case <-ctx.Done():
				return nil, fmt.Errorf("%w: provider %q: waiting for the discovery under way: %w", ErrDiscovery, p.cfg.ID, context.Cause(ctx))
			}
		}
		done := make(chan struct{})
		p.inflight = done
		p.mu.Unlock()

		e, err := p.discover(ctx)
		p.mu.Lock()
		if err == nil {
			p.endp = e
		}
		p.inflight = nil
		p.mu.Unlock()
		close(done)
		return e, err
	}
}

func (p *Provider) oauth2Config(ep oauth2.Endpoint, postOnly *bool) *oauth2.Config {
	switch {
	case p.cfg.AuthStyle == AuthStyleBasic:
		ep.AuthStyle = oauth2.AuthStyleInHeader
	case p.cfg.AuthStyle == AuthStylePost:
		ep.AuthStyle = oauth2.AuthStyleInParams
	case postOnly != nil && *postOnly:
		ep.AuthStyle = oauth2.AuthStyleInParams
	case postOnly != nil:
		ep.AuthStyle = oauth2.AuthStyleInHeader
	}
	return &oauth2.Config{ClientID: p.cfg.ClientID, ClientSecret: p.cfg.ClientSecret, Endpoint: ep, Scopes: p.cfg.Scopes}
}

// config returns the oauth2.Config for a token request: the shared one (so
// AuthStyleAuto's detection is remembered), or a copy with the secret from
// ClientSecretFunc. The redirect URI is passed per request as an option.
func (p *Provider) config(ctx context.Context, e *endpoints) (*oauth2.Config, error) {
	if p.cfg.ClientSecretFunc == nil {
		return e.base, nil
	}
	secret, err := p.cfg.ClientSecretFunc(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w: provider %q: making the client secret: %w", ErrConfig, p.cfg.ID, err)
	}
	return &oauth2.Config{ClientID: e.base.ClientID, ClientSecret: secret, Endpoint: e.base.Endpoint, Scopes: e.base.Scopes}, nil
}

// reserved are the authorization parameters that extra parameters may not
// override.
var reserved = map[string]bool{
	"state": true, "client_id": true, "redirect_uri": true, "response_type": true,
	"code_challenge": true, "code_challenge_method": true, "nonce": true,
}

// AuthCodeURL returns the authorization URL: response_type=code, client_id,
// redirect_uri, scope and state, then Config.AuthParams and r.Params (which
// cannot replace the protocol parameters above), then code_challenge
// (S256) and nonce when those checks are on.
func (p *Provider) AuthCodeURL(ctx context.Context, r providers.AuthRequest) (string, error) {
	checks := p.Checks()
	switch {
	case r.State == "":
		return "", fmt.Errorf("oauth: provider %q: AuthRequest.State is empty", p.cfg.ID)
	case checks.PKCE && r.CodeChallenge == "":
		return "", fmt.Errorf("oauth: provider %q uses PKCE but AuthRequest.CodeChallenge is empty", p.cfg.ID)
	case checks.Nonce && r.Nonce == "":
		return "", fmt.Errorf("oauth: provider %q is OIDC but AuthRequest.Nonce is empty", p.cfg.ID)
	}
	e, err := p.ensure(ctx)
	if err != nil {
		return "", err
	}
	oc := &oauth2.Config{ClientID: e.base.ClientID, Endpoint: e.base.Endpoint, Scopes: e.base.Scopes, RedirectURL: r.RedirectURL}
	u, err := url.Parse(oc.AuthCodeURL(r.State))
	if err != nil {
		return "", fmt.Errorf("%w: provider %q authorization URL: %v", ErrConfig, p.cfg.ID, err)
	}
	q := u.Query()
	for _, extra := range []url.Values{p.cfg.AuthParams, r.Params} {
		for k, vs := range extra {
			if !reserved[k] && len(vs) > 0 {
				q[k] = append([]string(nil), vs...)
			}
		}
	}
	if checks.PKCE {
		q.Set("code_challenge", r.CodeChallenge)
		q.Set("code_challenge_method", "S256")
	}
	if checks.Nonce {
		q.Set("nonce", r.Nonce)
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// Exchange checks the callback for an error (returned as a
// *providers.AuthError), trades the code for tokens, verifies the ID token
// for OIDC, and fetches and maps the profile.
func (p *Provider) Exchange(ctx context.Context, c providers.Callback) (*providers.Profile, *providers.Tokens, error) {
	if code := c.Params.Get("error"); code != "" {
		return nil, nil, &providers.AuthError{Code: code, Description: c.Params.Get("error_description"), URI: c.Params.Get("error_uri")}
	}
	code := c.Params.Get("code")
	if code == "" {
		return nil, nil, fmt.Errorf("%w: provider %q: the callback has neither a code nor an error", ErrCallback, p.cfg.ID)
	}
	checks := p.Checks()
	if checks.PKCE && c.CodeVerifier == "" {
		return nil, nil, fmt.Errorf("%w: provider %q: the PKCE code verifier is missing (its cookie was lost or expired)", ErrCallback, p.cfg.ID)
	}
	if checks.Nonce && c.Nonce == "" {
		return nil, nil, fmt.Errorf("%w: provider %q: the nonce is missing (its cookie was lost or expired)", ErrCallback, p.cfg.ID)
	}
	e, err := p.ensure(ctx)
	if err != nil {
		return nil, nil, err
	}
	if iss := c.Params.Get("iss"); iss != "" && e.issuer != "" && p.cfg.VerifyIssuer == nil && iss != e.issuer {
		return nil, nil, fmt.Errorf("%w: provider %q: the callback's iss %q is not the issuer %q (mix-up attack?)", ErrCallback, p.cfg.ID, iss, e.issuer)
	}
	oc, err := p.config(ctx, e)
	if err != nil {
		return nil, nil, err
	}
	var opts []oauth2.AuthCodeOption
	if c.RedirectURL != "" {
		opts = append(opts, oauth2.SetAuthURLParam("redirect_uri", c.RedirectURL))
	}
	if checks.PKCE {
		opts = append(opts, oauth2.VerifierOption(c.CodeVerifier))
	}
	cctx, capt := withCapture(ctx, p.cfg.HTTPClient)
	tok, err := oc.Exchange(cctx, code, opts...)
	if err != nil {
		return nil, nil, tokenError(p.cfg.ID, err, oc.ClientSecret, code, c.CodeVerifier)
	}
	tokens := makeTokens(tok, capt.fields(), p.cfg.Now())

	var idClaims map[string]any
	if e.verifier != nil {
		if tokens.IDToken == "" {
			return nil, nil, fmt.Errorf("%w: provider %q: the token response has no id_token", ErrIDToken, p.cfg.ID)
		}
		if idClaims, err = p.verifyIDToken(ctx, e, tokens, c.Nonce, true); err != nil {
			return nil, nil, err
		}
	}
	profile, err := p.profile(ctx, e, tokens, idClaims, c.Params)
	if err != nil {
		return nil, nil, err
	}
	return profile, tokens, nil
}

// verifyIDToken verifies tokens.IDToken; with checkNonce its nonce must
// equal nonce (refreshed ID tokens may repeat the sign-in's nonce or omit
// it, so refresh does not check it).
func (p *Provider) verifyIDToken(ctx context.Context, e *endpoints, tokens *providers.Tokens, nonce string, checkNonce bool) (map[string]any, error) {
	idt, err := e.verifier.Verify(ctx, tokens.IDToken)
	if err != nil {
		return nil, fmt.Errorf("%w: provider %q: %w", ErrIDToken, p.cfg.ID, err)
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return nil, fmt.Errorf("%w: provider %q: reading claims: %w", ErrIDToken, p.cfg.ID, err)
	}
	if p.cfg.VerifyIssuer != nil {
		if err := p.cfg.VerifyIssuer(idt.Issuer, claims); err != nil {
			return nil, fmt.Errorf("%w: provider %q: issuer %q refused: %w", ErrIDToken, p.cfg.ID, idt.Issuer, err)
		}
	}
	if checkNonce {
		if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
			return nil, fmt.Errorf("%w: provider %q: the ID token's nonce does not match this sign-in", ErrIDToken, p.cfg.ID)
		}
	}
	if idt.AccessTokenHash != "" {
		if err := idt.VerifyAccessToken(tokens.AccessToken); err != nil {
			return nil, fmt.Errorf("%w: provider %q: %w", ErrIDToken, p.cfg.ID, err)
		}
	}
	return claims, nil
}

func (p *Provider) profile(ctx context.Context, e *endpoints, tokens *providers.Tokens, idClaims map[string]any, params url.Values) (*providers.Profile, error) {
	claims := idClaims
	req := UserinfoRequest{Client: p.cfg.HTTPClient, URL: e.userinfoURL, Tokens: tokens, IDClaims: idClaims, Params: params}
	switch {
	case p.cfg.Userinfo != nil:
		m, err := p.cfg.Userinfo(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("%w: provider %q: %w", ErrUserinfo, p.cfg.ID, err)
		}
		claims = m
	case idClaims == nil || (p.cfg.FetchUserinfo && e.userinfoURL != ""):
		if e.userinfoURL == "" {
			return nil, fmt.Errorf("%w: provider %q has no userinfo endpoint", ErrUserinfo, p.cfg.ID)
		}
		var m map[string]any
		if err := GetJSON(ctx, p.cfg.HTTPClient, e.userinfoURL, tokens.AccessToken, &m); err != nil {
			return nil, fmt.Errorf("%w: provider %q: %w", ErrUserinfo, p.cfg.ID, err)
		}
		if idClaims != nil {
			if sub := String(m, "sub"); sub != String(idClaims, "sub") {
				return nil, fmt.Errorf("%w: provider %q: userinfo \"sub\" does not match the ID token's", ErrUserinfo, p.cfg.ID)
			}
			claims = merge(idClaims, m)
		} else {
			claims = m
		}
	}
	if claims == nil {
		claims = map[string]any{}
	}
	prof, err := p.cfg.Profile(claims, tokens)
	if err != nil {
		return nil, fmt.Errorf("%w: provider %q: %w", ErrProfile, p.cfg.ID, err)
	}
	if prof == nil || prof.ID == "" {
		return nil, fmt.Errorf("%w: provider %q: the profile has no id", ErrProfile, p.cfg.ID)
	}
	if prof.Raw == nil {
		prof.Raw = claims
	}
	return prof, nil
}

// merge returns a copy of base with over's keys set over it.
func merge(base, over map[string]any) map[string]any {
	out := make(map[string]any, len(base)+len(over))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}

// Refresh trades refreshToken for new tokens. A new ID token, when the
// service sends one, is verified (its nonce is not checked). Tokens.RefreshToken is
// empty when the service did not rotate the refresh token.
func (p *Provider) Refresh(ctx context.Context, refreshToken string) (*providers.Tokens, error) {
	if refreshToken == "" {
		return nil, fmt.Errorf("%w: provider %q: no refresh token to use", ErrTokenEndpoint, p.cfg.ID)
	}
	e, err := p.ensure(ctx)
	if err != nil {
		return nil, err
	}
	oc, err := p.config(ctx, e)
	if err != nil {
		return nil, err
	}
	cctx, capt := withCapture(ctx, p.cfg.HTTPClient)
	tok, err := oc.TokenSource(cctx, &oauth2.Token{RefreshToken: refreshToken, Expiry: time.Unix(1, 0)}).Token()
	if err != nil {
		return nil, tokenError(p.cfg.ID, err, oc.ClientSecret, refreshToken)
	}
	raw := capt.fields()
	tokens := makeTokens(tok, raw, p.cfg.Now())
	tokens.RefreshToken = String(raw, "refresh_token")
	if e.verifier != nil && tokens.IDToken != "" {
		if _, err := p.verifyIDToken(ctx, e, tokens, "", false); err != nil {
			return nil, err
		}
	}
	return tokens, nil
}

// S256Challenge returns the PKCE S256 code challenge for verifier
// (base64url(SHA-256(verifier)), RFC 7636).
func S256Challenge(verifier string) string { return oauth2.S256ChallengeFromVerifier(verifier) }
