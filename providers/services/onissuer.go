package services

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
)

// The plain OAuth 2.0 services whose endpoints lie under an address each
// application names, as Auth.js's `issuer` option of the same provider:
// Options.Issuer or AUTH_<ID>_ISSUER is the base of the service's paths
// (a self-hosted Nextcloud or Mattermost, a Salesforce My Domain or
// sandbox). Salesforce and Vipps are OpenID Connect services whose
// Auth.js providers set `idToken: false` (the profile comes from the
// userinfo endpoint only); here they are plain OAuth 2.0 on the documented
// endpoints under their issuer, so no ID token is required or verified.
var (
	// BoxyHQSAML is a self-hosted BoxyHQ SAML Jackson, the SAML-to-OAuth
	// bridge: authorization parameter provider=saml (the app passes tenant
	// and product at sign-in), the userinfo's id, email, and first and last
	// name.
	BoxyHQSAML = onIssuer(oauth.Config{
		ID: "boxyhq-saml", Name: "BoxyHQ SAML",
		Style:      providers.Style{Background: "#25c2a0", Text: "#fff"},
		AuthParams: url.Values{"provider": {"saml"}},
		AuthStyle:  oauth.AuthStyleBasic,
		Profile:    boxyHQProfile,
	}, "", "https://jackson.example.com", paths{auth: "/api/oauth/authorize", token: "/api/oauth/token", userinfo: "/api/oauth/userinfo"})

	// Frontegg is a Frontegg workspace's hosted login, its issuer the
	// workspace's address. Auth.js's Frontegg provider is OpenID Connect
	// with discovery at <issuer>/oauth/.well-known/openid-configuration, a
	// path the oauth package's discovery does not take; here it is plain
	// OAuth 2.0 on the same endpoints, its profile the user
	// /identity/resources/users/v2/me returns: id, name, email,
	// profilePictureUrl, and verified for the email.
	Frontegg = onIssuer(oauth.Config{
		ID: "frontegg", Name: "Frontegg",
		Style:     providers.Style{Background: "#000", Text: "#fff"},
		Scopes:    []string{"openid", "profile", "email"},
		AuthStyle: oauth.AuthStyleBasic,
		Profile:   fields{ID: "id", Name: "name", Email: "email", Image: "profilePictureUrl", Verified: "verified"}.profile,
	}, "", "https://app-abc123.frontegg.com", paths{auth: "/oauth/authorize", token: "/oauth/token", userinfo: "/identity/resources/users/v2/me"})

	// Mattermost is a self-hosted Mattermost server: client_secret_post,
	// /api/v4/users/me's id, username (else first and last name) and email.
	Mattermost = onIssuer(oauth.Config{
		ID: "mattermost", Name: "Mattermost",
		Style:     providers.Style{Background: "#000", Text: "#fff"},
		AuthStyle: oauth.AuthStylePost,
		Profile:   mattermostProfile,
	}, "", "https://mattermost.example.com", paths{auth: "/oauth/authorize", token: "/oauth/access_token", userinfo: "/api/v4/users/me"})

	// Nextcloud is a self-hosted Nextcloud server: the OCS user named by
	// the token answer's user_id (id, displayname, email), and the
	// server's 512-pixel avatar of that user.
	Nextcloud = onIssuer(oauth.Config{
		ID: "nextcloud", Name: "Nextcloud",
		Style:     providers.Style{Background: "#fff", Text: "#0082C9"},
		AuthStyle: oauth.AuthStyleBasic,
		Userinfo:  nextcloudUser,
	}, "", "https://cloud.example.com", paths{
		auth: "/apps/oauth2/authorize", token: "/apps/oauth2/api/v1/token", userinfo: "/ocs/v1.php/cloud/users",
		profile: func(base string) oauth.ProfileFunc {
			return func(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
				p, err := fields{ID: "id", Name: "displayname", Email: "email"}.profile(c, t)
				if err != nil {
					return nil, err
				}
				p.Image = base + "/avatar/" + url.PathEscape(p.ID) + "/512"
				return p, nil
			}
		},
	})

	// Osso is a self-hosted Osso SAML gateway: /oauth/me's id and email.
	Osso = onIssuer(oauth.Config{
		ID: "osso", Name: "Osso",
		Style:     providers.Style{Background: "#000", Text: "#fff"},
		AuthStyle: oauth.AuthStyleBasic,
		Profile:   fields{ID: "id", Email: "email"}.profile,
	}, "", "https://demo.ossoapp.com", paths{auth: "/oauth/authorize", token: "/oauth/token", userinfo: "/oauth/me"})

	// Salesforce is Salesforce on login.salesforce.com, or the issuer
	// given (https://test.salesforce.com for a sandbox, a My Domain): the
	// userinfo endpoint's standard claims (sub is the user's identity URL).
	Salesforce = onIssuer(oauth.Config{
		ID: "salesforce", Name: "Salesforce",
		Style:     providers.Style{Background: "#00a1e0", Text: "#fff"},
		Scopes:    []string{"openid", "profile", "email"},
		AuthStyle: oauth.AuthStyleBasic,
		Profile:   fields{Base: true, Verified: "email_verified"}.profile,
	}, "https://login.salesforce.com", "", paths{auth: "/services/oauth2/authorize", token: "/services/oauth2/token", userinfo: "/services/oauth2/userinfo"})

	// Vipps is Vipps MobilePay Login on its production issuer (give
	// https://apitest.vipps.no/access-management-1.0/access as the issuer
	// for the test environment): scope "openid name email", the userinfo
	// endpoint's standard claims.
	Vipps = onIssuer(oauth.Config{
		ID: "vipps", Name: "Vipps",
		Style:     providers.Style{Background: "#f05c18", Text: "#fff"},
		Scopes:    []string{"openid", "name", "email"},
		AuthStyle: oauth.AuthStyleBasic,
		Profile:   fields{Base: true, Verified: "email_verified"}.profile,
	}, "https://api.vipps.no/access-management-1.0/access", "", paths{auth: "/oauth2/auth", token: "/oauth2/token", userinfo: "/userinfo"})
)

// paths are an onIssuer service's endpoints below its issuer, and, when
// its profile mapping needs the issuer (Nextcloud's avatar), a function
// returning that mapping.
type paths struct {
	auth, token, userinfo string
	profile               func(base string) oauth.ProfileFunc
}

// onIssuer returns the plain OAuth 2.0 service cfg whose endpoints are p
// under the issuer: Options.Issuer, AUTH_<ID>_ISSUER, else def. Without
// def the issuer is required and its error quotes example. The service
// reads the issuer as an OpenID Connect service does (its Config has an
// Issuer, or none and an IssuerExample); Setup then moves it into the
// endpoints, so the provider is plain OAuth 2.0.
func onIssuer(cfg oauth.Config, def, example string, p paths) oauth.Service {
	cfg.Issuer = def
	return oauth.Service{
		Config:        cfg,
		IssuerExample: example,
		Setup: func(c *oauth.Config, o oauth.Options) error {
			base := strings.TrimSuffix(oauth.First(o.BaseURL, c.Issuer), "/")
			if u, err := url.Parse(base); err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") || u.RawQuery != "" {
				return fmt.Errorf("%w: provider %q issuer %q: want the service's address, such as %s", oauth.ErrConfig, c.ID, c.Issuer, oauth.First(example, def))
			}
			c.Issuer = ""
			c.AuthURL, c.TokenURL, c.UserinfoURL = base+p.auth, base+p.token, base+p.userinfo
			if p.profile != nil && c.Profile == nil {
				c.Profile = p.profile(base)
			}
			return nil
		},
	}
}

// withBaseURL lets an onIssuer service whose default issuer is its public
// instance (mastodon.social) also take Options.BaseURL, as the services
// with self-hosted instances do; it wins over the issuer.
func withBaseURL(s oauth.Service) oauth.Service {
	s.BaseURL = s.Config.Issuer
	return s
}

// nextcloudUser fetches the OCS user the token answer names in user_id;
// the OCS API wants the OCS-APIRequest header, and wraps the user in
// ocs.data.
func nextcloudUser(ctx context.Context, r oauth.UserinfoRequest) (map[string]any, error) {
	user, _ := r.Tokens.Extra["user_id"].(string)
	if user == "" {
		return nil, errors.New("the Nextcloud token answer has no user_id")
	}
	doc, err := fetchJSON(ctx, r.Client, http.MethodGet, r.URL+"/"+url.PathEscape(user), r.Tokens.AccessToken, map[string]string{"OCS-APIRequest": "true"}, nil)
	if err != nil {
		return nil, err
	}
	data, _ := doc["ocs"].(map[string]any)
	data, _ = data["data"].(map[string]any)
	if data == nil {
		return nil, errors.New("the Nextcloud OCS answer has no ocs.data user")
	}
	return data, nil
}

// boxyHQProfile maps a SAML Jackson user: id, email, and the first and
// last name joined.
func boxyHQProfile(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
	p, err := fields{ID: "id", Email: "email"}.profile(c, t)
	if err != nil {
		return nil, err
	}
	p.Name = fullName(c, "firstName", "lastName")
	return p, nil
}

// mattermostProfile maps a Mattermost user: the username, else first and
// last name.
func mattermostProfile(c map[string]any, t *providers.Tokens) (*providers.Profile, error) {
	p, err := fields{ID: "id", Name: "username", Email: "email", Verified: "email_verified"}.profile(c, t)
	if err != nil {
		return nil, err
	}
	if p.Name == "" {
		p.Name = fullName(c, "first_name", "last_name")
	}
	return p, nil
}
