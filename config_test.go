package gatehouse

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/internal/web"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/credentials"
)

// kindProvider is a provider of any kind, for configuration tests.
type kindProvider struct{ info providers.Info }

func (k kindProvider) Info() providers.Info { return k.info }

func testCredentials(t *testing.T, id string) providers.Provider {
	t.Helper()
	p, err := credentials.New(credentials.Options{ID: id,
		Authorize: func(context.Context, map[string]string, *http.Request) (*adapter.User, error) { return nil, nil }})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestValidate checks validate directly, on configurations with defaults
// applied, without building anything: the adapter's Init is never called.
// Each case's problems are reported, each as a *ConfigError wrapping
// ErrInvalidConfig, and several at once.
func TestValidate(t *testing.T) {
	store := &initAdapter{Adapter: memory.New()}
	good := func() Config {
		return Config{Secrets: []string{testSecret}, URL: "https://example.com/api/auth", Adapter: store}
	}
	tests := []struct {
		name   string
		modify func(*Config)
		want   []string // substrings of the error, each a separate problem
	}{
		{"unknown colour scheme", func(c *Config) { c.Theme.ColorScheme = "sepia" }, []string{"Config.Theme", `ColorScheme "sepia"`}},
		{"no secret", func(c *Config) { c.Secrets = nil }, []string{"Config.Secrets: no secret is set", "AUTH_SECRET", "gatehouse secret"}},
		{"empty secret by hand", func(c *Config) { c.Secrets = []string{""} }, []string{"Config.Secrets[0]: the secret is empty", "AUTH_SECRET is not set", "gatehouse secret"}},
		{"short secret", func(c *Config) { c.Secrets = []string{testSecret, "short"} }, []string{"Config.Secrets[1]: the secret is 5 bytes long", "gatehouse secret"}},
		{"no URL, no TrustHost", func(c *Config) { c.URL = "" }, []string{"Config.URL: no URL is set", "TrustHost"}},
		{"URL scheme", func(c *Config) { c.URL = "ftp://example.com" }, []string{"must start with https://"}},
		{"URL without host", func(c *Config) { c.URL = "https:///api/auth" }, []string{"has no valid host"}},
		{"URL with query", func(c *Config) { c.URL = "https://example.com/api/auth?x=1" }, []string{"must not contain user info, a query"}},
		{"URL path vs BasePath", func(c *Config) { c.BasePath = "/auth" }, []string{"Config.BasePath: \"/auth\" differs from the path of URL"}},
		{"bad BasePath", func(c *Config) { c.URL = "https://example.com"; c.BasePath = "api auth" }, []string{"Config.BasePath"}},
		{"duplicate provider IDs", func(c *Config) {
			c.Providers = []providers.Provider{testCredentials(t, "creds"), testCredentials(t, "creds")}
		}, []string{"Config.Providers[1].ID: \"creds\" is used by two providers"}},
		{"bad provider ID", func(c *Config) {
			c.Providers = []providers.Provider{kindProvider{providers.Info{ID: "Git Hub"}}}
		}, []string{"Config.Providers[0].ID: \"Git Hub\" must be"}},
		{"nil provider", func(c *Config) { c.Providers = []providers.Provider{nil} }, []string{"Config.Providers[0]: is nil"}},
		{"provider of no kind", func(c *Config) {
			c.Providers = []providers.Provider{kindProvider{providers.Info{ID: "x"}}}
		}, []string{`provider "x" (gatehouse.kindProvider) implements none of providers.OAuthProvider, providers.EmailProvider, providers.CredentialsProvider`}},
		{"database strategy without adapter", func(c *Config) { c.Adapter = nil; c.Session.Strategy = StrategyDatabase },
			[]string{"database sessions need Config.Adapter"}},
		{"unknown strategy", func(c *Config) { c.Session.Strategy = "cookie" }, []string{`unknown strategy "cookie"`}},
		{"UpdateAge > MaxAge", func(c *Config) { c.Session.MaxAge = time.Hour; c.Session.UpdateAge = 2 * time.Hour },
			[]string{"Config.Session.UpdateAge: 2h0m0s must be between 0 and Session.MaxAge"}},
		{"MaxAge too short", func(c *Config) { c.Session.MaxAge = time.Millisecond }, []string{"Config.Session.MaxAge"}},
		{"SameSite None over http", func(c *Config) { c.URL = "http://example.com"; c.Cookies.SameSite = http.SameSiteNoneMode },
			[]string{"SameSite=None cookies need an https URL"}},
		{"bad cookie domain", func(c *Config) { c.Cookies.Domain = "exa mple.com" }, []string{"Config.Cookies.Domain"}},
		{"bad page path", func(c *Config) { c.Pages.SignIn = "//evil.example/login" }, []string{"Config.Pages.SignIn"}},
		{"bad trusted origin", func(c *Config) { c.TrustedOrigins = []string{"not an origin"} }, []string{"Config.TrustedOrigins[0]"}},
		{"bad theme colour", func(c *Config) { c.Theme.BrandColor = "red; } body { display: none" }, []string{"Config.Theme"}},
		{"bad theme language", func(c *Config) { c.Theme.Lang = "<script>" }, []string{"Config.Theme"}},
		{"negative rate limit", func(c *Config) { c.Credentials.RateLimit.IP = -1 }, []string{"Config.Credentials.RateLimit"}},
		{"Database and Adapter", func(c *Config) { c.Database = "sqlite::memory:" }, []string{"Config.Database: both Database and Adapter are set"}},
		{"bad Database", func(c *Config) { c.Adapter = nil; c.Database = 42 }, []string{"Config.Database: Database is a int"}},
		{"several problems at once", func(c *Config) { c.Secrets = nil; c.URL = "" },
			[]string{"2 configuration problems", "Config.Secrets", "Config.URL"}},
		{"every problem at once", func(c *Config) {
			c.Secrets = []string{"short"}
			c.Providers = []providers.Provider{nil}
			c.Session.MaxAge = time.Millisecond
			c.Pages.Error = "error"
			c.Email.RateLimit.IPWindow = -time.Second
			c.TrustedOrigins = []string{"::"}
		}, []string{"6 configuration problems", "Config.Secrets[0]", "Config.Providers[0]", "Config.Session.MaxAge",
			"Config.Pages.Error", "Config.Email.RateLimit", "Config.TrustedOrigins[0]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good()
			tt.modify(&cfg)
			cfg = withDefaults(cfg)
			err := validate(&cfg)
			if err == nil {
				t.Fatal("validate found no problem")
			}
			if store.calls != 0 {
				t.Fatal("validate initialised the adapter")
			}
			var problems []error
			if m, ok := err.(interface{ Unwrap() []error }); ok {
				problems = m.Unwrap()
			} else {
				problems = []error{err}
			}
			for _, p := range problems {
				if ce, ok := p.(*ConfigError); !ok || ce.Field == "" || !errors.Is(p, ErrInvalidConfig) {
					t.Errorf("problem %v is not a *ConfigError with a Field wrapping ErrInvalidConfig", p)
				}
			}
			if !errors.Is(err, ErrInvalidConfig) {
				t.Errorf("error %v does not wrap ErrInvalidConfig", err)
			}
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Errorf("error %v has no *ConfigError", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if strings.Contains(err.Error(), testSecret) {
				t.Error("the error contains the secret")
			}
		})
	}
}

// TestNewReportsProblems: New returns validate's problems and builds
// nothing.
func TestNewReportsProblems(t *testing.T) {
	store := &initAdapter{Adapter: memory.New()}
	a, err := New(Config{URL: "ftp://example.com", Adapter: store})
	if a != nil || !errors.Is(err, ErrInvalidConfig) || !strings.Contains(err.Error(), "2 configuration problems") || store.calls != 0 {
		t.Fatalf("New = %v, %v (Init calls %d); want two problems and no Init", a, err, store.calls)
	}
}

func TestNewDefaults(t *testing.T) {
	a, err := New(Config{Secrets: []string{testSecret}, URL: "https://example.com/auth/", Adapter: memory.New()})
	if err != nil {
		t.Fatal(err)
	}
	if a.BasePath() != "/auth" || a.cfg.Session.Strategy != StrategyDatabase || a.cfg.Session.MaxAge != DefaultMaxAge ||
		a.cfg.Session.UpdateAge != DefaultUpdateAge || a.cfg.Cookies.SameSite != http.SameSiteLaxMode {
		t.Fatalf("defaults: base %q, session %+v, cookies %+v", a.BasePath(), a.cfg.Session, a.cfg.Cookies)
	}
	a, err = New(Config{Secrets: []string{testSecret}, URL: "https://example.com", Adapter: memory.New()})
	if err != nil || a.BasePath() != "/api/auth" {
		t.Fatalf("base path %q, %v", a.BasePath(), err)
	}
	// A short MaxAge caps the default UpdateAge.
	a, err = New(Config{Secrets: []string{testSecret}, URL: "https://example.com", Adapter: memory.New(), Session: SessionConfig{MaxAge: time.Hour}})
	if err != nil || a.cfg.Session.UpdateAge != time.Hour {
		t.Fatalf("UpdateAge %v, %v", a.cfg.Session.UpdateAge, err)
	}
}

// initAdapter records Init calls and can fail them.
type initAdapter struct {
	adapter.Adapter
	calls int
	err   error
}

func (i *initAdapter) Init(context.Context) error { i.calls++; return i.err }

func TestNewCallsInit(t *testing.T) {
	ok := &initAdapter{Adapter: memory.New()}
	if _, err := New(Config{Secrets: []string{testSecret}, URL: "https://example.com", Adapter: ok}); err != nil || ok.calls != 1 {
		t.Fatalf("Init calls %d, err %v", ok.calls, err)
	}
	bad := &initAdapter{Adapter: memory.New(), err: errors.New("no such table: users")}
	_, err := New(Config{Secrets: []string{testSecret}, URL: "https://example.com", Adapter: bad})
	if err == nil || !errors.Is(err, bad.err) || !strings.Contains(err.Error(), "initialising the adapter") {
		t.Fatalf("err %v", err)
	}
}

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		secrets []string
		url     string
		trust   bool
		v4      bool
		wantErr string
	}{
		{"all set", map[string]string{"AUTH_SECRET": "new, old", "AUTH_URL": "https://example.com", "AUTH_TRUST_HOST": "true"},
			[]string{"new", "old"}, "https://example.com", true, false, ""},
		{"rotation variables", map[string]string{"AUTH_SECRET": "a", "AUTH_SECRET_1": "b", "AUTH_SECRET_3": "c"},
			[]string{"a", "b", "c"}, "", false, false, ""},
		{"NextAuth.js names", map[string]string{"NEXTAUTH_SECRET": "s", "NEXTAUTH_URL": "https://x.example"},
			[]string{"s"}, "https://x.example", false, false, ""},
		{"AUTH_ wins", map[string]string{"AUTH_SECRET": "a", "NEXTAUTH_SECRET": "n"}, []string{"a"}, "", false, false, ""},
		{"bad trust host", map[string]string{"AUTH_TRUST_HOST": "yes please"}, nil, "", false, false, "AUTH_TRUST_HOST"},
		{"NextAuth.js v4 mode", map[string]string{"AUTH_NEXTAUTH_V4": "1"}, nil, "", false, true, ""},
		{"bad v4 mode", map[string]string{"AUTH_NEXTAUTH_V4": "v4"}, nil, "", false, false, "AUTH_NEXTAUTH_V4"},
		{"empty", map[string]string{}, nil, "", false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := ConfigFromEnv(func(k string) string { return tt.env[k] })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(cfg.Secrets, "|") != strings.Join(tt.secrets, "|") || cfg.URL != tt.url || cfg.TrustHost != tt.trust ||
				cfg.Cookies.V4Names != tt.v4 {
				t.Fatalf("got %+v", cfg)
			}
		})
	}
}

// TestZeroAuth: an Auth not made by New answers with errors, not panics.
func TestZeroAuth(t *testing.T) {
	var a Auth
	rec := newRecorder()
	req, _ := http.NewRequest("GET", "http://x/api/auth/session", nil)
	a.ServeHTTP(rec, req)
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), "not created with gatehouse.New") {
		t.Errorf("ServeHTTP: %d %q", rec.Code, rec.Body.String())
	}
	if _, err := a.Session(req); !errors.Is(err, errNotCreated) {
		t.Errorf("Session: %v", err)
	}
	if _, err := a.SignOutEverywhere(context.Background(), "u"); !errors.Is(err, errNotCreated) {
		t.Errorf("SignOutEverywhere: %v", err)
	}
	rec = newRecorder()
	a.RequireSession(http.NotFoundHandler()).ServeHTTP(rec, req)
	if rec.Code != 500 {
		t.Errorf("RequireSession: %d", rec.Code)
	}
}

// TestNewCopiesSlices: changing the caller's Secrets, Providers or
// TrustedOrigins slices after New must not change the handler.
func TestNewCopiesSlices(t *testing.T) {
	secrets := []string{testSecret}
	provs := []providers.Provider{testCredentials(t, "creds")}
	origins := []string{"https://partner.example"}
	a, err := New(Config{Secrets: secrets, URL: "https://example.com/api/auth", Adapter: memory.New(),
		Providers: provs, TrustedOrigins: origins})
	if err != nil {
		t.Fatal(err)
	}
	secrets[0] = strings.Repeat("x", len(testSecret))
	provs[0] = testCredentials(t, "other")
	origins[0] = "https://attacker.example"

	// The CSRF cookie is still signed with the secret given to New.
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "https://example.com/api/auth/csrf", nil))
	var value string
	for _, c := range rec.Result().Cookies() {
		if strings.Contains(c.Name, "csrf-token") {
			value = c.Value
		}
	}
	tok, hash, ok := web.SplitCSRFCookie(value)
	if !ok {
		t.Fatalf("GET /csrf set no CSRF cookie (cookies %v)", rec.Result().Cookies())
	}
	if hash != web.SHA256Hex(tok+testSecret) {
		t.Errorf("the CSRF cookie is not signed with the secret given to New: the caller's later change to Config.Secrets reached the handler")
	}
	if got := a.cfg.Providers[0].Info().ID; got != "creds" {
		t.Errorf("Config.Providers[0] after the caller changed its slice = %q, want %q", got, "creds")
	}
	if got := a.cfg.TrustedOrigins[0]; got != "https://partner.example" {
		t.Errorf("Config.TrustedOrigins[0] after the caller changed its slice = %q, want the original", got)
	}
}
