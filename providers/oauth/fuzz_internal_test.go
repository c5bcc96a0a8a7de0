package oauth

import (
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// FuzzTokenResponse feeds arbitrary token endpoint bodies to the parsing of
// non-standard fields and expiry.
func FuzzTokenResponse(f *testing.F) {
	f.Add([]byte(`{"access_token":"a","expires_in":3600,"x":{"y":[1,2.5,"z"]}}`), "application/json")
	f.Add([]byte(`access_token=a&expires_in=60&scope=a%2Cb&extra=1`), "application/x-www-form-urlencoded")
	f.Add([]byte(`{"expires_in":"99999999999999999999","id_token":7}`), "application/json; charset=utf-8")
	f.Add([]byte(`%%%`), "text/plain")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		c := &capture{body: body, contentType: contentType}
		raw := c.fields()
		tok := makeTokens(&oauth2.Token{AccessToken: "a"}, raw, time.Unix(1_700_000_000, 0))
		for k := range tok.Extra {
			if standardTokenFields[k] {
				t.Fatalf("Extra has standard field %q", k)
			}
		}
		if tok.ExpiresAt < 0 {
			t.Fatalf("ExpiresAt = %d", tok.ExpiresAt)
		}
		_ = String(raw, "scope")
		_ = Bool(raw, "email_verified")
	})
}
