package pages

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gatehouse-go/gatehouse/providers"
)

// TestWriteShots writes every page, default and themed, as HTML files into
// $PAGES_SHOTS_DIR for screenshots with headless Chromium (see the report);
// it is skipped when the variable is unset.
func TestWriteShots(t *testing.T) {
	dir := os.Getenv("PAGES_SHOTS_DIR")
	if dir == "" {
		t.Skip("set PAGES_SHOTS_DIR to write the pages as HTML files")
	}
	r, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	custom, err := New(Options{Theme: Theme{SiteName: "Acme Corp", BrandColor: "#0b6e4f", LogoURL: "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCA0MCA0MCI+PGNpcmNsZSBjeD0iMjAiIGN5PSIyMCIgcj0iMTgiIGZpbGw9IiMwYjZlNGYiLz48L3N2Zz4="}})
	if err != nil {
		t.Fatal(err)
	}
	all := []ProviderButton{
		{ID: "github", Name: "GitHub", Type: providers.TypeOAuth, SigninURL: "/api/auth/signin/github", Style: providers.Style{Background: "#24292f", Text: "#fff"}},
		{ID: "google", Name: "Google", Type: providers.TypeOIDC, SigninURL: "/api/auth/signin/google", Style: providers.Style{Background: "#fff", Text: "#1f1f1f"}},
		{ID: "keycloak", Name: "Keycloak", Type: providers.TypeOIDC, SigninURL: "/api/auth/signin/keycloak"},
		{ID: "email", Name: "Email", Type: providers.TypeEmail, SigninURL: "/api/auth/signin/email"},
		{ID: "credentials", Name: "Password", Type: providers.TypeCredentials, CallbackURL: "/api/auth/callback/credentials",
			Fields: []providers.Field{{Name: "username", Label: "Username", Type: "text", Placeholder: "jsmith"}, {Name: "password", Label: "Password", Type: "password"}}},
	}
	pages := map[string]struct {
		r *Renderer
		p any
	}{
		"signin":         {r, SignIn{CSRFToken: "abc", CallbackURL: "/", Providers: all}},
		"signin-error":   {r, SignIn{CSRFToken: "abc", CallbackURL: "/", Error: "OAuthAccountNotLinked", Providers: all[:1]}},
		"signin-custom":  {custom, SignIn{CSRFToken: "abc", Providers: all[2:]}},
		"signout":        {r, SignOut{CSRFToken: "abc", SignOutURL: "/api/auth/signout"}},
		"verify-request": {r, VerifyRequest{Host: "example.com", SiteURL: "https://example.com"}},
		"error":          {r, Error{Code: "Verification", SignInURL: "/api/auth/signin", SiteURL: "/"}},
		"error-config":   {custom, Error{Code: "Configuration", SiteURL: "/"}},
		"email-confirm":  {r, EmailConfirm{CSRFToken: "abc", Action: "/api/auth/callback/email", Email: "ada.lovelace@example.com", Token: "t"}},
	}
	for name, pg := range pages {
		f, err := os.Create(filepath.Join(dir, name+".html"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pg.r.render(f, pg.p); err != nil {
			t.Fatal(name, err)
		}
		f.Close()
	}
}
