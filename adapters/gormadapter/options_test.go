package gormadapter_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/adapters/gormadapter"
)

func tableNames(s *schema.Schema) map[schema.Model]string {
	out := map[schema.Model]string{}
	for _, t := range s.Tables() {
		out[t.Model] = s.TableName(t)
	}
	return out
}

// TestModelMapping checks that a partial mapping merges with the preset's
// names, that keys are NextAuth.js v3's model names in any spelling, and that
// field renames accept camelCase.
func TestModelMapping(t *testing.T) {
	tests := []struct {
		name    string
		opts    gormadapter.Options
		want    map[schema.Model]string
		columns map[string]string // "model.field" → column
	}{
		{"no mapping", gormadapter.Options{}, map[schema.Model]string{
			schema.ModelUser: "users", schema.ModelAccount: "accounts", schema.ModelSession: "sessions",
			schema.ModelVerificationToken: "verification_tokens", schema.ModelAuthenticator: "authenticators"}, nil},
		{"partial mapping keeps the other defaults", gormadapter.Options{ModelMapping: map[string]string{"Account": "providerAccount"}},
			map[schema.Model]string{schema.ModelUser: "users", schema.ModelAccount: "providerAccount", schema.ModelSession: "sessions",
				schema.ModelVerificationToken: "verification_tokens", schema.ModelAuthenticator: "authenticators"}, nil},
		{"v3 mapping on the v3 preset", gormadapter.Options{Preset: "nextauth-v3", ModelMapping: v3Mapping},
			map[schema.Model]string{schema.ModelUser: "user", schema.ModelAccount: "providerAccount", schema.ModelSession: "session",
				schema.ModelVerificationToken: "verification"}, nil},
		{"key spellings and prefix", gormadapter.Options{TablePrefix: "auth_", ModelMapping: map[string]string{
			"verification_token": "tokens", "SESSION": "sess"}},
			map[schema.Model]string{schema.ModelUser: "auth_users", schema.ModelAccount: "auth_accounts", schema.ModelSession: "auth_sess",
				schema.ModelVerificationToken: "auth_tokens", schema.ModelAuthenticator: "auth_authenticators"}, nil},
		{"field renames", gormadapter.Options{Preset: "authjs", Fields: map[string]string{
			"User.emailVerified": "verified_at", "account.provider_account_id": "sub", "Session.id": "sid"}},
			map[schema.Model]string{schema.ModelUser: "users", schema.ModelAccount: "accounts", schema.ModelSession: "sessions",
				schema.ModelVerificationToken: "verification_token"},
			map[string]string{"user.email_verified": "verified_at", "account.provider_account_id": "sub"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			opts.AutoMigrate = true
			a := openAdapter(t, backends[0].open(t), opts)
			s, err := a.Schema(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			got := tableNames(s)
			if len(got) != len(tt.want) {
				t.Errorf("tables %v, want %v", got, tt.want)
			}
			for m, n := range tt.want {
				if got[m] != n {
					t.Errorf("table of %s = %q, want %q", m, got[m], n)
				}
			}
			for k, want := range tt.columns {
				m, f, _ := strings.Cut(k, ".")
				if c := s.Table(schema.Model(m)).Column(f); c == nil || c.Name != want {
					t.Errorf("column of %s = %+v, want %q", k, c, want)
				}
			}
			// The renamed layout works end to end.
			u, err := a.CreateUser(t.Context(), &adapter.User{Email: "m@example.com"})
			if err != nil {
				t.Fatal(err)
			}
			if err := a.LinkAccount(t.Context(), &adapter.Account{UserID: u.ID, Type: "oauth", Provider: "p", ProviderAccountID: "1"}); err != nil {
				t.Fatal(err)
			}
			if got, err := a.GetUserByAccount(t.Context(), "p", "1"); err != nil || got.ID != u.ID {
				t.Fatalf("GetUserByAccount = %v, %v", got, err)
			}
		})
	}
}

type notEmbedding struct {
	ID   string
	Role string
}

type badField struct {
	gormadapter.User
	Avatar []byte
}

type onlyBase struct{ gormadapter.User }

// TestConfigErrors checks that every configuration mistake is reported by
// Init and by the methods, with a message that says what to fix.
func TestConfigErrors(t *testing.T) {
	db := backends[0].open(t)
	tests := []struct {
		name string
		db   *gorm.DB
		opts gormadapter.Options
		want []string
	}{
		{"nil db", nil, gormadapter.Options{}, []string{"nil *gorm.DB"}},
		{"unknown preset", db, gormadapter.Options{Preset: "mongo"}, []string{`"mongo"`, "nextauth-v3"}},
		{"unknown model", db, gormadapter.Options{ModelMapping: map[string]string{"Profile": "p"}}, []string{`"Profile"`, "VerificationRequest"}},
		{"empty table name", db, gormadapter.Options{ModelMapping: map[string]string{"User": ""}}, []string{"empty"}},
		{"field key without model", db, gormadapter.Options{Fields: map[string]string{"email": "mail"}}, []string{`"model.field"`}},
		{"unknown field", db, gormadapter.Options{Fields: map[string]string{"user.nickname": "nick"}}, []string{`"nickname"`, "email_verified"}},
		{"placeholder in a name", db, gormadapter.Options{ModelMapping: map[string]string{"User": "who?"}}, []string{`"who?"`, "placeholder"}},
		{"model without base", db, gormadapter.Options{UserModel: notEmbedding{}}, []string{"does not embed gormadapter.User"}},
		{"model not a struct", db, gormadapter.Options{UserModel: "users"}, []string{"must be a struct"}},
		{"unsupported field type", db, gormadapter.Options{UserModel: &badField{}}, []string{"Avatar", "[]byte"}},
		{"model with no extra fields", db, gormadapter.Options{UserModel: onlyBase{}}, []string{"leave UserModel nil"}},
		{"no tables and no AutoMigrate", db, gormadapter.Options{}, []string{`no table "users"`, "AutoMigrate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := gormadapter.New(tt.db, tt.opts)
			err := a.Init(context.Background())
			if err == nil {
				t.Fatal("Init succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Init error %q does not mention %q", err, w)
				}
			}
			if _, err2 := a.GetUser(context.Background(), "1"); err2 == nil || errors.Is(err2, adapter.ErrNotFound) {
				t.Errorf("GetUser on a misconfigured adapter: %v, want the configuration error", err2)
			}
		})
	}
}

// TestConflictWithoutTranslateError checks that unique clashes are
// adapter.ErrConflict whether or not the application's *gorm.DB translates
// errors (gorm.Config.TranslateError).
func TestConflictWithoutTranslateError(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			db := b.open(t)
			db.Config.TranslateError = false // this test's own *gorm.DB
			a := openAdapter(t, db, gormadapter.Options{AutoMigrate: true})
			ctx := t.Context()
			u, err := a.CreateUser(ctx, &adapter.User{Email: "same@example.com"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.CreateUser(ctx, &adapter.User{Email: "same@example.com"}); !errors.Is(err, adapter.ErrConflict) {
				t.Errorf("second user with one email: %v, want ErrConflict", err)
			}
			s := &adapter.Session{SessionToken: "t", UserID: u.ID}
			if err := a.CreateSession(ctx, s); err != nil {
				t.Fatal(err)
			}
			if err := a.CreateSession(ctx, s); !errors.Is(err, adapter.ErrConflict) {
				t.Errorf("second session with one token: %v, want ErrConflict", err)
			}
			if err := a.LinkAccount(ctx, &adapter.Account{UserID: "no-such-user", Type: "oauth", Provider: "p", ProviderAccountID: "1"}); !errors.Is(err, adapter.ErrNotFound) {
				t.Errorf("account of a missing user: %v, want ErrNotFound (foreign key)", err)
			}
		})
	}
}
