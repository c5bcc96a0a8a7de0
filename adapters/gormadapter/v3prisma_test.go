package gormadapter_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/adapters/gormadapter"
)

// v3PrismaOptions describes the schema.prisma of NextAuth.js v3's adapter docs (models User,
// Account, Session, VerificationRequest without @@map, camelCase fields,
// uuid text ids) with the v3 layout, NextAuth.js v3's model names as the
// modelMapping and camelCase field renames. The uuid ids need a Schema (a
// mapping renames, it does not change key types).
func v3PrismaOptions(t *testing.T) gormadapter.Options {
	t.Helper()
	s := schema.NextAuthV3()
	s.Name, s.TimeFormat = "v3-prisma", schema.DefaultTimeFormat
	for _, tb := range s.Tables() {
		tb.ID, tb.IDTypes, tb.Indexes = schema.IDText, nil, nil
		for i := range tb.Columns {
			tb.Columns[i].Types = nil
		}
	}
	fields := map[string]string{
		"User.emailVerified": "emailVerified", "User.createdAt": "createdAt", "User.updatedAt": "updatedAt",
		"Account.compoundId": "compoundId", "Account.userId": "userId", "Account.type": "providerType",
		"Account.provider": "providerId", "Account.providerAccountId": "providerAccountId",
		"Account.refreshToken": "refreshToken", "Account.accessToken": "accessToken",
		"Account.expiresAt": "accessTokenExpires", "Account.tokenType": "tokenType", "Account.idToken": "idToken",
		"Account.sessionState": "sessionState", "Account.createdAt": "createdAt", "Account.updatedAt": "updatedAt",
		"Session.userId": "userId", "Session.sessionToken": "sessionToken", "Session.accessToken": "accessToken",
		"Session.createdAt": "createdAt", "Session.updatedAt": "updatedAt",
		"VerificationRequest.createdAt": "createdAt", "VerificationRequest.updatedAt": "updatedAt",
	}
	return gormadapter.Options{
		Schema: s,
		ModelMapping: map[string]string{
			"User": "User", "Account": "Account", "Session": "Session", "VerificationRequest": "VerificationRequest"},
		Fields: fields,
	}
}

func loadDDL(t *testing.T, db *gorm.DB, file string) {
	t.Helper()
	// The fixture is shared with sqladapter's compatibility tests, so both
	// adapters read the very same v3-era database.
	b, err := os.ReadFile("../sqladapter/testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range strings.Split(string(b), ";") {
		if strings.TrimSpace(stripComments(stmt)) == "" {
			continue
		}
		if err := db.Exec(stmt).Error; err != nil {
			t.Fatalf("%v\n  while running: %s", err, stmt)
		}
	}
}

func stripComments(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "--") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestV3PrismaDatabase opens a database laid out by NextAuth.js v3's Prisma
// schema, with rows as the v3 Prisma adapter wrote them, reads and writes
// it, and then lets AutoMigrate add what gatehouse needs without touching
// what is there.
func TestV3PrismaDatabase(t *testing.T) {
	ctx := t.Context()
	db := backends[0].open(t)
	loadDDL(t, db, "v3-prisma-sqlite.sql")
	exp := time.Date(2030, 1, 1, 0, 0, 0, 500_000_000, time.UTC)
	iso := exp.Format("2006-01-02T15:04:05.000Z")
	uid := "0f1e2d3c-0000-4000-8000-000000000001"
	sum := sha256.Sum256([]byte("twitter:99"))
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO "User" (id, email, "emailVerified", name) VALUES (?, ?, ?, ?)`, []any{uid, "p@example.com", exp.UnixMilli(), "Prisma"}},
		{`INSERT INTO "Account" (id, "compoundId", "userId", "providerId", "providerType", "providerAccountId", "accessToken") VALUES (?, ?, ?, ?, ?, ?, ?)`,
			[]any{"acc-1", hex.EncodeToString(sum[:]), uid, "twitter", "oauth", "99", "tw"}},
		{`INSERT INTO "Session" (id, "userId", "accessToken", "sessionToken", expires) VALUES (?, ?, ?, ?, ?)`, []any{"ses-1", uid, "ckabc", "prisma-session", iso}},
		{`INSERT INTO "VerificationRequest" (id, identifier, token, expires) VALUES (?, ?, ?, ?)`, []any{"vr-1", "p@example.com", "prisma-token", iso}},
	} {
		if err := db.Exec(q.sql, q.args...).Error; err != nil {
			t.Fatalf("%v\n  while running: %s", err, q.sql)
		}
	}

	opts := v3PrismaOptions(t)
	a := openAdapter(t, db, opts) // no AutoMigrate: Optional columns it lacks are left out
	u, err := a.GetUserByAccount(ctx, "twitter", "99")
	if err != nil || u.ID != uid || u.Name != "Prisma" || u.EmailVerified == nil || !u.EmailVerified.Equal(exp) {
		t.Fatalf("GetUserByAccount: %+v %v", u, err)
	}
	if s, su, err := a.GetSessionAndUser(ctx, "prisma-session"); err != nil || su.ID != uid || !s.Expires.Equal(exp) {
		t.Fatalf("GetSessionAndUser: %+v %+v %v", s, su, err)
	}
	if vt, err := a.UseVerificationToken(ctx, "p@example.com", "prisma-token"); err != nil || !vt.Expires.Equal(exp) {
		t.Fatalf("UseVerificationToken: %+v %v", vt, err)
	}
	nu, err := a.CreateUser(ctx, &adapter.User{Email: "q@example.com"})
	if err != nil || len(nu.ID) != 36 {
		t.Fatalf("CreateUser: %+v %v", nu, err)
	}
	if err := a.LinkAccount(ctx, &adapter.Account{UserID: nu.ID, Type: "oauth", Provider: "github", ProviderAccountID: "7", IDToken: "dropped"}); err != nil {
		t.Fatal(err)
	}
	if acc, err := a.GetAccount(ctx, "github", "7"); err != nil || acc.IDToken != "" {
		t.Fatalf("GetAccount before AutoMigrate: %+v %v (the v3 table has no idToken column)", acc, err)
	}

	// AutoMigrate adds the Optional columns, and only adds.
	opts.AutoMigrate = true
	m := openAdapter(t, db, opts)
	for _, col := range []string{"tokenType", "idToken", "sessionState", "scope"} {
		if !db.Migrator().HasColumn("Account", col) {
			t.Errorf("AutoMigrate did not add Account.%s", col)
		}
	}
	if got, err := m.GetUser(ctx, uid); err != nil || got.Name != "Prisma" {
		t.Fatalf("the v3 row after AutoMigrate: %+v %v", got, err)
	}
	if err := m.UpdateAccount(ctx, &adapter.Account{Provider: "github", ProviderAccountID: "7", Type: "oauth", IDToken: "kept"}); err != nil {
		t.Fatal(err)
	}
	if acc, err := m.GetAccount(ctx, "github", "7"); err != nil || acc.IDToken != "kept" {
		t.Fatalf("GetAccount after AutoMigrate: %+v %v", acc, err)
	}
	if err := m.DeleteUser(ctx, uid); err != nil {
		t.Fatal(err)
	}
	if _, err := m.GetAccount(ctx, "twitter", "99"); !errors.Is(err, adapter.ErrNotFound) {
		t.Errorf("the v3 user's account after DeleteUser: %v", err)
	}
}
