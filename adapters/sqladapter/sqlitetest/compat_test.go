package sqlitetest_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

// loadDDL runs a SQL file of the SQL adapter's testdata, statement by statement.
func loadDDL(t *testing.T, db *sql.DB, file string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "--") {
			lines = append(lines, l)
		}
	}
	for _, stmt := range strings.Split(strings.Join(lines, "\n"), ";") {
		if strings.TrimSpace(stmt) != "" {
			exec(t, db, stmt)
		}
	}
}

func compoundID(provider, id string) string {
	sum := sha256.Sum256([]byte(provider + ":" + id))
	return hex.EncodeToString(sum[:])
}

// initNoSync opens an adapter without Synchronize: compatibility means the
// adapter works on the tables exactly as the original system made them.
func initNoSync(t *testing.T, cfg sqladapter.Config) *sqladapter.Adapter {
	t.Helper()
	a := sqladapter.New(cfg)
	if err := a.Init(context.Background()); err != nil {
		t.Fatalf("Init on the original tables: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// TestCompatNextAuthV3 creates the tables NextAuth.js v3 documents for
// PostgreSQL and MySQL, writes rows the way v3's TypeORM adapter did, and
// reads and writes them through the adapter.
func TestCompatNextAuthV3(t *testing.T) {
	for _, tc := range []struct{ backend, file string }{
		{"postgres", "nextauth-v3-postgres.sql"},
		{"mariadb", "nextauth-v3-mysql.sql"},
	} {
		t.Run(tc.backend, func(t *testing.T) {
			ctx := context.Background()
			db, typ := sharedDB(t, tc.backend)
			loadDDL(t, db, tc.file)
			ph := func(q string) string { // $n placeholders for PostgreSQL
				if typ != "postgres" {
					return q
				}
				n := 0
				return replaceEach(q, "?", func() string { n++; return "$" + string(rune('0'+n)) })
			}
			verified := time.Date(2021, 4, 25, 10, 0, 0, 123_000_000, time.UTC)
			expires := time.Date(2031, 1, 2, 3, 4, 5, 678_000_000, time.UTC)
			hexTok := strings.Repeat("ab", 32)
			// Rows as v3 wrote them: ids from the sequence, compound_id,
			// a random session access_token, hashed verification token.
			mustExec(t, db, ph("INSERT INTO users (name, email, email_verified, image) VALUES (?, ?, ?, ?)"), "Fill Murray", "fill@murray.com", verified, "https://fillmurray.com/200/300")
			mustExec(t, db, ph("INSERT INTO accounts (compound_id, user_id, provider_type, provider_id, provider_account_id, refresh_token, access_token, access_token_expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
				compoundID("github", "12345"), 1, "oauth", "github", "12345", nil, "gho_token", nil)
			mustExec(t, db, ph("INSERT INTO sessions (user_id, expires, session_token, access_token) VALUES (?, ?, ?, ?)"), 1, expires, "v3-session-token", hexTok)
			mustExec(t, db, ph("INSERT INTO verification_requests (identifier, token, expires) VALUES (?, ?, ?)"), "fill@murray.com", "hashed-token", expires)

			a := initNoSync(t, sqladapter.Config{Type: typ, DB: db, Preset: "nextauth-v3"})

			u, err := a.GetUserByAccount(ctx, "github", "12345")
			if err != nil || u.ID != "1" || u.Name != "Fill Murray" || u.EmailVerified == nil || !u.EmailVerified.Equal(verified) {
				t.Fatalf("GetUserByAccount: %+v, %v", u, err)
			}
			acc, err := a.GetAccount(ctx, "github", "12345")
			if err != nil || acc.Type != "oauth" || acc.AccessToken != "gho_token" || acc.UserID != "1" || acc.ExpiresAt != 0 {
				t.Fatalf("GetAccount: %+v, %v", acc, err)
			}
			s, su, err := a.GetSessionAndUser(ctx, "v3-session-token")
			if err != nil || su.Email != "fill@murray.com" || !s.Expires.Equal(expires) {
				t.Fatalf("GetSessionAndUser: %+v %+v %v", s, su, err)
			}
			vt, err := a.UseVerificationToken(ctx, "fill@murray.com", "hashed-token")
			if err != nil || !vt.Expires.Equal(expires) {
				t.Fatalf("UseVerificationToken: %+v %v", vt, err)
			}

			// Writes through the adapter are rows v3 can read.
			nu, err := a.CreateUser(ctx, &adapter.User{Email: "new@example.com", Name: "New"})
			if err != nil || nu.ID != "2" {
				t.Fatalf("CreateUser: %+v %v", nu, err)
			}
			if err := a.LinkAccount(ctx, &adapter.Account{UserID: nu.ID, Type: "oauth", Provider: "google", ProviderAccountID: "g-1", IDToken: "dropped", ExpiresAt: 1900000000}); err != nil {
				t.Fatal(err)
			}
			var cid string
			var exp time.Time
			if err := db.QueryRow(ph("SELECT compound_id, access_token_expires FROM accounts WHERE provider_account_id = ?"), "g-1").Scan(&cid, &exp); err != nil {
				t.Fatal(err)
			}
			if cid != compoundID("google", "g-1") || !exp.Equal(time.Unix(1900000000, 0)) {
				t.Errorf("v3 reads compound_id %q, access_token_expires %v", cid, exp)
			}
			if err := a.LinkAccount(ctx, &adapter.Account{UserID: "1", Type: "oauth", Provider: "google", ProviderAccountID: "g-1"}); !errors.Is(err, adapter.ErrConflict) {
				t.Errorf("second link of the same account: %v, want ErrConflict (compound_id)", err)
			}
			if err := a.CreateSession(ctx, &adapter.Session{SessionToken: "new-session", UserID: nu.ID, Expires: expires}); err != nil {
				t.Fatal(err)
			}
			var at string
			if err := db.QueryRow(ph("SELECT access_token FROM sessions WHERE session_token = ?"), "new-session").Scan(&at); err != nil || len(at) != 64 {
				t.Errorf("session access_token %q %v, want 64 hex characters", at, err)
			}
			if err := a.UpdateSession(ctx, &adapter.Session{SessionToken: "v3-session-token", Expires: expires.Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
			if err := a.DeleteUser(ctx, "1"); err != nil {
				t.Fatal(err)
			}
			if n := count(t, db, "sessions"); n != 1 {
				t.Errorf("%d sessions after deleting user 1, want 1", n)
			}

			// The v3 tables lack only the Auth.js token columns gatehouse adds.
			plan, err := a.Plan(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(plan) != 4 {
				t.Fatalf("plan on the v3 tables: %q, want the 4 optional account columns", plan)
			}
			for _, p := range plan {
				if !strings.HasPrefix(p, "ALTER TABLE "+q(typ, "accounts")+" ADD COLUMN") {
					t.Errorf("unexpected plan step %q", p)
				}
			}
			if err := a.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if err := a.UpdateAccount(ctx, &adapter.Account{Type: "oidc", Provider: "google", ProviderAccountID: "g-1", IDToken: "kept now"}); err != nil {
				t.Fatal(err)
			}
			if acc, err := a.GetAccount(ctx, "google", "g-1"); err != nil || acc.IDToken != "kept now" {
				t.Fatalf("id_token after Migrate: %+v %v", acc, err)
			}
		})
	}
}

// TestCompatAuthJSPg uses @auth/pg-adapter's schema.sql with rows written
// the way that adapter writes them.
func TestCompatAuthJSPg(t *testing.T) {
	ctx := context.Background()
	db, typ := sharedDB(t, "postgres")
	loadDDL(t, db, "authjs-pg-schema.sql")
	expires := time.Date(2030, 6, 7, 8, 9, 10, 11_000_000, time.UTC)
	var uid int64
	if err := db.QueryRow(`INSERT INTO users (name, email, "emailVerified", image) VALUES ($1, $2, $3, $4) RETURNING id`, "Ada", "ada@example.com", nil, nil).Scan(&uid); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, `INSERT INTO accounts ("userId", provider, type, "providerAccountId", access_token, expires_at, refresh_token, id_token, scope, session_state, token_type)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, uid, "github", "oauth", "gh-7", "at", 1700000000, nil, "idt", "read:user", nil, "bearer")
	mustExec(t, db, `INSERT INTO sessions ("userId", expires, "sessionToken") VALUES ($1, $2, $3)`, uid, expires, "pg-session")
	mustExec(t, db, `INSERT INTO verification_token (identifier, expires, token) VALUES ($1, $2, $3)`, "ada@example.com", expires, "pg-token")

	a := initNoSync(t, sqladapter.Config{Type: typ, DB: db, Preset: "authjs"})
	u, err := a.GetUserByEmail(ctx, "ada@example.com")
	if err != nil || u.Name != "Ada" || u.EmailVerified != nil {
		t.Fatalf("GetUserByEmail: %+v %v", u, err)
	}
	acc, err := a.GetAccount(ctx, "github", "gh-7")
	if err != nil || acc.ExpiresAt != 1700000000 || acc.IDToken != "idt" || acc.TokenType != "bearer" || acc.Scope != "read:user" {
		t.Fatalf("GetAccount: %+v %v", acc, err)
	}
	if s, su, err := a.GetSessionAndUser(ctx, "pg-session"); err != nil || su.ID != u.ID || !s.Expires.Equal(expires) {
		t.Fatalf("GetSessionAndUser: %+v %+v %v", s, su, err)
	}
	if _, err := a.UseVerificationToken(ctx, "ada@example.com", "pg-token"); err != nil {
		t.Fatal(err)
	}
	if err := a.CreateVerificationToken(ctx, &adapter.VerificationToken{Identifier: "ada@example.com", Token: "pg-token", Expires: expires}); err != nil {
		t.Fatal(err)
	}
	if err := a.CreateVerificationToken(ctx, &adapter.VerificationToken{Identifier: "ada@example.com", Token: "pg-token", Expires: expires}); !errors.Is(err, adapter.ErrConflict) {
		t.Errorf("duplicate verification token: %v, want ErrConflict (primary key)", err)
	}
	nu, err := a.CreateUser(ctx, &adapter.User{ID: "ignored-uuid", Email: "bob@example.com"})
	if err != nil || nu.ID != "2" {
		t.Fatalf("CreateUser on serial ids: %+v %v", nu, err)
	}
	var email string
	if err := db.QueryRow(`SELECT email FROM users WHERE id = $1`, 2).Scan(&email); err != nil || email != "bob@example.com" {
		t.Fatalf("pg-adapter reads %q %v", email, err)
	}
	// schema.sql's unique keys hold as they are.
	if _, err := a.CreateUser(ctx, &adapter.User{Email: "bob@example.com"}); !errors.Is(err, adapter.ErrConflict) {
		t.Errorf("duplicate email: %v, want ErrConflict", err)
	}
	// The plan adds only gatehouse's two non-unique indexes.
	plan, err := a.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(plan, "\n")
	want := `CREATE INDEX IF NOT EXISTS "accounts_userId_idx" ON "accounts" ("userId")` + "\n" +
		`CREATE INDEX IF NOT EXISTS "sessions_userId_idx" ON "sessions" ("userId")`
	if joined != want {
		t.Errorf("plan:\n%s\nwant:\n%s", joined, want)
	}
	if err := a.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	// Deleting a user with SQL, as an administrator or Auth.js's own
	// tooling might, takes its accounts and sessions with it.
	mustExec(t, db, `DELETE FROM users WHERE id = $1`, uid)
	if n := count(t, db, "accounts") + count(t, db, "sessions"); n != 0 {
		t.Errorf("%d account and session rows left after DELETE FROM users", n)
	}
}

// v3Prisma is the Prisma schema of NextAuth.js v3's adapter docs as a schema.Schema: the v3
// layout with PascalCase models, camelCase fields and text (uuid) ids.
func v3Prisma() *schema.Schema {
	s := schema.NextAuthV3()
	s.Name = "v3-prisma"
	s.TimeFormat = schema.DefaultTimeFormat
	for _, t := range s.Tables() {
		t.ID, t.IDTypes = schema.IDText, nil
		for i := range t.Columns {
			c := &t.Columns[i]
			c.Types = nil
			c.Name = camel(c.Name)
		}
		t.Indexes = nil
	}
	s.Users.Name, s.Accounts.Name, s.Sessions.Name, s.VerificationTokens.Name = "User", "Account", "Session", "VerificationRequest"
	must(s.RenameColumn(schema.ModelAccount, schema.FieldType, "providerType"))
	must(s.RenameColumn(schema.ModelAccount, schema.FieldProvider, "providerId"))
	must(s.RenameColumn(schema.ModelAccount, schema.FieldExpiresAt, "accessTokenExpires"))
	return s
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func camel(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
	}
	return strings.Join(parts, "")
}

// TestCompatV3Prisma uses the Prisma schema of NextAuth.js v3's adapter docs on SQLite, with rows
// written as the v3 Prisma adapter wrote them (uuid ids, compoundId, dates
// both as ISO text and as integer milliseconds).
func TestCompatV3Prisma(t *testing.T) {
	ctx := context.Background()
	db, _ := sharedDB(t, "sqlite-file")
	loadDDL(t, db, "v3-prisma-sqlite.sql")
	expires := time.Date(2030, 1, 1, 0, 0, 0, 500_000_000, time.UTC)
	mustExec(t, db, `INSERT INTO "User" (id, email, "emailVerified", name) VALUES (?, ?, ?, ?)`, "0f1e2d3c-0000-4000-8000-000000000001", "p@example.com", expires.UnixMilli(), "Prisma")
	mustExec(t, db, `INSERT INTO "Account" (id, "compoundId", "userId", "providerId", "providerType", "providerAccountId", "accessToken") VALUES (?, ?, ?, ?, ?, ?, ?)`,
		"acc-1", compoundID("twitter", "99"), "0f1e2d3c-0000-4000-8000-000000000001", "twitter", "oauth", "99", "tw")
	mustExec(t, db, `INSERT INTO "Session" (id, "userId", "accessToken", "sessionToken", expires) VALUES (?, ?, ?, ?, ?)`,
		"ses-1", "0f1e2d3c-0000-4000-8000-000000000001", "ckabc", "prisma-session", expires.Format("2006-01-02T15:04:05.000Z"))
	mustExec(t, db, `INSERT INTO "VerificationRequest" (id, identifier, token, expires) VALUES (?, ?, ?, ?)`, "vr-1", "p@example.com", "prisma-token", expires.Format("2006-01-02T15:04:05.000Z"))

	a := initNoSync(t, sqladapter.Config{Type: "sqlite", DB: db, Schema: v3Prisma()})
	u, err := a.GetUserByAccount(ctx, "twitter", "99")
	if err != nil || u.Name != "Prisma" || u.EmailVerified == nil || !u.EmailVerified.Equal(expires) {
		t.Fatalf("GetUserByAccount: %+v %v", u, err)
	}
	if s, su, err := a.GetSessionAndUser(ctx, "prisma-session"); err != nil || su.ID != u.ID || !s.Expires.Equal(expires) {
		t.Fatalf("GetSessionAndUser: %+v %+v %v", s, su, err)
	}
	if _, err := a.UseVerificationToken(ctx, "p@example.com", "prisma-token"); err != nil {
		t.Fatal(err)
	}
	nu, err := a.CreateUser(ctx, &adapter.User{Email: "q@example.com"})
	if err != nil || len(nu.ID) != 36 {
		t.Fatalf("CreateUser: %+v %v", nu, err)
	}
	if err := a.LinkAccount(ctx, &adapter.Account{UserID: nu.ID, Type: "oauth", Provider: "github", ProviderAccountID: "99x"}); err != nil {
		t.Fatal(err)
	}
	if err := a.LinkAccount(ctx, &adapter.Account{UserID: nu.ID, Type: "oauth", Provider: "gitlab", ProviderAccountID: "99x"}); !errors.Is(err, adapter.ErrConflict) {
		t.Errorf("the v3 schema has a global unique providerAccountId: %v, want ErrConflict", err)
	}
	if err := a.DeleteUser(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `"Account"`); n != 1 {
		t.Errorf("%d accounts after DeleteUser, want 1", n)
	}
}

func mustExec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%v\n  while running: %s", err, q)
	}
}

func replaceEach(s, old string, next func() string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, old)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(next())
		s = s[i+len(old):]
	}
}
