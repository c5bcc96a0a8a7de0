package gormadapter_test

import (
	"bytes"
	"log"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm/logger"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/gormadapter"
)

// TestTimeScan checks every encoding a time column comes back in.
func TestTimeScan(t *testing.T) {
	want := time.Date(2026, 11, 27, 16, 14, 23, 123000000, time.UTC)
	tests := []struct {
		name string
		in   any
	}{
		{"time.Time in UTC", want},
		{"time.Time in another zone", want.In(time.FixedZone("X", 3600))},
		{"ISO 8601 text (default SQLite layout)", "2026-11-27T16:14:23.123Z"},
		{"TypeORM text (v3 SQLite layout)", "2026-11-27 16:14:23.123"},
		{"GORM SQLite text", "2026-11-27 16:14:23.123+00:00"},
		{"bytes", []byte("2026-11-27T16:14:23.123Z")},
		{"Unix milliseconds", want.UnixMilli()},
		{"Unix milliseconds as text", "1795796063123"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got gormadapter.Time
			if err := got.Scan(tt.in); err != nil {
				t.Fatal(err)
			}
			if tt.name == "Unix milliseconds as text" {
				want := time.UnixMilli(1795796063123).UTC()
				if !got.Equal(want) {
					t.Fatalf("got %v, want %v", got.Time, want)
				}
				return
			}
			if !got.Equal(want) || got.Location() != time.UTC {
				t.Fatalf("got %v, want %v in UTC", got.Time, want)
			}
		})
	}
	var bad gormadapter.Time
	if err := bad.Scan("yesterday"); err == nil || !strings.Contains(err.Error(), `"yesterday"`) {
		t.Errorf("Scan(yesterday) = %v, want an error quoting the value", err)
	}
	if err := bad.Scan(true); err == nil {
		t.Error("Scan(true) succeeded")
	}
}

// FuzzTimeScan checks that no text read from a time column panics, and
// that what parses comes back in UTC.
func FuzzTimeScan(f *testing.F) {
	for _, s := range []string{"2026-11-27T16:14:23.123Z", "2026-11-27 16:14:23.123", "1795796063123", "", "2026-02-30", "9999-12-31 23:59:59.999999999 +0000 UTC"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var tm gormadapter.Time
		if err := tm.Scan(s); err == nil && tm.Location() != time.UTC {
			t.Fatalf("Scan(%q) gave a time in %v", s, tm.Location())
		}
	})
}

// TestLogsCarryNoValues checks that the SQL the application's GORM logger
// prints for the adapter's statements has placeholders, not tokens or
// email addresses.
func TestLogsCarryNoValues(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			db := b.open(t)
			var buf bytes.Buffer
			db.Logger = logger.New(log.New(&buf, "", 0), logger.Config{LogLevel: logger.Info, Colorful: false})
			a := openAdapter(t, db, gormadapter.Options{AutoMigrate: true})
			ctx := t.Context()
			const email, token, secret = "secret-person@example.com", "session-token-value", "verification-token-value"
			u, err := a.CreateUser(ctx, &adapter.User{Email: email})
			if err != nil {
				t.Fatal(err)
			}
			if err := a.CreateSession(ctx, &adapter.Session{SessionToken: token, UserID: u.ID, Expires: time.Now()}); err != nil {
				t.Fatal(err)
			}
			if _, _, err := a.GetSessionAndUser(ctx, token); err != nil {
				t.Fatal(err)
			}
			if err := a.CreateVerificationToken(ctx, &adapter.VerificationToken{Identifier: email, Token: secret, Expires: time.Now()}); err != nil {
				t.Fatal(err)
			}
			if _, err := a.UseVerificationToken(ctx, email, secret); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if !strings.Contains(out, "SELECT") {
				t.Fatalf("the logger saw no statements:\n%s", out)
			}
			for _, v := range []string{email, token, secret} {
				if strings.Contains(out, v) {
					t.Errorf("the log contains %q:\n%s", v, out)
				}
			}
		})
	}
}
