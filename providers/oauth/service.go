package oauth

import (
	"fmt"
	"strings"
)

// Service is a sign-in service as data: the part of a provider's Config
// that every application using the service shares, in the manner of
// golang.org/x/oauth2/endpoints. The built-in services are values in
// providers/services (services.Google, services.Okta, ...), and
// services.All lists them. An application describes another service the
// same way and gets, from New, the built-ins' handling of Options and of
// the AUTH_<ID>_* environment variables.
type Service struct {
	// Config is the service's part of a provider's Config: ID, Name and
	// Style; Issuer (OpenID Connect) or AuthURL, TokenURL and UserinfoURL
	// (OAuth 2.0); Scopes, AuthParams, AuthStyle, Userinfo and Profile. A
	// Config with neither Issuer nor AuthURL is a self-hosted OpenID Connect
	// service: each application names its issuer. New fills in the rest.
	Config Config
	// IssuerExample shows what the issuer of a self-hosted OpenID Connect
	// service looks like ("https://dev-123456.okta.com/oauth2/default"). The
	// error for a missing issuer quotes it. Default: none.
	IssuerExample string
	// BaseURL is the address of the public instance of a service that can
	// also be self-hosted ("https://gitlab.com"). Options.BaseURL moves every
	// endpoint of Config that lies under it to the self-hosted address.
	// Default: empty, the service refuses Options.BaseURL.
	BaseURL string
	// Env names the further environment variables the service reads
	// through Options.Getenv, by their suffix after AUTH_<ID>_ ("TEAM_ID"
	// for Apple's AUTH_APPLE_TEAM_ID). Default: none.
	Env []string
	// Setup, for a service with code of its own, completes the Config
	// after Options are applied (Apple's client secret JWT, Microsoft Entra
	// ID's tenant issuers, GitHub Enterprise Server's API address). It is
	// given the Options to read its own settings. Default: nil.
	Setup func(c *Config, o Options) error
}

// New returns a provider for the service: its Config with o applied (see
// Options), completed by Setup, and checked as New(Config) checks it.
func (s Service) New(o Options) (*Provider, error) {
	cfg, err := s.config(o)
	if err != nil {
		return nil, err
	}
	if err := checkCredentials(cfg, o); err != nil {
		return nil, err
	}
	return New(cfg)
}

// Variables returns the environment variables a provider for the service
// reads through Options.Getenv under the service's own id (Options.ID
// changes <ID>): AUTH_<ID>_ID and AUTH_<ID>_SECRET, AUTH_<ID>_ISSUER unless
// the service is plain OAuth 2.0, and AUTH_<ID>_X for each X in Env.
func (s Service) Variables() []string {
	prefix := "AUTH_" + EnvPrefix(s.Config.ID) + "_"
	vars := []string{prefix + "ID", prefix + "SECRET"}
	if !s.Config.oauth2Only() {
		vars = append(vars, prefix+"ISSUER")
	}
	for _, suffix := range s.Env {
		vars = append(vars, prefix+suffix)
	}
	return vars
}

// config returns s.Config with o applied and Setup run. A plain OAuth 2.0
// service refuses an issuer; any other takes its issuer from o, then the
// environment, then its own, and fails when there is none.
func (s Service) config(o Options) (Config, error) {
	cfg := s.Config
	if o.ID != "" {
		cfg.ID = o.ID
	}
	if o.Name != "" {
		cfg.Name = o.Name
	}
	if o.BaseURL != "" {
		if err := s.rebase(&cfg, o.BaseURL); err != nil {
			return cfg, err
		}
	}
	cfg.ClientID = First(o.ClientID, o.Env(cfg.ID, "ID"))
	cfg.ClientSecret = First(o.ClientSecret, o.Env(cfg.ID, "SECRET"))
	issuer := First(o.Issuer, o.Env(cfg.ID, "ISSUER"))
	switch {
	case s.Config.oauth2Only():
		if issuer != "" {
			return cfg, fmt.Errorf("%w: provider %q is OAuth 2.0 and takes no Issuer", ErrConfig, cfg.ID)
		}
	case issuer != "":
		cfg.Issuer = issuer
	case cfg.Issuer == "":
		example := ""
		if s.IssuerExample != "" {
			example = ", such as " + s.IssuerExample
		}
		return cfg, fmt.Errorf("%w: provider %q needs an issuer URL%s: set Options.Issuer or AUTH_%s_ISSUER", ErrConfig, cfg.ID, example, EnvPrefix(cfg.ID))
	}
	if o.Scopes != nil {
		cfg.Scopes = o.Scopes
	}
	if len(o.AuthParams) > 0 {
		params := cloneValues(s.Config.AuthParams)
		for k, v := range o.AuthParams {
			params[k] = append([]string(nil), v...)
		}
		cfg.AuthParams = params
	}
	if o.Profile != nil {
		cfg.Profile = o.Profile
	}
	if o.HTTPClient != nil {
		cfg.HTTPClient = o.HTTPClient
	}
	if o.Now != nil {
		cfg.Now = o.Now
	}
	cfg.AllowDangerousEmailAccountLinking = o.AllowDangerousEmailAccountLinking
	if s.Setup != nil {
		if err := s.Setup(&cfg, o); err != nil {
			return cfg, err
		}
	}
	return cfg, nil
}

// rebase moves the endpoints of cfg that lie under s.BaseURL to the
// self-hosted address raw.
func (s Service) rebase(cfg *Config, raw string) error {
	if s.BaseURL == "" {
		return fmt.Errorf("%w: provider %q has no self-hosted instances; Options.BaseURL is for services such as GitLab", ErrConfig, cfg.ID)
	}
	if err := checkURL(raw); err != nil {
		return fmt.Errorf("%w: provider %q BaseURL: %v", ErrConfig, cfg.ID, err)
	}
	to := strings.TrimSuffix(raw, "/")
	for _, u := range []*string{&cfg.AuthURL, &cfg.TokenURL, &cfg.UserinfoURL} {
		if rest, ok := strings.CutPrefix(*u, s.BaseURL+"/"); ok {
			*u = to + "/" + rest
		}
	}
	return nil
}
