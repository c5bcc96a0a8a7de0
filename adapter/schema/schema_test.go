package schema_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter/schema"
)

var update = flag.Bool("update", false, "rewrite the golden DDL files in testdata")

// TestDDLGolden renders every preset for every dialect and compares with
// testdata/<preset>.<dialect>.sql.golden (expected output, not source; run with -update after a deliberate
// change, and review the diff).
func TestDDLGolden(t *testing.T) {
	for _, name := range schema.PresetNames() {
		for _, d := range schema.Dialects() {
			t.Run(name+"/"+string(d), func(t *testing.T) {
				s, err := schema.Preset(name)
				if err != nil {
					t.Fatal(err)
				}
				got := strings.Join(s.DDL(d), ";\n\n") + ";\n"
				path := filepath.Join("testdata", name+"."+string(d)+".sql.golden")
				if *update {
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if got != string(want) {
					t.Errorf("DDL differs from %s:\n%s", path, got)
				}
			})
		}
	}
}

func TestPresets(t *testing.T) {
	tests := []struct {
		name, want                string
		users, tokens             string
		userIDs                   schema.IDStrategy
		hasAuthenticators         bool
		emailColumn, expiresAtCol string
	}{
		{"", "default", "users", "verification_tokens", schema.IDText, true, "email", "expires_at"},
		{"default", "default", "users", "verification_tokens", schema.IDText, true, "email", "expires_at"},
		{"NextAuth-V3", "nextauth-v3", "users", "verification_requests", schema.IDSerial, false, "email", "access_token_expires"},
		{"typeorm", "nextauth-v3", "users", "verification_requests", schema.IDSerial, false, "email", "access_token_expires"},
		{"authjs", "authjs", "users", "verification_token", schema.IDSerial, false, "email", "expires_at"},
		{"prisma", "authjs-prisma", "User", "VerificationToken", schema.IDText, true, "email", "expires_at"},
	}
	for _, tt := range tests {
		s, err := schema.Preset(tt.name)
		if err != nil {
			t.Fatalf("Preset(%q): %v", tt.name, err)
		}
		if s.Name != tt.want || s.Users.Name != tt.users || s.VerificationTokens.Name != tt.tokens || s.Users.ID != tt.userIDs ||
			(s.Authenticators != nil) != tt.hasAuthenticators || s.Users.Column(schema.FieldEmail).Name != tt.emailColumn ||
			s.Accounts.Column(schema.FieldExpiresAt).Name != tt.expiresAtCol {
			t.Errorf("Preset(%q) = %s with users %q, tokens %q, ids %v, authenticators %v", tt.name, s.Name, s.Users.Name, s.VerificationTokens.Name, s.Users.ID, s.Authenticators != nil)
		}
		if err := s.Validate(); err != nil {
			t.Errorf("Preset(%q).Validate: %v", tt.name, err)
		}
	}
	if _, err := schema.Preset("mongodb"); err == nil || !strings.Contains(err.Error(), "authjs, authjs-prisma, default, nextauth-v3") {
		t.Errorf("unknown preset: %v", err)
	}
	// Presets are fresh copies.
	a := schema.Default()
	a.Users.Name = "changed"
	if schema.Default().Users.Name != "users" {
		t.Error("changing one preset value changed the next")
	}
}

func TestRenameAndValidate(t *testing.T) {
	tests := []struct {
		name    string
		change  func(s *schema.Schema) error
		wantErr string
	}{
		{"rename table", func(s *schema.Schema) error { return s.RenameTable(schema.ModelUser, "people") }, ""},
		{"rename id", func(s *schema.Schema) error { return s.RenameColumn(schema.ModelUser, schema.FieldID, "user_id") }, ""},
		{"rename column", func(s *schema.Schema) error {
			return s.RenameColumn(schema.ModelSession, schema.FieldExpires, "expires_at")
		}, ""},
		{"unknown model", func(s *schema.Schema) error { return s.RenameTable("profile", "p") }, `no "profile" model`},
		{"empty table name", func(s *schema.Schema) error { return s.RenameTable(schema.ModelUser, "") }, "the new name is empty"},
		{"unknown field", func(s *schema.Schema) error { return s.RenameColumn(schema.ModelUser, "mail", "m") }, `has no field "mail"; its fields are id, name, email`},
		{"duplicate column", func(s *schema.Schema) error {
			_ = s.RenameColumn(schema.ModelUser, schema.FieldName, "email")
			return s.Validate()
		}, `two columns named "email"`},
		{"duplicate table", func(s *schema.Schema) error {
			_ = s.RenameTable(schema.ModelSession, "users")
			return s.Validate()
		}, `two tables are named "users"`},
		{"missing required field", func(s *schema.Schema) error {
			s.Sessions.Columns = s.Sessions.Columns[1:]
			return s.Validate()
		}, `lacks the required field "session_token"`},
		{"wrong kind", func(s *schema.Schema) error {
			s.Users.Column(schema.FieldName).Kind = schema.Int64
			return s.Validate()
		}, `field "name" must be of kind [string text], not int64`},
		{"extra column", func(s *schema.Schema) error {
			return s.AddUserColumn(schema.Column{Field: "role", Kind: schema.String, NotNull: true})
		}, ""},
		{"extra column clash", func(s *schema.Schema) error { return s.AddUserColumn(schema.Column{Field: "email"}) }, "already has that field"},
		{"extra column without field", func(s *schema.Schema) error { return s.AddUserColumn(schema.Column{Name: "x"}) }, "Field is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := schema.Default()
			err := tt.change(s)
			if err == nil {
				err = s.Validate()
			}
			if tt.wantErr == "" && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
	s := schema.Default()
	if err := s.AddUserColumn(schema.Column{Field: "role", Kind: schema.String, NotNull: true}); err != nil {
		t.Fatal(err)
	}
	extra := s.ExtraUserColumns()
	if len(extra) != 1 || extra[0].Name != "role" || extra[0].NotNull {
		t.Errorf("ExtraUserColumns = %+v; want role, nullable", extra)
	}
}

func TestQuote(t *testing.T) {
	tests := []struct {
		d          schema.Dialect
		in, quoted string
	}{
		{schema.Postgres, "users", `"users"`},
		{schema.SQLite, `we"ird`, `"we""ird"`},
		{schema.MySQL, "users", "`users`"},
		{schema.MySQL, "we`ird", "`we``ird`"},
	}
	for _, tt := range tests {
		if got := schema.Quote(tt.d, tt.in); got != tt.quoted {
			t.Errorf("Quote(%s, %q) = %s, want %s", tt.d, tt.in, got, tt.quoted)
		}
	}
}

func TestPrefixAndAddColumn(t *testing.T) {
	s := schema.NextAuthV3()
	s.SetPrefix("nextauth_")
	ddl := strings.Join(s.DDL(schema.Postgres), "\n")
	for _, want := range []string{`CREATE TABLE IF NOT EXISTS "nextauth_users"`, `"nextauth_email" ON "nextauth_users" ("email")`} {
		if !strings.Contains(ddl, want) {
			t.Errorf("prefixed DDL lacks %s", want)
		}
	}
	d := schema.Default()
	created := d.Users.Column(schema.FieldCreatedAt)
	tests := []struct {
		d    schema.Dialect
		want string
	}{
		{schema.Postgres, `ALTER TABLE "users" ADD COLUMN "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP`},
		{schema.MySQL, "ALTER TABLE `users` ADD COLUMN `created_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)"},
		{schema.SQLite, `ALTER TABLE "users" ADD COLUMN "created_at" TEXT`}, // SQLite cannot add NOT NULL without a constant default
	}
	for _, tt := range tests {
		if got := d.AddColumn(tt.d, d.Users, created); got != tt.want {
			t.Errorf("AddColumn(%s) = %s, want %s", tt.d, got, tt.want)
		}
	}
}
