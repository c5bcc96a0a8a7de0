package sqlitetest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// TestSmoke walks one sign-in's worth of calls through every backend and
// preset, checking each result: a fast first signal before the conformance
// suite, and the only place the Auth.js Prisma preset runs on every backend.
func TestSmoke(t *testing.T) {
	for _, b := range backends {
		for _, p := range []string{"default", "nextauth-v3", "authjs", "authjs-prisma"} {
			t.Run(b.name+"/"+p, func(t *testing.T) {
				ctx := context.Background()
				cfg := b.config(t)
				cfg.Preset = p
				a := open(t, cfg)
				now := time.Now().UTC().Truncate(time.Millisecond)
				u, err := a.CreateUser(ctx, &adapter.User{Email: "a@b.c", Name: "A", EmailVerified: &now})
				if err != nil {
					t.Fatal(err)
				}
				if u.ID == "" || u.Email != "a@b.c" || u.Name != "A" || u.EmailVerified == nil || !u.EmailVerified.Equal(now) {
					t.Fatalf("CreateUser returned %+v", u)
				}
				if _, err := a.CreateUser(ctx, &adapter.User{Email: "a@b.c"}); !errors.Is(err, adapter.ErrConflict) {
					t.Fatalf("second user with the same email: %v, want adapter.ErrConflict", err)
				}
				if err := a.LinkAccount(ctx, &adapter.Account{UserID: u.ID, Type: "oauth", Provider: "gh", ProviderAccountID: "1", IDToken: "x", ExpiresAt: 12345}); err != nil {
					t.Fatal(err)
				}
				got, err := a.GetUserByAccount(ctx, "gh", "1")
				if err != nil || got.ID != u.ID {
					t.Fatal(got, err)
				}
				acc, err := a.GetAccount(ctx, "gh", "1")
				if err != nil || acc.UserID != u.ID || acc.Type != "oauth" || acc.IDToken != "x" || acc.ExpiresAt != 12345 {
					t.Fatalf("GetAccount = %+v, %v", acc, err)
				}
				if err := a.CreateSession(ctx, &adapter.Session{SessionToken: "tok", UserID: u.ID, Expires: now}); err != nil {
					t.Fatal(err)
				}
				s, su, err := a.GetSessionAndUser(ctx, "tok")
				if err != nil || s.SessionToken != "tok" || s.UserID != u.ID || !s.Expires.Equal(now) || su.ID != u.ID || su.Email != "a@b.c" {
					t.Fatalf("GetSessionAndUser = %+v, %+v, %v", s, su, err)
				}
				if err := a.CreateVerificationToken(ctx, &adapter.VerificationToken{Identifier: "a@b.c", Token: "h", Expires: now}); err != nil {
					t.Fatal(err)
				}
				vt, err := a.UseVerificationToken(ctx, "a@b.c", "h")
				if err != nil || vt.Identifier != "a@b.c" || vt.Token != "h" || !vt.Expires.Equal(now) {
					t.Fatalf("UseVerificationToken = %+v, %v", vt, err)
				}
				if _, err := a.UseVerificationToken(ctx, "a@b.c", "h"); !errors.Is(err, adapter.ErrNotFound) {
					t.Fatalf("second UseVerificationToken: %v, want adapter.ErrNotFound", err)
				}
				n1, n2, err := a.DeleteExpired(ctx, now.Add(time.Hour), 10)
				if err != nil || n1 != 1 || n2 != 0 {
					t.Fatalf("DeleteExpired = %d sessions, %d tokens, %v; want 1, 0", n1, n2, err)
				}
				if err := a.DeleteUser(ctx, u.ID); err != nil {
					t.Fatal(err)
				}
				if _, err := a.GetUser(ctx, u.ID); !errors.Is(err, adapter.ErrNotFound) {
					t.Fatalf("GetUser after DeleteUser: %v, want adapter.ErrNotFound", err)
				}
				plan, err := a.Plan(ctx)
				if err != nil || len(plan) != 0 {
					t.Fatalf("Plan after Synchronize = %q, %v; want nothing to do", plan, err)
				}
			})
		}
	}
}
