package microsoftentraid_test

import (
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/microsoftentraid"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

const tid = "72f988bf-86f1-41af-91ab-2d7cd011db47"

func TestMicrosoftEntraID(t *testing.T) {
	tests := []struct {
		name, dir, tenant string
		verified          bool
	}{
		{"common tenant", "common", "", true},
		{"single tenant", "tenant", tid, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tenant := tt.tenant
			if tenant == "" {
				tenant = "common"
			}
			providertest.Run(t, providertest.Case{
				New: func(o oauth.Options) (*oauth.Provider, error) {
					return microsoftentraid.New(microsoftentraid.Options{Options: o, Tenant: tt.tenant})
				},
				Dir: tt.dir, ID: microsoftentraid.ID, Name: "Microsoft Entra ID", Type: providers.TypeOIDC,
				Issuer:    microsoftentraid.IssuerFor(tenant),
				AuthURL:   "https://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/authorize",
				Params:    map[string]string{"scope": "openid profile email User.Read"},
				AuthStyle: "basic",
				Profile: providers.Profile{ID: "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ", Name: "Megan Bowen",
					Email: "MeganB@contoso.com", EmailVerified: tt.verified},
			})
		})
	}
}

func TestVerifyTenantIssuer(t *testing.T) {
	tests := []struct {
		name, kind, iss, tid string
		ok                   bool
	}{
		{"own tenant", "common", microsoftentraid.IssuerFor(tid), tid, true},
		{"issuer of another tenant", "common", microsoftentraid.IssuerFor("11111111-2222-3333-4444-555555555555"), tid, false},
		{"no tid", "common", microsoftentraid.IssuerFor(tid), "", false},
		{"foreign host", "common", "https://evil.example/" + tid + "/v2.0", tid, false},
		{"personal account refused by organizations", "organizations", microsoftentraid.IssuerFor(microsoftentraid.ConsumersTenantID), microsoftentraid.ConsumersTenantID, false},
		{"work account refused by consumers", "consumers", microsoftentraid.IssuerFor(tid), tid, false},
		{"personal account for consumers", "consumers", microsoftentraid.IssuerFor(microsoftentraid.ConsumersTenantID), microsoftentraid.ConsumersTenantID, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			claims := map[string]any{}
			if tt.tid != "" {
				claims["tid"] = tt.tid
			}
			if err := microsoftentraid.VerifyTenantIssuer(tt.kind, tt.iss, claims); (err == nil) != tt.ok {
				t.Errorf("VerifyTenantIssuer = %v, want ok %v", err, tt.ok)
			}
		})
	}
}
