package sqladapter

import (
	"context"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// TestMigrateHintFollowsTheConfig checks that the error for a missing
// column names a fix that works: an extra user column declared in code is
// invisible to `gatehouse migrate`, so the hint names Adapter.Migrate (and
// following it works), while a URL-only configuration keeps the command.
func TestMigrateHintFollowsTheConfig(t *testing.T) {
	ctx := context.Background()
	pg := testsvc.NewPostgres(t)
	base := New(Config{URL: pg.URL, Synchronize: true})
	if err := base.Init(ctx); err != nil {
		t.Fatalf("creating the default schema: %v", err)
	}
	_ = base.Close()

	extra := []schema.Column{{Field: "password_hash", Name: "password_hash", Kind: schema.String}}
	withExtra := New(Config{URL: pg.URL, ExtraUserColumns: extra})
	t.Cleanup(func() { _ = withExtra.Close() })
	err := withExtra.Init(ctx)
	if err == nil {
		t.Fatal("Init with an undeclared extra column succeeded")
	}
	for _, want := range []string{`"password_hash"`, "Adapter.Migrate(ctx)", "Config.ExtraUserColumns (password_hash)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Init error %q lacks %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "`gatehouse migrate --database") {
		t.Errorf("Init error %q still sends the user to `gatehouse migrate`, which cannot see the column", err)
	}
	// The fix it names works.
	fixed := New(Config{URL: pg.URL, ExtraUserColumns: extra})
	t.Cleanup(func() { _ = fixed.Close() })
	if err := fixed.Migrate(ctx); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	if err := fixed.Init(ctx); err != nil {
		t.Fatalf("Init after Migrate: %v", err)
	}

	cases := []struct {
		name string
		cfg  Config
		want string
	}{
		{"URL only", Config{URL: "postgres://u@h/db"}, "`gatehouse migrate --database 'postgres://u@h/db'`"},
		{"preset in code", Config{URL: "postgres://u@h/db", Preset: "authjs"}, "--database 'postgres://u@h/db' --schema authjs`"},
		{"preset in URL", Config{URL: "postgres://u@h/db?schema=authjs", Preset: "authjs"}, "?schema=authjs'`"},
		{"renames in code", Config{URL: "postgres://u@h/db", Tables: map[string]string{"user": "people"}}, "does not see Config.Tables"},
		{"extra column named by its field", Config{URL: "postgres://u@h/db", ExtraUserColumns: []schema.Column{{Field: "role"}}}, "Config.ExtraUserColumns (role)"},
		{"prefix in code", Config{URL: "postgres://u@h/db", TablePrefix: "auth_"}, "Config.TablePrefix"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := &state{cfg: c.cfg}
			if got := st.migrateHint(); !strings.Contains(got, c.want) {
				t.Fatalf("hint %q lacks %q", got, c.want)
			}
		})
	}
}
