package oidctest_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

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
