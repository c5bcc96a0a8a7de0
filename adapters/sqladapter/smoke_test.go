package sqladapter_test

import (
	"context"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

func TestSmoke(t *testing.T) {
	for _, b := range backends {
		for _, p := range []string{"default", "nextauth-v3", "authjs", "authjs-prisma"} {
			t.Run(b.name+"/"+p, func(t *testing.T) {
				ctx := context.Background()
				cfg := b.config(t)
				cfg.Preset = p
				a := open(t, cfg)
				now := time.Now()
				u, err := a.CreateUser(ctx, &adapter.User{Email: "a@b.c", Name: "A", EmailVerified: &now})
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("%+v", u)
				if _, err := a.CreateUser(ctx, &adapter.User{Email: "a@b.c"}); err == nil {
					t.Fatal("no conflict")
				} else {
					t.Log(err)
				}
				if err := a.LinkAccount(ctx, &adapter.Account{UserID: u.ID, Type: "oauth", Provider: "gh", ProviderAccountID: "1", IDToken: "x", ExpiresAt: 12345}); err != nil {
					t.Fatal(err)
				}
				got, err := a.GetUserByAccount(ctx, "gh", "1")
				if err != nil || got.ID != u.ID {
					t.Fatal(got, err)
				}
				acc, err := a.GetAccount(ctx, "gh", "1")
				t.Logf("%+v %v", acc, err)
				if err := a.CreateSession(ctx, &adapter.Session{SessionToken: "tok", UserID: u.ID, Expires: now}); err != nil {
					t.Fatal(err)
				}
				s, su, err := a.GetSessionAndUser(ctx, "tok")
				t.Logf("%+v %+v %v", s, su, err)
				if err := a.CreateVerificationToken(ctx, &adapter.VerificationToken{Identifier: "a@b.c", Token: "h", Expires: now}); err != nil {
					t.Fatal(err)
				}
				vt, err := a.UseVerificationToken(ctx, "a@b.c", "h")
				t.Logf("%+v %v", vt, err)
				_, err = a.UseVerificationToken(ctx, "a@b.c", "h")
				t.Log(err)
				n1, n2, err := a.DeleteExpired(ctx, now.Add(time.Hour), 10)
				t.Log(n1, n2, err)
				if err := a.DeleteUser(ctx, u.ID); err != nil {
					t.Fatal(err)
				}
				plan, err := a.Plan(ctx)
				t.Log(plan, err)
			})
		}
	}
}
