package oauth_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// FuzzExchangeCallback feeds arbitrary callback parameters (a query string
// or form body, as the handler receives them) to Exchange.
func FuzzExchangeCallback(f *testing.F) {
	for _, seed := range []string{
		"code=abc&state=xyz",
		"error=access_denied&error_description=no&state=x",
		"error=&code=",
		"code=a&code=b&iss=https%3A%2F%2Fevil",
		"state=only",
		"error=server_error&error_uri=javascript%3Aalert(1)",
		"%zz&code=1",
	} {
		f.Add(seed)
	}
	fake := oidctest.NewFake(f)
	fake.JSON(tokenURL, http.StatusOK, oidctest.ReadFixture(f, "token.json"))
	fake.JSON(userinfoURL, http.StatusOK, oidctest.ReadFixture(f, "userinfo.json"))
	p, err := oauth.New(oauth.Config{
		ID: "acme", ClientID: "client-1", ClientSecret: secret, AuthURL: authURL, TokenURL: tokenURL,
		UserinfoURL: userinfoURL, Profile: acmeProfile, HTTPClient: fake.Client(),
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		params, _ := url.ParseQuery(raw) // the handler gets whatever parsed
		prof, tok, err := p.Exchange(context.Background(), providers.Callback{RedirectURL: redirectURL, Params: params, CodeVerifier: verifier})
		var ae *providers.AuthError
		switch {
		case params.Get("error") != "":
			if !errors.As(err, &ae) || ae.Code != params.Get("error") || prof != nil || tok != nil {
				t.Fatalf("error callback %q: got %v, %v, %v", raw, prof, tok, err)
			}
		case params.Get("code") == "":
			if !errors.Is(err, oauth.ErrCallback) || prof != nil {
				t.Fatalf("callback %q without code: got %v, %v", raw, prof, err)
			}
		default:
			if err != nil || prof.ID != "12345678901234567" || tok.AccessToken != "at-1234567890" {
				t.Fatalf("callback %q: got %v, %v, %v", raw, prof, tok, err)
			}
		}
	})
}
