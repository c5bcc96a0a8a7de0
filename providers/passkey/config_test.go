package passkey_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/passkey"
	"github.com/gatehouse-go/gatehouse/providers/passkey/passkeytest"
)

func TestNewConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  passkey.Config
		want string // error substring; "" for none
	}{
		{"zero", passkey.Config{}, ""},
		{"required UV", passkey.Config{UserVerification: "required"}, ""},
		{"bad UV", passkey.Config{UserVerification: "always"}, `UserVerification "always"`},
		{"negative timeout", passkey.Config{Timeout: -time.Second}, "Timeout"},
		{"bad origin", passkey.Config{Origins: []string{"example.com"}}, "is not an origin"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := passkey.New(tc.cfg)
			switch {
			case tc.want == "" && err != nil:
				t.Fatal(err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("New = %v, want an error about %q", err, tc.want)
			case tc.want == "":
				if info := p.Info(); info.ID != "passkey" || info.Name != "Passkey" {
					t.Errorf("Info = %+v, want passkey/Passkey (Auth.js's defaults)", info)
				}
			}
		})
	}
}

// TestRelyingPartyOverride: RPID, RPName and Origins replace what the site
// gives, in the options and in verification.
func TestRelyingPartyOverride(t *testing.T) {
	p, err := passkey.New(passkey.Config{RPID: "example.com", RPName: "Example", Origins: []string{"https://app.example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	site := providers.RelyingParty{ID: "localhost", Name: "localhost:3000", Origins: []string{"http://localhost:3000"}}
	ctx := context.Background()
	for _, tc := range []struct {
		origin string
		ok     bool
	}{{"https://app.example.com", true}, {"http://localhost:3000", false}} {
		opts, state, err := p.BeginRegistration(ctx, site, providers.WebAuthnUser{Email: "a@example.com"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var o struct{ RP struct{ ID, Name string } }
		_ = json.Unmarshal(opts, &o)
		if o.RP.ID != "example.com" || o.RP.Name != "Example" {
			t.Errorf("rp = %+v, want example.com / Example", o.RP)
		}
		resp, err := passkeytest.New(tc.origin).Register(opts)
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.FinishRegistration(ctx, site, state, resp)
		if (err == nil) != tc.ok {
			t.Errorf("registration from %s: err = %v, want ok %v", tc.origin, err, tc.ok)
		}
	}
}
