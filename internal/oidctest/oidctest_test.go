package oidctest_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

func TestOPServesDiscovery(t *testing.T) {
	op := oidctest.StartOP(t)
	var doc map[string]any
	if err := oauth.GetJSON(context.Background(), nil, op.DiscoveryEndpoint(), "", &doc); err != nil {
		t.Fatal(err)
	}
	if oauth.String(doc, "issuer") != op.Issuer() {
		t.Errorf("issuer = %v, want %s", doc["issuer"], op.Issuer())
	}
}

func TestFakeRoutesByHost(t *testing.T) {
	f := oidctest.NewFake(t)
	f.JSON("https://a.example/x", http.StatusOK, `{"host":"a"}`)
	f.JSON("https://b.example/x", http.StatusTeapot, `{"host":"b"}`)
	var got map[string]any
	if err := oauth.GetJSON(context.Background(), f.Client(), "https://a.example/x?q=1", "tok", &got); err != nil || got["host"] != "a" {
		t.Errorf("a.example = %v, %v", got, err)
	}
	if err := oauth.GetJSON(context.Background(), f.Client(), "https://b.example/x", "", &got); err == nil {
		t.Errorf("b.example answered 418 but GetJSON succeeded")
	}
	reqs := f.Requests("https://a.example/x")
	if len(reqs) != 1 || reqs[0].Header.Get("Authorization") != "Bearer tok" || reqs[0].URL.Query().Get("q") != "1" {
		t.Errorf("requests = %+v", reqs)
	}
}

func TestRedirectCarriesCodeAndState(t *testing.T) {
	op := oidctest.StartOP(t)
	q := url.Values{"client_id": {op.ClientID}, "response_type": {"code"}, "scope": {"openid"},
		"state": {"st"}, "redirect_uri": {"https://app.example/cb"}}
	loc := oidctest.Redirect(t, op.AuthorizationEndpoint()+"?"+q.Encode())
	if loc.Host != "app.example" || loc.Path != "/cb" || loc.Query().Get("state") != "st" || loc.Query().Get("code") == "" {
		t.Errorf("redirect = %s", loc)
	}
}

const testRedirect = "https://app.example/cb"

// code runs the authorization request with extra parameters and returns the
// code the OP sent back.
func code(t *testing.T, op *oidctest.OP, extra url.Values) string {
	t.Helper()
	q := url.Values{"client_id": {op.ClientID}, "response_type": {"code"}, "scope": {"openid email profile"},
		"state": {"st"}, "redirect_uri": {testRedirect}, "nonce": {"n-1"}}
	for k, v := range extra {
		q[k] = v
	}
	c := oidctest.Authorize(t, op.AuthorizationEndpoint()+"?"+q.Encode()).Get("code")
	if c == "" {
		t.Fatal("no code")
	}
	return c
}

// post sends a token request and decodes the JSON answer.
func post(t *testing.T, op *oidctest.OP, form url.Values, basic bool) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", op.TokenEndpoint(), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basic {
		req.SetBasicAuth(url.QueryEscape(op.ClientID), url.QueryEscape(op.ClientSecret))
	}
	return doJSON(t, req)
}

func doJSON(t *testing.T, req *http.Request) (int, map[string]any) {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	return res.StatusCode, body
}

func TestTokenEndpoint(t *testing.T) {
	verifier := "v-0123456789-0123456789-0123456789-0123456789"
	sum := sha256.Sum256([]byte(verifier))
	s256 := base64.RawURLEncoding.EncodeToString(sum[:])
	tests := []struct {
		name     string
		authz    url.Values // extra authorization parameters
		form     func(op *oidctest.OP, code string) url.Values
		basic    bool
		status   int
		errCode  string
		replayed bool // redeem the code once before
	}{
		{name: "client_secret_basic", basic: true, status: 200},
		{name: "client_secret_post", form: func(op *oidctest.OP, c string) url.Values {
			return url.Values{"client_id": {op.ClientID}, "client_secret": {op.ClientSecret}}
		}, status: 200},
		{name: "wrong secret", form: func(op *oidctest.OP, c string) url.Values {
			return url.Values{"client_id": {op.ClientID}, "client_secret": {"nope"}}
		}, status: 401, errCode: "invalid_client"},
		{name: "no client authentication", status: 401, errCode: "invalid_client"},
		{name: "two authentication methods", basic: true, form: func(op *oidctest.OP, c string) url.Values {
			return url.Values{"client_secret": {op.ClientSecret}}
		}, status: 401, errCode: "invalid_request"},
		{name: "PKCE S256", authz: url.Values{"code_challenge": {s256}, "code_challenge_method": {"S256"}}, basic: true,
			form: func(*oidctest.OP, string) url.Values { return url.Values{"code_verifier": {verifier}} }, status: 200},
		{name: "PKCE S256 wrong verifier", authz: url.Values{"code_challenge": {s256}, "code_challenge_method": {"S256"}}, basic: true,
			form: func(*oidctest.OP, string) url.Values { return url.Values{"code_verifier": {verifier + "x"}} }, status: 400, errCode: "invalid_grant"},
		{name: "PKCE verifier missing", authz: url.Values{"code_challenge": {s256}, "code_challenge_method": {"S256"}}, basic: true, status: 400, errCode: "invalid_grant"},
		{name: "PKCE plain", authz: url.Values{"code_challenge": {verifier}}, basic: true,
			form: func(*oidctest.OP, string) url.Values { return url.Values{"code_verifier": {verifier}} }, status: 200},
		{name: "other redirect_uri", basic: true, form: func(*oidctest.OP, string) url.Values {
			return url.Values{"redirect_uri": {"https://evil.example/cb"}}
		}, status: 400, errCode: "invalid_grant"},
		{name: "code used twice", basic: true, replayed: true, status: 400, errCode: "invalid_grant"},
		{name: "unknown code", basic: true, form: func(*oidctest.OP, string) url.Values { return url.Values{"code": {"forged"}} }, status: 400, errCode: "invalid_grant"},
		{name: "unsupported grant", basic: true, form: func(*oidctest.OP, string) url.Values {
			return url.Values{"grant_type": {"password"}}
		}, status: 400, errCode: "unsupported_grant_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op := oidctest.StartOP(t)
			c := code(t, op, tt.authz)
			form := url.Values{"grant_type": {"authorization_code"}, "code": {c}, "redirect_uri": {testRedirect}}
			if tt.form != nil {
				for k, v := range tt.form(op, c) {
					form[k] = v
				}
			}
			if tt.replayed {
				if st, body := post(t, op, form, tt.basic); st != 200 {
					t.Fatalf("first redemption: %d %v", st, body)
				}
			}
			st, body := post(t, op, form, tt.basic)
			if st != tt.status || (tt.errCode != "" && body["error"] != tt.errCode) {
				t.Fatalf("answer %d %v, want %d %q", st, body, tt.status, tt.errCode)
			}
			if st == 200 && (body["access_token"] == "" || body["id_token"] == nil || body["expires_in"] != float64(600)) {
				t.Errorf("token response %v", body)
			}
		})
	}
}

// TestIDTokenVerifies checks the ID token against the OP's published keys
// with go-oidc, as a relying party would, and its nonce and at_hash.
func TestIDTokenVerifies(t *testing.T) {
	op := oidctest.StartOP(t)
	op.QueueUser(&oidctest.User{Subject: "s-1", Email: "s@example.com", EmailVerified: true, Phone: "1", Groups: []string{"g"}})
	st, body := post(t, op, url.Values{"grant_type": {"authorization_code"}, "code": {code(t, op, nil)}, "redirect_uri": {testRedirect}}, true)
	if st != 200 {
		t.Fatalf("token: %d %v", st, body)
	}
	ctx := context.Background()
	provider, err := oidc.NewProvider(ctx, op.Issuer())
	if err != nil {
		t.Fatal(err)
	}
	idt, err := provider.Verifier(&oidc.Config{ClientID: op.ClientID}).Verify(ctx, body["id_token"].(string))
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if err := idt.VerifyAccessToken(body["access_token"].(string)); err != nil {
		t.Errorf("at_hash: %v", err)
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"sub": "s-1", "nonce": "n-1", "email": "s@example.com", "email_verified": true, "phone_number": "1"}
	for k, v := range want {
		if claims[k] != v {
			t.Errorf("claim %s = %v, want %v", k, claims[k], v)
		}
	}
	if _, ok := claims["groups"]; ok {
		t.Error("groups released without the groups scope")
	}
}

func TestUserinfoAndRefresh(t *testing.T) {
	op := oidctest.StartOP(t)
	op.QueueUser(&oidctest.User{Subject: "u-2", Email: "u2@example.com", Groups: []string{"ops"}})
	_, tok := post(t, op, url.Values{"grant_type": {"authorization_code"}, "redirect_uri": {testRedirect},
		"code": {code(t, op, url.Values{"scope": {"openid groups"}})}}, true)
	userinfo := func(access string) (int, map[string]any) {
		req, _ := http.NewRequest("GET", op.UserinfoEndpoint(), nil)
		req.Header.Set("Authorization", "Bearer "+access)
		return doJSON(t, req)
	}
	if st, info := userinfo(tok["access_token"].(string)); st != 200 || info["sub"] != "u-2" || info["email"] != nil || info["groups"] == nil {
		t.Errorf("userinfo = %d %v, want sub and groups only", st, info)
	}
	if st, _ := userinfo("forged"); st != 401 {
		t.Errorf("userinfo with a forged token = %d", st)
	}
	refresh := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}}
	op.FastForward(11 * time.Minute)
	if st, _ := userinfo(tok["access_token"].(string)); st != 401 {
		t.Errorf("userinfo with an expired token = %d", st)
	}
	st, fresh := post(t, op, refresh, true)
	if st != 200 || fresh["access_token"] == tok["access_token"] || fresh["id_token"] == nil {
		t.Fatalf("refresh = %d %v", st, fresh)
	}
	if st, _ := userinfo(fresh["access_token"].(string)); st != 200 {
		t.Errorf("userinfo with the refreshed token = %d", st)
	}
	op.FastForward(time.Hour)
	if st, body := post(t, op, refresh, true); st != 400 || body["error"] != "invalid_grant" {
		t.Errorf("refresh after RefreshTTL = %d %v", st, body)
	}
}

func TestAuthorizeErrors(t *testing.T) {
	op := oidctest.StartOP(t)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	tests := []struct {
		name     string
		q        url.Values
		status   int
		redirErr string // the error sent to the redirect_uri
	}{
		{"unknown client", url.Values{"client_id": {"x"}, "redirect_uri": {testRedirect}, "response_type": {"code"}}, 400, ""},
		{"relative redirect_uri", url.Values{"client_id": {op.ClientID}, "redirect_uri": {"/cb"}, "response_type": {"code"}}, 400, ""},
		{"implicit flow", url.Values{"client_id": {op.ClientID}, "redirect_uri": {testRedirect}, "response_type": {"token"}}, 302, "unsupported_response_type"},
		{"PKCE method", url.Values{"client_id": {op.ClientID}, "redirect_uri": {testRedirect}, "response_type": {"code"},
			"code_challenge": {"c"}, "code_challenge_method": {"S512"}}, 302, "invalid_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.q.Set("state", "st")
			res, err := client.Get(op.AuthorizationEndpoint() + "?" + tt.q.Encode())
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			loc, _ := url.Parse(res.Header.Get("Location"))
			if res.StatusCode != tt.status || (tt.redirErr != "" && (loc.Query().Get("error") != tt.redirErr || loc.Query().Get("state") != "st")) {
				t.Errorf("answer %d to %q, want %d with error %q", res.StatusCode, loc, tt.status, tt.redirErr)
			}
		})
	}
}

func TestQueuedErrorAnswersTheNextRequest(t *testing.T) {
	op := oidctest.StartOP(t)
	op.QueueError(&oidctest.ServerError{Code: 503, Error: "temporarily_unavailable", Description: "later"})
	req, _ := http.NewRequest("GET", op.DiscoveryEndpoint(), nil)
	if st, body := doJSON(t, req); st != 503 || body["error"] != "temporarily_unavailable" {
		t.Errorf("first request = %d %v", st, body)
	}
	if st, body := doJSON(t, req); st != 200 || body["issuer"] != op.Issuer() {
		t.Errorf("second request = %d %v", st, body)
	}
}
