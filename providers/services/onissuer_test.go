package services_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/oidctest"
	"github.com/gatehouse-go/gatehouse/internal/providertest"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/oauth"
	"github.com/gatehouse-go/gatehouse/providers/services"
)

// onIssuerCases are the rows of the services in onissuer.go, whose
// endpoints lie under the issuer an application names.
var onIssuerCases = []providertest.Case{
	// Fixtures: https://boxyhq.com/docs/jackson/sso-flow (token and
	// userinfo answers; the id is the Identity Provider's)
	{
		New: services.BoxyHQSAML.New, ID: "boxyhq-saml", Name: "BoxyHQ SAML", Type: providers.TypeOAuth,
		Issuer: "https://jackson.example.com", NeedsIssuer: true, IssuerBase: true,
		AuthURL: "https://jackson.example.com/api/oauth/authorize", AuthStyle: "basic",
		TokenURL: "https://jackson.example.com/api/oauth/token", UserinfoURL: "https://jackson.example.com/api/oauth/userinfo",
		Params:  map[string]string{"provider": "saml", "scope": ""},
		Profile: providers.Profile{ID: "<id from the Identity Provider>", Name: "SAML Jackson", Email: "jackson@coolstartup.com"},
	},
	// Fixtures: https://docs.frontegg.com/reference/userscontrollerv2_getuserprofile
	// (the user) and https://docs.frontegg.com/docs/hosted-login-oauth
	// (the token answer)
	{
		New: services.Frontegg.New, ID: "frontegg", Name: "Frontegg", Type: providers.TypeOAuth,
		Issuer: "https://app-abc123.frontegg.com", NeedsIssuer: true, IssuerBase: true,
		AuthURL: "https://app-abc123.frontegg.com/oauth/authorize", AuthStyle: "basic",
		TokenURL: "https://app-abc123.frontegg.com/oauth/token", UserinfoURL: "https://app-abc123.frontegg.com/identity/resources/users/v2/me",
		Params:  map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "2b9a5f43-8a62-4b0e-9c3e-6f1f0b2a7d11", Name: "Dana Front", Email: "dana@example.com", EmailVerified: true, Image: "https://www.gravatar.com/avatar/1f9d9a9efc2f523b2f09629444632b5c?d=retro"},
	},
	// Fixtures: https://api.mattermost.com/#tag/users/operation/GetUser
	// (the user) and https://developers.mattermost.com/integrate/apps/authentication/oauth2/
	{
		New: services.Mattermost.New, ID: "mattermost", Name: "Mattermost", Type: providers.TypeOAuth,
		Issuer: "https://chat.example.com", NeedsIssuer: true, IssuerBase: true,
		AuthURL: "https://chat.example.com/oauth/authorize", AuthStyle: "post",
		TokenURL: "https://chat.example.com/oauth/access_token", UserinfoURL: "https://chat.example.com/api/v4/users/me",
		Params:  map[string]string{"scope": ""},
		Profile: providers.Profile{ID: "9yyqc3m8ejfj5ntgkhxa3mnbwr", Name: "sam.smith", Email: "sam.smith@example.com", EmailVerified: true},
	},
	// Fixtures: https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/oauth2.html
	// (the token answer's user_id) and
	// https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/instruction_set_for_users.html
	// (the OCS user)
	{
		New: services.Nextcloud.New, ID: "nextcloud", Name: "Nextcloud", Type: providers.TypeOAuth,
		Issuer: "https://cloud.example.com/", NeedsIssuer: true, IssuerBase: true,
		AuthURL: "https://cloud.example.com/apps/oauth2/authorize", AuthStyle: "basic",
		TokenURL: "https://cloud.example.com/apps/oauth2/api/v1/token", UserinfoURL: "https://cloud.example.com/ocs/v1.php/cloud/users/Frank",
		Params:  map[string]string{"scope": ""},
		Profile: providers.Profile{ID: "Frank", Name: "Frank K.", Email: "frank@example.org", Image: "https://cloud.example.com/avatar/Frank/512"},
		Check: func(t *testing.T, f *oidctest.Fake, _ *oauth.Provider, _ *providers.Tokens) {
			h := f.Requests("https://cloud.example.com/ocs/v1.php/cloud/users/Frank")[0].Header
			if h.Get("OCS-APIRequest") != "true" || h.Get("Accept") != "application/json" || h.Get("Authorization") != "Bearer nc-access-token" {
				t.Errorf("OCS request headers %v, want OCS-APIRequest, JSON and the Bearer token", h)
			}
		},
	},
	// Fixtures: https://ossoapp.com/docs/reference/oauth-api (the /oauth/me
	// answer: id, email, idp, requested)
	{
		New: services.Osso.New, ID: "osso", Name: "Osso", Type: providers.TypeOAuth,
		Issuer: "https://demo.ossoapp.com/", NeedsIssuer: true, IssuerBase: true,
		AuthURL: "https://demo.ossoapp.com/oauth/authorize", AuthStyle: "basic",
		TokenURL: "https://demo.ossoapp.com/oauth/token", UserinfoURL: "https://demo.ossoapp.com/oauth/me",
		Params:  map[string]string{"scope": ""},
		Profile: providers.Profile{ID: "0b46a5e0-3d66-4bb9-a2fa-cc3f6e2d7f20", Email: "user@example.com"},
	},
	// Fixtures: https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_userinfo_endpoint.htm
	// (the userinfo answer) and
	// https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
	// (the token answer)
	{
		New: services.Salesforce.New, ID: "salesforce", Name: "Salesforce", Type: providers.TypeOAuth,
		AuthURL: "https://login.salesforce.com/services/oauth2/authorize", AuthStyle: "basic",
		TokenURL: "https://login.salesforce.com/services/oauth2/token", UserinfoURL: "https://login.salesforce.com/services/oauth2/userinfo",
		Params:  map[string]string{"scope": "openid profile email"},
		Profile: providers.Profile{ID: "https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P", Name: "Admin User", Email: "admin@example.com", EmailVerified: true, Image: "https://yourInstance.file.force.com/profilephoto/005/F"},
	},
	// Fixtures: https://developer.vippsmobilepay.com/api/login/ (token) and
	// https://developer.vippsmobilepay.com/api/userinfo/ (userinfo)
	{
		New: services.Vipps.New, ID: "vipps", Name: "Vipps", Type: providers.TypeOAuth,
		AuthURL: "https://api.vipps.no/access-management-1.0/access/oauth2/auth", AuthStyle: "basic",
		TokenURL: "https://api.vipps.no/access-management-1.0/access/oauth2/token", UserinfoURL: "https://api.vipps.no/access-management-1.0/access/userinfo",
		Params:  map[string]string{"scope": "openid name email"},
		Profile: providers.Profile{ID: "c06c4afe-d9e1-4c5d-939a-177d752a0944", Name: "Ada Lovelace", Email: "user@example.com", EmailVerified: true},
	},
}

// TestOnIssuer checks how the services under an issuer read it: the
// issuer from the environment replaces a default (a Salesforce sandbox),
// a self-hosted service without one says which variable to set, and an
// issuer that is not an address is refused.
func TestOnIssuer(t *testing.T) {
	tests := []struct {
		name     string
		service  oauth.Service
		env      map[string]string
		issuer   string
		wantAuth string
		wantErr  string
	}{
		{
			name: "Salesforce sandbox from AUTH_SALESFORCE_ISSUER", service: services.Salesforce,
			env:      map[string]string{"AUTH_SALESFORCE_ISSUER": "https://test.salesforce.com"},
			wantAuth: "https://test.salesforce.com/services/oauth2/authorize",
		},
		{
			name: "Vipps test environment from Options.Issuer", service: services.Vipps,
			issuer:   "https://apitest.vipps.no/access-management-1.0/access/",
			wantAuth: "https://apitest.vipps.no/access-management-1.0/access/oauth2/auth",
		},
		{
			name: "Nextcloud without an issuer", service: services.Nextcloud,
			wantErr: "AUTH_NEXTCLOUD_ISSUER",
		},
		{
			name: "Mattermost issuer not an address", service: services.Mattermost,
			issuer: "chat.example.com", wantErr: "want the service's address",
		},
		{
			name: "Nextcloud issuer with a query", service: services.Nextcloud,
			issuer: "https://cloud.example.com/?x=1", wantErr: "want the service's address",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range tt.env {
				env[k] = v
			}
			prefix := "AUTH_" + oauth.EnvPrefix(tt.service.Config.ID)
			env[prefix+"_ID"], env[prefix+"_SECRET"] = "id", "secret"
			p, err := tt.service.New(oauth.Options{Issuer: tt.issuer, Getenv: func(k string) string { return env[k] }})
			if tt.wantErr != "" {
				if !errors.Is(err, oauth.ErrConfig) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("New = %v, want ErrConfig containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			u, err := p.AuthCodeURL(t.Context(), providers.AuthRequest{RedirectURL: providertest.RedirectURL, State: "s", CodeChallenge: "c"})
			if err != nil || !strings.HasPrefix(u, tt.wantAuth+"?") {
				t.Errorf("AuthCodeURL = %q, %v; want it at %s", u, err, tt.wantAuth)
			}
			if p.Issuer() != "" {
				t.Errorf("Issuer() = %q, want none: the service is plain OAuth 2.0", p.Issuer())
			}
		})
	}
}

// TestOnIssuerVariables checks the services list AUTH_<ID>_ISSUER among
// their variables, which gatehouse serve and the README show.
func TestOnIssuerVariables(t *testing.T) {
	for _, s := range []oauth.Service{services.BoxyHQSAML, services.Frontegg, services.Mastodon, services.Mattermost, services.Osso, services.Nextcloud, services.Salesforce, services.Vipps} {
		want := "AUTH_" + oauth.EnvPrefix(s.Config.ID) + "_ISSUER"
		if vars := s.Variables(); !strings.Contains(strings.Join(vars, " "), want) {
			t.Errorf("%s Variables() = %v, want %s", s.Config.ID, vars, want)
		}
	}
}

// faceitCases is FACEIT's row. Fixtures:
// https://docs.faceit.com/getting-started/authentication/faceit-connect/
// (the userinfo claims: guid, nickname, email, picture, ...; no "name").
var faceitCases = []providertest.Case{{
	New: services.FACEIT.New, ID: "faceit", Name: "FACEIT", Type: providers.TypeOAuth,
	AuthURL: "https://accounts.faceit.com/accounts", AuthStyle: "basic",
	TokenURL: "https://api.faceit.com/auth/v1/oauth/token", UserinfoURL: "https://api.faceit.com/auth/v1/resources/userinfo",
	Params:  map[string]string{"redirect_popup": "true", "scope": ""},
	Profile: providers.Profile{ID: "6a8ca1b6-66e3-4cd1-8c5b-a8ad2ff4b8e5", Name: "s1mple", Email: "player@example.com", Image: "https://assets.faceit-cdn.net/avatars/6a8ca1b6-66e3-4cd1-8c5b-a8ad2ff4b8e5.jpg"},
}}

func TestProfileNames(t *testing.T) {
	tests := []struct {
		name    string
		service oauth.Service
		doc     map[string]any
		want    string
	}{
		{"FACEIT name", services.FACEIT, map[string]any{"guid": "g", "name": "Full Name", "nickname": "nick"}, "Full Name"},
		{"FACEIT nickname when no name", services.FACEIT, map[string]any{"guid": "g", "nickname": "nick"}, "nick"},
		{"BoxyHQ first name only", services.BoxyHQSAML, map[string]any{"id": "i", "firstName": "Ada"}, "Ada"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := tt.service.Config.Profile(tt.doc, nil)
			if err != nil || p.Name != tt.want {
				t.Errorf("Profile = %+v, %v; want name %q", p, err, tt.want)
			}
		})
	}
}

func TestMattermostName(t *testing.T) {
	p, err := services.Mattermost.Config.Profile(map[string]any{"id": "u1", "first_name": "Sam", "last_name": "Smith"}, nil)
	if err != nil || p.Name != "Sam Smith" {
		t.Errorf("Profile = %+v, %v; want the first and last name when there is no username", p, err)
	}
}

// TestMastodonInstance checks that a Mastodon instance comes from
// AUTH_MASTODON_ISSUER (as in Auth.js) or from Options.BaseURL, which
// wins.
func TestMastodonInstance(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string
		baseURL  string
		wantAuth string
	}{
		{"default", nil, "", "https://mastodon.social/oauth/authorize"},
		{"AUTH_MASTODON_ISSUER", map[string]string{"AUTH_MASTODON_ISSUER": "https://fosstodon.org"}, "", "https://fosstodon.org/oauth/authorize"},
		{"Options.BaseURL", nil, "https://hachyderm.io/", "https://hachyderm.io/oauth/authorize"},
		{"BaseURL over issuer", map[string]string{"AUTH_MASTODON_ISSUER": "https://fosstodon.org"}, "https://hachyderm.io", "https://hachyderm.io/oauth/authorize"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"AUTH_MASTODON_ID": "id", "AUTH_MASTODON_SECRET": "secret"}
			for k, v := range tt.env {
				env[k] = v
			}
			p, err := services.Mastodon.New(oauth.Options{BaseURL: tt.baseURL, Getenv: func(k string) string { return env[k] }})
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			u, err := p.AuthCodeURL(t.Context(), providers.AuthRequest{RedirectURL: providertest.RedirectURL, State: "s", CodeChallenge: "c"})
			if err != nil || !strings.HasPrefix(u, tt.wantAuth+"?") {
				t.Errorf("AuthCodeURL = %q, %v; want it at %s", u, err, tt.wantAuth)
			}
		})
	}
}

// TestDescopeIssuer checks that Descope's issuer is derived from the
// client id (the project id) as in Auth.js, and that a given issuer wins.
func TestDescopeIssuer(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		opt  string
		want string
	}{
		{"from AUTH_DESCOPE_ID", nil, "", "https://api.descope.com/P2abcDEF123456"},
		{"AUTH_DESCOPE_ISSUER wins", map[string]string{"AUTH_DESCOPE_ISSUER": "https://auth.example.com/P2abcDEF123456"}, "", "https://auth.example.com/P2abcDEF123456"},
		{"Options.Issuer wins", nil, "https://api.euc1.descope.com/P2abcDEF123456", "https://api.euc1.descope.com/P2abcDEF123456"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"AUTH_DESCOPE_ID": "P2abcDEF123456", "AUTH_DESCOPE_SECRET": "secret"}
			for k, v := range tt.env {
				env[k] = v
			}
			p, err := services.Descope.New(oauth.Options{Issuer: tt.opt, Getenv: func(k string) string { return env[k] }})
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if p.Issuer() != tt.want {
				t.Errorf("Issuer() = %q, want %q", p.Issuer(), tt.want)
			}
		})
	}
}
