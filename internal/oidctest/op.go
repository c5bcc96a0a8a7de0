package oidctest

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// The OP's endpoint paths, below its address.
const (
	issuerPath    = "/oidc"
	discoveryPath = issuerPath + "/.well-known/openid-configuration"
	authorizePath = issuerPath + "/authorize"
	tokenPath     = issuerPath + "/token"
	userinfoPath  = issuerPath + "/userinfo"
	jwksPath      = issuerPath + "/.well-known/jwks.json"
)

// OP is a running OpenID provider with one registered client (ClientID,
// ClientSecret). Its authorization endpoint signs in the next queued User,
// or DefaultUser, without asking anything, and redirects to the client's
// redirect_uri with a code.
type OP struct {
	// ClientID and ClientSecret are the client's credentials: random, and
	// fixed for the OP's life.
	ClientID, ClientSecret string
	// AccessTTL is the lifetime of access and ID tokens (default 10
	// minutes); RefreshTTL that of refresh tokens (default 1 hour). Set
	// them before the first request.
	AccessTTL, RefreshTTL time.Duration

	srv *httptest.Server
	key signingKey

	mu      sync.Mutex // serialises every request and guards the fields below
	users   []*User
	errs    []*ServerError
	tampers []func(resp map[string]any)
	skew    time.Duration
	codes   map[string]*grant
	access  map[string]*grant
	refresh map[string]*grant
}

// User is a user the OP signs in; queue them with OP.QueueUser. Claims
// are released by scope as OpenID Connect Core 1.0 section 5.4 says:
// email and email_verified with "email"; preferred_username,
// phone_number and address with "profile"; groups with "groups".
type User struct {
	Subject           string
	Email             string
	EmailVerified     bool
	PreferredUsername string
	Phone             string
	Address           string
	Groups            []string
}

// DefaultUser returns the user the OP signs in when none is queued.
func DefaultUser() *User {
	return &User{
		Subject: "1234567890", Email: "jane.doe@example.com", EmailVerified: true,
		PreferredUsername: "jane.doe", Phone: "555-987-6543", Address: "123 Main Street",
		Groups: []string{"engineering", "design"},
	}
}

// ServerError is an error the OP returns for its next request, whatever
// the endpoint; queue it with OP.QueueError. It is sent as an OAuth 2.0
// error response (RFC 6749 section 5.2) with status Code.
type ServerError struct {
	Code        int
	Error       string
	Description string
}

// grant is what one authorization allows: its code, then its tokens.
type grant struct {
	user        User
	scopes      []string
	nonce       string
	challenge   string // PKCE code_challenge and its method (RFC 7636)
	method      string
	redirectURI string
	codeExpires time.Time
	codeUsed    bool
	authTime    time.Time
	expires     time.Time // of the refresh token
}

// StartOP starts an OP on a loopback port and stops it when the test ends.
func StartOP(t testing.TB) *OP {
	t.Helper()
	op, err := NewOP()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(op.Close)
	return op
}

// NewOP starts an OP on a loopback port. The caller must Close it; tests
// should prefer StartOP.
func NewOP() (*OP, error) {
	id, err := randomToken(18)
	if err != nil {
		return nil, err
	}
	secret, err := randomToken(24)
	if err != nil {
		return nil, err
	}
	op := &OP{
		ClientID: id, ClientSecret: secret, AccessTTL: 10 * time.Minute, RefreshTTL: time.Hour,
		key:   signingKey{kid: "oidctest-op"},
		codes: map[string]*grant{}, access: map[string]*grant{}, refresh: map[string]*grant{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+discoveryPath, op.discovery)
	mux.HandleFunc("GET "+jwksPath, op.jwks)
	mux.HandleFunc(authorizePath, op.authorize)
	mux.HandleFunc("POST "+tokenPath, op.token)
	mux.HandleFunc(userinfoPath, op.userinfo)
	op.srv = httptest.NewServer(op.serialise(mux))
	return op, nil
}

// Close stops the OP.
func (op *OP) Close() { op.srv.Close() }

// serialise runs one request at a time and answers with a queued error
// instead when there is one.
func (op *OP) serialise(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op.mu.Lock()
		defer op.mu.Unlock()
		if len(op.errs) > 0 {
			e := op.errs[0]
			op.errs = op.errs[1:]
			writeError(w, e.Code, e.Error, e.Description)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Addr returns the OP's base URL, http://127.0.0.1:port.
func (op *OP) Addr() string { return op.srv.URL }

// Issuer returns the issuer identifier, the "iss" of its ID tokens.
func (op *OP) Issuer() string { return op.srv.URL + issuerPath }

// DiscoveryEndpoint returns the URL of the OpenID Provider Metadata.
func (op *OP) DiscoveryEndpoint() string { return op.srv.URL + discoveryPath }

// AuthorizationEndpoint returns the authorization endpoint's URL.
func (op *OP) AuthorizationEndpoint() string { return op.srv.URL + authorizePath }

// TokenEndpoint returns the token endpoint's URL.
func (op *OP) TokenEndpoint() string { return op.srv.URL + tokenPath }

// UserinfoEndpoint returns the UserInfo endpoint's URL.
func (op *OP) UserinfoEndpoint() string { return op.srv.URL + userinfoPath }

// JWKSEndpoint returns the URL of the OP's JSON Web Key Set.
func (op *OP) JWKSEndpoint() string { return op.srv.URL + jwksPath }

// QueueUser makes the next authorization sign in u. Calls queue up.
func (op *OP) QueueUser(u *User) {
	op.mu.Lock()
	defer op.mu.Unlock()
	op.users = append(op.users, u)
}

// QueueError makes the OP answer its next request with e. Calls queue up.
func (op *OP) QueueError(e *ServerError) {
	op.mu.Lock()
	defer op.mu.Unlock()
	op.errs = append(op.errs, e)
}

// FastForward moves the OP's clock forward by d and returns how far ahead
// of the real time it now is.
func (op *OP) FastForward(d time.Duration) time.Duration {
	op.mu.Lock()
	defer op.mu.Unlock()
	op.skew += d
	return op.skew
}

// Now returns the OP's time.
func (op *OP) Now() time.Time {
	op.mu.Lock()
	defer op.mu.Unlock()
	return op.now()
}

func (op *OP) now() time.Time { return time.Now().Add(op.skew) }

// TamperNextToken makes the OP pass its next successful token response
// (a JSON object) through f before sending it. Calls queue up.
func (op *OP) TamperNextToken(f func(resp map[string]any)) {
	op.mu.Lock()
	defer op.mu.Unlock()
	op.tampers = append(op.tampers, f)
}

// ResignIDToken returns a tamper func for TamperNextToken that changes the
// ID token's claims with f and signs it again with the OP's key, so that
// only the changed claims are wrong.
func (op *OP) ResignIDToken(t testing.TB, f func(claims map[string]any)) func(map[string]any) {
	return func(resp map[string]any) {
		claims, err := Claims(fmt.Sprint(resp["id_token"]))
		if err != nil {
			t.Errorf("oidctest: %v", err)
			return
		}
		f(claims)
		signed, err := op.key.sign(claims)
		if err != nil {
			t.Errorf("oidctest: %v", err)
			return
		}
		resp["id_token"] = signed
	}
}

// discovery serves the OpenID Provider Metadata (OpenID Connect Discovery
// 1.0 section 3).
func (op *OP) discovery(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                op.Issuer(),
		"authorization_endpoint":                op.AuthorizationEndpoint(),
		"token_endpoint":                        op.TokenEndpoint(),
		"userinfo_endpoint":                     op.UserinfoEndpoint(),
		"jwks_uri":                              op.JWKSEndpoint(),
		"response_types_supported":              []string{"code"},
		"grant_types_supported":                 []string{"authorization_code", "refresh_token"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"scopes_supported":                      []string{"openid", "email", "profile", "groups"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
		"code_challenge_methods_supported":      []string{"S256", "plain"},
		"claims_supported": []string{"iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "at_hash",
			"email", "email_verified", "preferred_username", "phone_number", "address", "groups"},
	})
}

func (op *OP) jwks(w http.ResponseWriter, _ *http.Request) {
	set, err := op.key.jwks()
	if err != nil {
		writeError(w, http.StatusInternalServerError, "server_error", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, set)
}

// authorize is the authorization endpoint (RFC 6749 section 4.1.1, OpenID
// Connect Core 1.0 section 3.1.2). Requests it cannot trust (unknown
// client, bad redirect_uri) get an error page; others are redirected back
// with a code or an error.
func (op *OP) authorize(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	q := r.Form
	if subtle.ConstantTimeCompare([]byte(q.Get("client_id")), []byte(op.ClientID)) != 1 {
		writeError(w, http.StatusBadRequest, "invalid_client", "unknown client_id")
		return
	}
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || !redirect.IsAbs() || redirect.Fragment != "" {
		writeError(w, http.StatusBadRequest, "invalid_request", "redirect_uri must be an absolute URL without a fragment")
		return
	}
	back := func(params url.Values) {
		v := redirect.Query()
		for k := range params {
			v.Set(k, params.Get(k))
		}
		if s := q.Get("state"); s != "" {
			v.Set("state", s)
		}
		u := *redirect
		u.RawQuery = v.Encode()
		http.Redirect(w, r, u.String(), http.StatusFound)
	}
	fail := func(code, desc string) { back(url.Values{"error": {code}, "error_description": {desc}}) }
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	if challenge != "" && method == "" {
		method = "plain" // RFC 7636 section 4.3
	}
	switch {
	case q.Get("response_type") != "code":
		fail("unsupported_response_type", "only response_type=code is supported")
		return
	case challenge == "" && method != "":
		fail("invalid_request", "code_challenge_method without code_challenge")
		return
	case method != "" && method != "S256" && method != "plain":
		fail("invalid_request", "code_challenge_method must be S256 or plain")
		return
	}
	user := DefaultUser()
	if len(op.users) > 0 {
		user = op.users[0]
		op.users = op.users[1:]
	}
	code, err := randomToken(32)
	if err != nil {
		fail("server_error", err.Error())
		return
	}
	now := op.now()
	op.codes[code] = &grant{
		user: *user, scopes: strings.Fields(q.Get("scope")), nonce: q.Get("nonce"),
		challenge: challenge, method: method, redirectURI: q.Get("redirect_uri"),
		codeExpires: now.Add(time.Minute), authTime: now,
	}
	back(url.Values{"code": {code}})
}

// token is the token endpoint (RFC 6749 sections 3.2, 4.1.3 and 6).
func (op *OP) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	if code, desc := op.authenticateClient(r); code != "" {
		if _, _, basic := r.BasicAuth(); basic {
			w.Header().Set("WWW-Authenticate", `Basic realm="oidctest"`)
		}
		writeError(w, http.StatusUnauthorized, code, desc)
		return
	}
	var (
		g        *grant
		errCode  string
		errDesc  string
		grantTyp = r.PostForm.Get("grant_type")
	)
	switch grantTyp {
	case "authorization_code":
		g, errCode, errDesc = op.redeemCode(r.PostForm)
	case "refresh_token":
		g = op.refresh[r.PostForm.Get("refresh_token")]
		if g == nil || !op.now().Before(g.expires) {
			g, errCode, errDesc = nil, "invalid_grant", "unknown or expired refresh token"
		}
	default:
		errCode, errDesc = "unsupported_grant_type", fmt.Sprintf("grant_type %q is not supported", grantTyp)
	}
	if g == nil {
		writeError(w, http.StatusBadRequest, errCode, errDesc)
		return
	}
	resp, err := op.issue(g, grantTyp == "authorization_code", r.PostForm.Get("refresh_token"))
	if err != nil {
		writeError(w, http.StatusInternalServerError, "server_error", err.Error())
		return
	}
	if len(op.tampers) > 0 {
		op.tampers[0](resp)
		op.tampers = op.tampers[1:]
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, http.StatusOK, resp)
}

// authenticateClient checks client_secret_basic or client_secret_post
// (RFC 6749 section 2.3.1) and returns an error code and description on
// failure.
func (op *OP) authenticateClient(r *http.Request) (code, desc string) {
	id, secret, basic := r.BasicAuth()
	if basic {
		if r.PostForm.Has("client_secret") {
			return "invalid_request", "use one client authentication method, not two"
		}
		// The credentials are form-encoded before Basic encoding.
		var err1, err2 error
		id, err1 = url.QueryUnescape(id)
		secret, err2 = url.QueryUnescape(secret)
		if err1 != nil || err2 != nil {
			return "invalid_client", "malformed Basic credentials"
		}
		if f := r.PostForm.Get("client_id"); f != "" && f != id {
			return "invalid_request", "client_id differs from the authenticated client"
		}
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	idOK := subtle.ConstantTimeCompare([]byte(id), []byte(op.ClientID))
	secretOK := subtle.ConstantTimeCompare([]byte(secret), []byte(op.ClientSecret))
	if idOK&secretOK != 1 {
		return "invalid_client", "client authentication failed"
	}
	return "", ""
}

// redeemCode checks an authorization_code grant. A code works once; the
// tokens issued for it stay valid when it is replayed (RFC 6749 section
// 4.1.2 only recommends revoking them, and the tests refresh after a
// replay).
func (op *OP) redeemCode(form url.Values) (*grant, string, string) {
	g := op.codes[form.Get("code")]
	switch {
	case g == nil || !op.now().Before(g.codeExpires):
		return nil, "invalid_grant", "unknown or expired code"
	case g.codeUsed:
		return nil, "invalid_grant", "the code was already used"
	case form.Get("redirect_uri") != g.redirectURI:
		return nil, "invalid_grant", "redirect_uri differs from the authorization request's"
	}
	g.codeUsed = true
	if g.challenge != "" {
		verifier := form.Get("code_verifier")
		want := verifier
		if g.method == "S256" {
			sum := sha256.Sum256([]byte(verifier))
			want = base64.RawURLEncoding.EncodeToString(sum[:])
		}
		if verifier == "" || subtle.ConstantTimeCompare([]byte(want), []byte(g.challenge)) != 1 {
			return nil, "invalid_grant", "code_verifier does not match the code_challenge"
		}
	}
	return g, "", ""
}

// issue makes the token response for g: a new access token, a refresh
// token (new on the code grant, the same one on refresh), and an ID token
// when the scopes include openid.
func (op *OP) issue(g *grant, fromCode bool, refreshToken string) (map[string]any, error) {
	now := op.now()
	access, err := randomToken(32)
	if err != nil {
		return nil, err
	}
	if fromCode {
		if refreshToken, err = randomToken(32); err != nil {
			return nil, err
		}
		op.refresh[refreshToken] = g
		g.expires = now.Add(op.RefreshTTL)
	}
	op.access[access] = &grant{user: g.user, scopes: g.scopes, expires: now.Add(op.AccessTTL)}
	resp := map[string]any{
		"access_token":  access,
		"token_type":    "Bearer",
		"expires_in":    int64(op.AccessTTL / time.Second),
		"refresh_token": refreshToken,
	}
	if slices.Contains(g.scopes, "openid") {
		claims := g.user.claims(g.scopes)
		claims["iss"] = op.Issuer()
		claims["aud"] = op.ClientID
		claims["iat"] = now.Unix()
		claims["exp"] = now.Add(op.AccessTTL).Unix()
		claims["auth_time"] = g.authTime.Unix()
		claims["at_hash"] = atHash(access)
		if g.nonce != "" {
			claims["nonce"] = g.nonce
		}
		idToken, err := op.key.sign(claims)
		if err != nil {
			return nil, err
		}
		resp["id_token"] = idToken
	}
	return resp, nil
}

// atHash is the at_hash of an RS256 ID token: the left half of the
// access token's SHA-256, base64url-encoded (OpenID Connect Core 1.0
// section 3.1.3.6).
func atHash(accessToken string) string {
	sum := sha256.Sum256([]byte(accessToken))
	return base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2])
}

// userinfo is the UserInfo endpoint (OpenID Connect Core 1.0 section 5.3),
// with the access token as a Bearer token (RFC 6750 section 2.1).
func (op *OP) userinfo(w http.ResponseWriter, r *http.Request) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	g := op.access[tok]
	if !ok || g == nil || !op.now().Before(g.expires) {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		writeError(w, http.StatusUnauthorized, "invalid_token", "unknown or expired access token")
		return
	}
	writeJSON(w, http.StatusOK, g.user.claims(g.scopes))
}

// claims returns the user's claims the scopes release, with "sub".
func (u *User) claims(scopes []string) map[string]any {
	c := map[string]any{"sub": u.Subject}
	set := func(k string, v any, ok bool) {
		if ok {
			c[k] = v
		}
	}
	if slices.Contains(scopes, "email") {
		set("email", u.Email, u.Email != "")
		set("email_verified", u.EmailVerified, u.Email != "")
	}
	if slices.Contains(scopes, "profile") {
		set("preferred_username", u.PreferredUsername, u.PreferredUsername != "")
		set("phone_number", u.Phone, u.Phone != "")
		set("address", map[string]string{"formatted": u.Address}, u.Address != "")
	}
	if slices.Contains(scopes, "groups") {
		set("groups", slices.Clone(u.Groups), len(u.Groups) > 0)
	}
	return c
}

// randomToken returns n random bytes, base64url-encoded.
func randomToken(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("oidctest: random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// writeError sends an OAuth 2.0 error response (RFC 6749 section 5.2).
func writeError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

// TamperIDTokenPayload is a tamper func for TamperNextToken that changes the
// ID token's claims with f but keeps the old signature, so the signature no
// longer matches.
func TamperIDTokenPayload(t testing.TB, f func(claims map[string]any)) func(map[string]any) {
	return func(resp map[string]any) {
		tok := fmt.Sprint(resp["id_token"])
		claims, err := Claims(tok)
		if err != nil {
			t.Errorf("oidctest: %v", err)
			return
		}
		f(claims)
		payload, _ := json.Marshal(claims)
		parts := strings.Split(tok, ".")
		parts[1] = base64.RawURLEncoding.EncodeToString(payload)
		resp["id_token"] = strings.Join(parts, ".")
	}
}

// Claims decodes a JWT's payload without verifying it.
func Claims(token string) (map[string]any, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, fmt.Errorf("%q is not a JWT", token)
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, fmt.Errorf("JWT payload: %w", err)
	}
	var claims map[string]any
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	if err := dec.Decode(&claims); err != nil {
		return nil, fmt.Errorf("JWT payload: %w", err)
	}
	return claims, nil
}

// Authorize plays the user's browser at the OP: it requests authURL (as
// returned by a provider's AuthCodeURL), does not follow the redirect, and
// returns the parameters the OP sent to the callback URL.
func Authorize(t testing.TB, authURL string) url.Values {
	t.Helper()
	return Redirect(t, authURL).Query()
}

// Redirect requests authURL without following redirects and returns where
// the OP sent the browser: the callback URL with code and state, or with
// error. Flow tests pass it on to the gatehouse handler.
func Redirect(t testing.TB, authURL string) *url.URL {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(authURL)
	if err != nil {
		t.Fatalf("oidctest: authorize: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		t.Fatalf("oidctest: authorize answered HTTP %d, not a redirect: %s", resp.StatusCode, b.String())
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatalf("oidctest: authorize redirect: %v", err)
	}
	return loc
}
