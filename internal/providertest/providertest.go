package providertest

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// The credentials and values every case uses.
const (
	ClientID     = "test-client-id"
	ClientSecret = "test-client-secret"
	RedirectURL  = "https://app.example/api/auth/callback/"
	Nonce        = "test-nonce-0123456789"
	Verifier     = "test-verifier-0123456789-0123456789-0123456789"
)

// Now is the clock every case runs at.
var Now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// Case describes one built-in service's expected behaviour.
type Case struct {
	// New builds the provider from the shared options (credentials, HTTP
	// client, clock, Getenv) the case runner fills in.
	New func(o oauth.Options) (*oauth.Provider, error)
	// ID, Name and Type are the expected Info.
	ID, Name string
	Type     providers.Type
	// Issuer is the issuer whose discovery.json is served (OIDC), and
	// NeedsIssuer says New fails without one.
	Issuer      string
	NeedsIssuer bool
	// IssuerBase says Issuer is the address under which a plain OAuth 2.0
	// service's endpoints lie (Auth.js's Nextcloud): no discovery.json is
	// served.
	IssuerBase bool
	// TokenURL and UserinfoURL are where token.json and userinfo.json are
	// served for OAuth 2.0 services (OIDC takes them from discovery.json).
	TokenURL, UserinfoURL string
	// Routes serves more fixtures: URL → file name in testdata.
	Routes map[string]string
	// AuthURL is the expected authorization endpoint (without query).
	AuthURL string
	// Params are expected authorization parameters; "" means absent.
	Params map[string]string
	// AuthStyle is "basic" or "post": how the client must authenticate at
	// the token endpoint.
	AuthStyle string
	// NoPKCE says the service does not use PKCE (Auth.js's checks
	// ["state"]): no code_challenge on authorization, no code_verifier at
	// the token endpoint.
	NoPKCE bool
	// Callback holds extra callback parameters (Apple's "user").
	Callback url.Values
	// Profile is the expected mapped profile (Raw is not compared).
	Profile providers.Profile
	// Dir is a subdirectory of testdata holding this case's fixtures.
	// Default: testdata itself.
	Dir string
	// Serve, when set, adds routes to the fake after the fixtures' (a
	// userinfo answer signed with the fake's key).
	Serve func(t *testing.T, f *oidctest.Fake)
	// Check, when set, makes further checks on the fake's requests.
	Check func(t *testing.T, f *oidctest.Fake, p *oauth.Provider, tok *providers.Tokens)
}

// Run checks the provider: Info and Checks, the authorization URL, the code
// exchange (client authentication, PKCE verifier, ID token), the mapped
// profile, reading credentials through Getenv, and the error for missing
// credentials.
func Run(t *testing.T, c Case) {
	t.Helper()
	t.Run("flow", func(t *testing.T) {
		f, tokenURL := serve(t, c)
		p, err := c.New(oauth.Options{ClientID: ClientID, ClientSecret: ClientSecret, Issuer: issuerOpt(c), HTTPClient: f.Client(), Now: func() time.Time { return Now }})
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		if info := p.Info(); info.ID != c.ID || info.Name != c.Name || providers.TypeOf(p) != c.Type {
			t.Errorf("Info = %+v, type %q, want id %q name %q type %q", info, providers.TypeOf(p), c.ID, c.Name, c.Type)
		}
		checks := p.Checks()
		if !checks.State || checks.PKCE == c.NoPKCE || checks.Nonce != (c.Type == providers.TypeOIDC) {
			t.Errorf("Checks = %+v", checks)
		}
		q := checkAuthURL(t, c, p)
		if q.Get("client_id") != ClientID {
			t.Errorf("client_id = %q", q.Get("client_id"))
		}

		params := url.Values{"code": {"test-code"}, "state": {"test-state"}}
		for k, v := range c.Callback {
			params[k] = v
		}
		prof, tok, err := p.Exchange(context.Background(), providers.Callback{RedirectURL: RedirectURL + c.ID, Params: params, CodeVerifier: Verifier, Nonce: Nonce})
		if err != nil {
			t.Fatalf("Exchange: %v", err)
		}
		got, want := *prof, c.Profile
		got.Raw, want.Raw = nil, nil
		if got.ID != want.ID || got.Name != want.Name || got.Email != want.Email || got.Image != want.Image || got.EmailVerified != want.EmailVerified {
			t.Errorf("profile =\n  %+v\nwant\n  %+v", got, want)
		}
		if prof.Raw == nil {
			t.Errorf("profile.Raw is nil")
		}
		if tok.AccessToken == "" {
			t.Errorf("no access token in %+v", tok)
		}
		checkTokenRequest(t, c, f.Requests(tokenURL))
		if c.Check != nil {
			c.Check(t, f, p, tok)
		}
	})
	t.Run("credentials from Getenv", func(t *testing.T) {
		f, _ := serve(t, c)
		prefix := "AUTH_" + oauth.EnvPrefix(c.ID) + "_"
		env := map[string]string{prefix + "ID": "env-client-id", prefix + "SECRET": "env-secret"}
		if c.NeedsIssuer {
			env[prefix+"ISSUER"] = c.Issuer
		}
		p, err := c.New(oauth.Options{Getenv: func(k string) string { return env[k] }, HTTPClient: f.Client(), Now: func() time.Time { return Now }})
		if err != nil {
			t.Fatalf("New from env: %v", err)
		}
		u, err := p.AuthCodeURL(context.Background(), providers.AuthRequest{RedirectURL: RedirectURL + c.ID, State: "s", Nonce: Nonce, CodeChallenge: "c"})
		if err != nil {
			t.Fatalf("AuthCodeURL: %v", err)
		}
		if pu, _ := url.Parse(u); pu.Query().Get("client_id") != "env-client-id" {
			t.Errorf("client_id from env = %q", pu.Query().Get("client_id"))
		}
	})
	t.Run("missing credentials", func(t *testing.T) {
		_, err := c.New(oauth.Options{Getenv: func(string) string { return "" }, Issuer: issuerOpt(c)})
		if !errors.Is(err, oauth.ErrConfig) || !strings.Contains(err.Error(), "AUTH_"+oauth.EnvPrefix(c.ID)+"_ID") {
			t.Errorf("New without a client id = %v, want ErrConfig naming AUTH_%s_ID", err, oauth.EnvPrefix(c.ID))
		}
		if c.NeedsIssuer {
			_, err := c.New(oauth.Options{ClientID: "x"})
			if !errors.Is(err, oauth.ErrConfig) || !strings.Contains(err.Error(), "ISSUER") {
				t.Errorf("New without an issuer = %v, want ErrConfig naming AUTH_%s_ISSUER", err, oauth.EnvPrefix(c.ID))
			}
		}
	})
}

func issuerOpt(c Case) string {
	if c.NeedsIssuer {
		return c.Issuer
	}
	return ""
}

// serve sets up the fake from the fixtures and returns the token URL.
func serve(t *testing.T, c Case) (*oidctest.Fake, string) {
	t.Helper()
	f := oidctest.NewFake(t)
	tokenURL, userinfoURL := c.TokenURL, c.UserinfoURL
	token, _ := oidctest.FixtureObject(t, path.Join(c.Dir, "token.json"))
	if c.Issuer != "" && !c.IssuerBase {
		doc, ok := oidctest.FixtureObject(t, path.Join(c.Dir, "discovery.json"))
		if !ok {
			t.Fatalf("providertest: an OIDC case needs testdata/discovery.json")
		}
		f.JSON(strings.TrimSuffix(c.Issuer, "/")+"/.well-known/openid-configuration", http.StatusOK, doc)
		f.JWKS(oauth.String(doc, "jwks_uri"))
		tokenURL, userinfoURL = oauth.String(doc, "token_endpoint"), oauth.String(doc, "userinfo_endpoint")
		claims, ok := oidctest.FixtureObject(t, path.Join(c.Dir, "id_token.json"))
		if !ok {
			t.Fatalf("providertest: an OIDC case needs testdata/id_token.json")
		}
		if _, set := claims["iss"]; !set {
			claims["iss"] = oauth.String(doc, "issuer")
		}
		claims["aud"], claims["nonce"] = ClientID, Nonce
		claims["iat"], claims["exp"] = Now.Unix(), Now.Add(time.Hour).Unix()
		tok := map[string]any{}
		for k, v := range token {
			tok[k] = v
		}
		// The env subtest uses another client id; sign per request.
		f.Handle(tokenURL, func(w http.ResponseWriter, r *http.Request) {
			cl := map[string]any{}
			for k, v := range claims {
				cl[k] = v
			}
			if id := clientIDOf(r); id != "" {
				cl["aud"] = id
			}
			tok["id_token"] = f.SignIDToken(cl)
			writeJSON(t, w, tok)
		})
	} else {
		f.JSON(tokenURL, http.StatusOK, token)
	}
	if ui, ok := oidctest.FixtureObject(t, path.Join(c.Dir, "userinfo.json")); ok && userinfoURL != "" {
		f.JSON(userinfoURL, http.StatusOK, ui)
	}
	for u, file := range c.Routes {
		f.JSON(u, http.StatusOK, oidctest.ReadFixture(t, path.Join(c.Dir, file)))
	}
	if c.Serve != nil {
		c.Serve(t, f)
	}
	return f, tokenURL
}

func clientIDOf(r *http.Request) string {
	if id, _, ok := r.BasicAuth(); ok {
		if u, err := url.QueryUnescape(id); err == nil {
			return u
		}
	}
	return r.Form.Get("client_id")
}

func checkAuthURL(t *testing.T, c Case, p *oauth.Provider) url.Values {
	t.Helper()
	u, err := p.AuthCodeURL(context.Background(), providers.AuthRequest{
		RedirectURL: RedirectURL + c.ID, State: "test-state", Nonce: Nonce, CodeChallenge: oauth.S256Challenge(Verifier),
	})
	if err != nil {
		t.Fatalf("AuthCodeURL: %v", err)
	}
	pu, err := url.Parse(u)
	if err != nil {
		t.Fatalf("AuthCodeURL returned %q: %v", u, err)
	}
	if base := pu.Scheme + "://" + pu.Host + pu.Path; base != c.AuthURL {
		t.Errorf("authorization endpoint = %s, want %s", base, c.AuthURL)
	}
	q := pu.Query()
	want := map[string]string{
		"response_type": "code", "state": "test-state", "redirect_uri": RedirectURL + c.ID,
		"code_challenge": oauth.S256Challenge(Verifier), "code_challenge_method": "S256",
	}
	if c.Type == providers.TypeOIDC {
		want["nonce"] = Nonce
	}
	if c.NoPKCE {
		want["code_challenge"], want["code_challenge_method"] = "", ""
	}
	for k, v := range c.Params {
		want[k] = v
	}
	for k, v := range want {
		if v == "" && q.Has(k) {
			t.Errorf("authorization parameter %s = %q, want absent", k, q.Get(k))
		} else if v != "" && q.Get(k) != v {
			t.Errorf("authorization parameter %s = %q, want %q", k, q.Get(k), v)
		}
	}
	return q
}

func checkTokenRequest(t *testing.T, c Case, reqs []oidctest.Request) {
	t.Helper()
	if len(reqs) != 1 {
		t.Fatalf("token endpoint got %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	verifier := Verifier
	if c.NoPKCE {
		verifier = ""
	}
	for k, v := range map[string]string{"grant_type": "authorization_code", "code": "test-code", "code_verifier": verifier, "redirect_uri": RedirectURL + c.ID} {
		if got := r.Form.Get(k); got != v || (v == "" && r.Form.Has(k)) {
			t.Errorf("token request %s = %q, want %q", k, got, v)
		}
	}
	_, _, basic := (&http.Request{Header: r.Header}).BasicAuth()
	switch c.AuthStyle {
	case "basic":
		if !basic || r.Form.Has("client_secret") {
			t.Errorf("client authentication: want HTTP Basic only, got header %v form %v", basic, r.Form.Has("client_secret"))
		}
	case "post":
		if basic || r.Form.Get("client_id") == "" || r.Form.Get("client_secret") == "" {
			t.Errorf("client authentication: want form fields only, got header %v form %v", basic, r.Form)
		}
	default:
		t.Errorf("Case.AuthStyle %q: want basic or post", c.AuthStyle)
	}
}

func writeJSON(t *testing.T, w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(v); err != nil {
		t.Errorf("providertest: %v", err)
	}
}
