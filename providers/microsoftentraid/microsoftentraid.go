package microsoftentraid

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// ID is the provider id.
const ID = "microsoft-entra-id"

// ConsumersTenantID is the tenant of personal Microsoft accounts.
const ConsumersTenantID = "9188040d-6c67-4c5b-b112-36a304b66dad"

// Options configures the provider.
type Options struct {
	oauth.Options
	// Tenant is a tenant id (GUID) or one of "common", "organizations" and
	// "consumers". (A domain name does not work: Entra's discovery document
	// names the GUID issuer, which then differs from the configured one.) Ignored when Options.Issuer or
	// AUTH_MICROSOFT_ENTRA_ID_ISSUER is set. Default: "common".
	Tenant string
}

// IssuerFor returns the v2.0 issuer URL of tenant.
func IssuerFor(tenant string) string {
	return "https://login.microsoftonline.com/" + url.PathEscape(tenant) + "/v2.0"
}

// Service is Microsoft Entra ID on the "common" tenant;
// services.MicrosoftEntraID is the same value. New picks another tenant.
var Service = oauth.Service{
	Config: oauth.Config{
		ID: ID, Name: "Microsoft Entra ID", Issuer: IssuerFor("common"),
		Style:   providers.Style{Background: "#0072c6", Text: "#fff"},
		Scopes:  []string{"openid", "profile", "email", "User.Read"},
		Profile: Profile,
	},
	Setup: verifyTenants,
}

// New returns the Microsoft Entra ID provider for o.Tenant.
func New(o Options) (*oauth.Provider, error) {
	s := Service
	if o.Tenant != "" {
		s.Config.Issuer = IssuerFor(o.Tenant)
	}
	return s.New(o.Options)
}

// verifyTenants makes a provider on a multi-tenant issuer accept ID tokens
// from each user's own tenant (see VerifyTenantIssuer).
func verifyTenants(c *oauth.Config, _ oauth.Options) error {
	if kind := multiTenant(c.Issuer); kind != "" {
		c.VerifyIssuer = func(iss string, claims map[string]any) error {
			return VerifyTenantIssuer(kind, iss, claims)
		}
	}
	return nil
}

// multiTenant returns "common", "organizations" or "consumers" when issuer
// is one of the multi-tenant issuers, else "".
func multiTenant(issuer string) string {
	for _, kind := range []string{"common", "organizations", "consumers"} {
		if strings.EqualFold(strings.TrimSuffix(issuer, "/"), IssuerFor(kind)) {
			return kind
		}
	}
	return ""
}

// VerifyTenantIssuer checks an ID token from a multi-tenant issuer (kind
// "common", "organizations" or "consumers"): iss must be the issuer of the
// token's own tenant ("tid"), personal accounts are refused for
// "organizations" and required for "consumers".
func VerifyTenantIssuer(kind, iss string, claims map[string]any) error {
	tid := oauth.String(claims, "tid")
	if tid == "" {
		return errors.New("the ID token has no tid claim")
	}
	if want := IssuerFor(tid); iss != want {
		return fmt.Errorf("issuer %q is not the token tenant's issuer %q", iss, want)
	}
	switch {
	case kind == "organizations" && tid == ConsumersTenantID:
		return errors.New("a personal Microsoft account cannot sign in to an organizations-only application")
	case kind == "consumers" && tid != ConsumersTenantID:
		return errors.New("only personal Microsoft accounts can sign in to a consumers-only application")
	}
	return nil
}

// Profile maps Entra ID token claims: sub, name, email (verified only with
// xms_edov).
func Profile(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
	p, err := oauth.StandardProfile(c, t)
	if err != nil {
		return nil, err
	}
	p.EmailVerified = oauth.Bool(c, "xms_edov")
	return p, nil
}
