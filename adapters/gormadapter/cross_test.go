package gormadapter_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/adapters/gormadapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

// layout is one schema layout both adapters are configured with.
type layout struct {
	name string
	gorm gormadapter.Options
	sql  sqladapter.Config
}

var layouts = []layout{
	{"default", gormadapter.Options{}, sqladapter.Config{}},
	{"nextauth-v3", gormadapter.Options{Preset: "nextauth-v3"}, sqladapter.Config{Preset: "nextauth-v3"}},
	{"authjs", gormadapter.Options{Preset: "authjs"}, sqladapter.Config{Preset: "authjs"}},
	{"authjs-prisma", gormadapter.Options{Preset: "authjs-prisma"}, sqladapter.Config{Preset: "authjs-prisma"}},
	{"nextauth-v3+v3-mapping",
		gormadapter.Options{Preset: "nextauth-v3", ModelMapping: v3Mapping},
		sqladapter.Config{Preset: "nextauth-v3", Tables: map[string]string{
			"user": "user", "account": "providerAccount", "session": "session", "verification_token": "verification"}}},
	{"default+app-model",
		gormadapter.Options{UserModel: AppUser{}, Fields: map[string]string{"user.phone": "phone_number"}},
		sqladapter.Config{ExtraUserColumns: appUserColumns()}},
}

// TestSharedDatabase checks, for every layout, that a database created by
// sqladapter's Synchronize is read and written by gormadapter, and that a
// database created by gormadapter's AutoMigrate is read and written by
// sqladapter, each seeing exactly what the other wrote.
func TestSharedDatabase(t *testing.T) {
	for _, b := range backends {
		for _, l := range layouts {
			t.Run(b.name+"/"+l.name+"/created-by-sqladapter", func(t *testing.T) {
				db := b.open(t)
				cfg := l.sql
				cfg.Synchronize = true
				s := openSQL(t, db, b.sqlType, cfg)
				g := openAdapter(t, db, l.gorm) // no AutoMigrate: the tables must be there
				noPlan(t, "gormadapter", g.Plan)
				exchange(t, s, g)
				exchange(t, g, s)
			})
			t.Run(b.name+"/"+l.name+"/created-by-gormadapter", func(t *testing.T) {
				db := b.open(t)
				opts := l.gorm
				opts.AutoMigrate = true
				g := openAdapter(t, db, opts)
				s := openSQL(t, db, b.sqlType, l.sql) // no Synchronize
				noPlan(t, "sqladapter", s.Plan)
				exchange(t, g, s)
				exchange(t, s, g)
			})
		}
	}
}

func noPlan(t *testing.T, who string, plan func(context.Context) ([]string, error)) {
	t.Helper()
	stmts, err := plan(t.Context())
	if err != nil {
		t.Fatalf("%s Plan: %v", who, err)
	}
	if len(stmts) > 0 {
		t.Errorf("%s would still change the database the other adapter created:\n%s", who, strings.Join(stmts, "\n"))
	}
}

// exchange writes a user, account, session and verification token with w
// and checks that r reads the same values, then updates and deletes with r
// and checks with w.
func exchange(t *testing.T, w, r adapter.Adapter) {
	t.Helper()
	ctx := t.Context()
	now := time.Now().UTC().Truncate(time.Millisecond)
	email := "x" + adapter.NewID() + "@example.com"
	in := &adapter.User{Name: `O'Brien "quoted" ☃`, Email: email, EmailVerified: &now, Image: "https://example.com/a.png"}
	if hasAppModel(t, w) {
		in.Extra = map[string]any{"role": "admin", "phone": "+44 20 7946 0000"}
	}
	u, err := w.CreateUser(ctx, in)
	if err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	got, err := r.GetUser(ctx, u.ID)
	if err != nil {
		t.Fatalf("GetUser of a user the other adapter created: %v", err)
	}
	same(t, "user", got, u)

	acc := &adapter.Account{UserID: u.ID, Type: "oidc", Provider: "google", ProviderAccountID: adapter.NewID(),
		AccessToken: "at", RefreshToken: "rt", ExpiresAt: now.Unix() + 3600, IDToken: "id.token.sig", Scope: "openid email", TokenType: "bearer"}
	if err := w.LinkAccount(ctx, acc); err != nil {
		t.Fatalf("LinkAccount: %v", err)
	}
	wacc, err := w.GetAccount(ctx, acc.Provider, acc.ProviderAccountID)
	if err != nil {
		t.Fatal(err)
	}
	racc, err := r.GetAccount(ctx, acc.Provider, acc.ProviderAccountID)
	if err != nil {
		t.Fatalf("GetAccount of an account the other adapter linked: %v", err)
	}
	same(t, "account", racc, wacc)
	byAcc, err := r.GetUserByAccount(ctx, acc.Provider, acc.ProviderAccountID)
	if err != nil {
		t.Fatalf("GetUserByAccount: %v", err)
	}
	same(t, "user by account", byAcc, u)

	sess := &adapter.Session{SessionToken: adapter.NewID(), UserID: u.ID, Expires: now.Add(time.Hour)}
	if err := w.CreateSession(ctx, sess); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	gs, gu, err := r.GetSessionAndUser(ctx, sess.SessionToken)
	if err != nil {
		t.Fatalf("GetSessionAndUser of a session the other adapter created: %v", err)
	}
	same(t, "session", gs, sess)
	same(t, "session's user", gu, u)

	vt := &adapter.VerificationToken{Identifier: email, Token: adapter.NewID(), Expires: now.Add(time.Hour)}
	if err := w.CreateVerificationToken(ctx, vt); err != nil {
		t.Fatalf("CreateVerificationToken: %v", err)
	}
	used, err := r.UseVerificationToken(ctx, vt.Identifier, vt.Token)
	if err != nil {
		t.Fatalf("UseVerificationToken of a token the other adapter created: %v", err)
	}
	same(t, "verification token", used, vt)

	// r changes, w sees the change.
	u.Name = "Renamed"
	if u.Extra != nil {
		u.Extra = map[string]any{"role": "editor", "phone": "00000000000"}
	}
	upd, err := r.UpdateUser(ctx, u)
	if err != nil {
		t.Fatalf("UpdateUser: %v", err)
	}
	back, err := w.GetUser(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "updated user", back, upd)
	if err := r.DeleteUser(ctx, u.ID); err != nil {
		t.Fatalf("DeleteUser: %v", err)
	}
	if _, _, err := w.GetSessionAndUser(ctx, sess.SessionToken); !errorsIsNotFound(err) {
		t.Errorf("the session of a user the other adapter deleted: got %v, want ErrNotFound", err)
	}
	if _, err := w.GetAccount(ctx, acc.Provider, acc.ProviderAccountID); !errorsIsNotFound(err) {
		t.Errorf("the account of a user the other adapter deleted: got %v, want ErrNotFound", err)
	}
}

func hasAppModel(t *testing.T, a adapter.Adapter) bool {
	t.Helper()
	var cols []string
	switch x := a.(type) {
	case *gormadapter.Adapter:
		s, err := x.Schema(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range s.ExtraUserColumns() {
			cols = append(cols, c.Field)
		}
	case *sqladapter.Adapter:
		s, err := x.Schema(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range s.ExtraUserColumns() {
			cols = append(cols, c.Field)
		}
	}
	return slices.Contains(cols, "role")
}

func errorsIsNotFound(err error) bool { return errors.Is(err, adapter.ErrNotFound) }

// appUserColumns declares AppUser's fields for sqladapter, with phone in
// the column the gormadapter layout renames it to.
func appUserColumns() []schema.Column {
	return []schema.Column{
		{Field: "role", Kind: schema.String},
		{Field: "phone", Name: "phone_number", Kind: schema.String},
	}
}

func same(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, deref(got), deref(want))
	}
}

func deref(v any) any {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		return rv.Elem().Interface()
	}
	return v
}

func containsAll(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}
