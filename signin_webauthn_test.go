package gatehouse

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
	"github.com/gatehouse-go/gatehouse/providers"
)

// configOnlyWebAuthn is a WebAuthn provider for configuration checks: New
// never runs a ceremony. The ceremonies are tested with the real provider
// in providers/passkey.
type configOnlyWebAuthn struct{}

var errNoCeremony = errors.New("configuration test: no ceremony")

func (configOnlyWebAuthn) Info() providers.Info {
	return providers.Info{ID: "passkey", Name: "Passkey"}
}
func (configOnlyWebAuthn) BeginRegistration(context.Context, providers.RelyingParty, providers.WebAuthnUser, []*adapter.Authenticator) (json.RawMessage, []byte, error) {
	return nil, nil, errNoCeremony
}
func (configOnlyWebAuthn) FinishRegistration(context.Context, providers.RelyingParty, []byte, []byte) (*adapter.Authenticator, error) {
	return nil, errNoCeremony
}
func (configOnlyWebAuthn) BeginAuthentication(context.Context, providers.RelyingParty, []*adapter.Authenticator) (json.RawMessage, []byte, error) {
	return nil, nil, errNoCeremony
}
func (configOnlyWebAuthn) FinishAuthentication(context.Context, providers.RelyingParty, []byte, []byte, *adapter.Authenticator) (int64, error) {
	return 0, errNoCeremony
}

// TestWebAuthnConfig: a passkey provider needs an adapter that stores
// passkeys; a SQL preset without an authenticators table is refused by New
// with a sentence saying so.
func TestWebAuthnConfig(t *testing.T) {
	if got := providers.TypeOf(configOnlyWebAuthn{}); got != providers.TypeWebAuthn {
		t.Fatalf("TypeOf = %q, want webauthn", got)
	}
	tests := []struct {
		name    string
		adapter func(t *testing.T) adapter.Adapter
		want    string // "" for no error
	}{
		{"no adapter", func(*testing.T) adapter.Adapter { return nil }, "passkeys are stored in the adapter"},
		{"memory", func(*testing.T) adapter.Adapter { return memory.New() }, ""},
		{"postgres default preset", func(t *testing.T) adapter.Adapter {
			return sqladapter.New(sqladapter.Config{DB: testsvc.NewPostgres(t).DB, Type: "postgres", Synchronize: true})
		}, ""},
		{"postgres nextauth-v3 preset", func(t *testing.T) adapter.Adapter {
			return sqladapter.New(sqladapter.Config{DB: testsvc.NewPostgres(t).DB, Type: "postgres", Preset: "nextauth-v3", Synchronize: true})
		}, "has no authenticators table"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := Config{Secrets: []string{testSecret}, URL: "https://example.com/api/auth", Providers: []providers.Provider{configOnlyWebAuthn{}}}
			if a := tc.adapter(t); a != nil {
				cfg.Adapter = a
			} else {
				cfg.Session.Strategy = StrategyJWT
			}
			_, err := New(cfg)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("New: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrInvalidConfig)):
				t.Fatalf("New = %v, want an ErrInvalidConfig saying %q", err, tc.want)
			}
		})
	}
}

// TestInferWebAuthnAction is Auth.js's inferWebAuthnOptions table.
func TestInferWebAuthnAction(t *testing.T) {
	user := &providers.WebAuthnUser{Email: "a@example.com"}
	tests := []struct {
		requested string
		loggedIn  bool
		user      *providers.WebAuthnUser
		exists    bool
		want      string
	}{
		{"authenticate", false, nil, false, "authenticate"},
		{"authenticate", true, user, true, "authenticate"},
		{"register", false, user, false, "register"}, // sign-up
		{"register", true, user, true, "register"},   // add a passkey
		{"register", false, user, true, ""},          // an existing user's email, signed out
		{"register", false, nil, false, ""},          // nobody to register
		{"", false, nil, false, "authenticate"},      // usernameless
		{"", false, user, true, "authenticate"},      // a known email
		{"", false, user, false, "register"},         // a new email
		{"", true, user, true, ""},                   // signed in, nothing asked
		{"delete", false, nil, false, ""},
	}
	for _, tc := range tests {
		if got := inferWebAuthnAction(tc.requested, tc.loggedIn, tc.user, tc.exists); got != tc.want {
			t.Errorf("inferWebAuthnAction(%q, loggedIn %v, user %v, exists %v) = %q, want %q", tc.requested, tc.loggedIn, tc.user != nil, tc.exists, got, tc.want)
		}
	}
}
