package mongoadapter

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// BenchmarkOperations measures each adapter operation against the test
// server and reports the commands it sends per call (roundtrips/op),
// counted by the client's command monitor. Figures beside the SQL
// adapter's: BENCHMARKS.md.
func BenchmarkOperations(b *testing.B) {
	a, cnt := newCountingAdapter(b, Options{})
	ctx := context.Background()
	u, err := a.CreateUser(ctx, &adapter.User{Name: "Ada", Email: "ada@example.com", Extra: map[string]any{"role": "admin"}})
	if err != nil {
		b.Fatal(err)
	}
	const tok = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	if err := a.CreateSession(ctx, &adapter.Session{SessionToken: tok, UserID: u.ID, Expires: time.Now().Add(time.Hour)}); err != nil {
		b.Fatal(err)
	}
	acc := &adapter.Account{UserID: u.ID, Type: "oauth", Provider: "github", ProviderAccountID: "1", AccessToken: "a", ExpiresAt: 1714979289}
	if err := a.LinkAccount(ctx, acc); err != nil {
		b.Fatal(err)
	}
	if _, _, err := a.GetSessionAndUser(ctx, tok); err != nil { // settles $lookup or two finds
		b.Fatal(err)
	}
	ops := []struct {
		name string
		op   func(i int) error
	}{
		{"GetSessionAndUser", func(int) error { _, _, err := a.GetSessionAndUser(ctx, tok); return err }},
		{"GetUserByEmail", func(int) error { _, err := a.GetUserByEmail(ctx, "ada@example.com"); return err }},
		{"GetUserByAccount", func(int) error { _, err := a.GetUserByAccount(ctx, "github", "1"); return err }},
		{"UpdateSession", func(int) error {
			return a.UpdateSession(ctx, &adapter.Session{SessionToken: tok, Expires: time.Now().Add(time.Hour)})
		}},
		{"UpdateAccount", func(int) error { return a.UpdateAccount(ctx, acc) }},
		{"UpdateUser", func(int) error {
			_, err := a.UpdateUser(ctx, &adapter.User{ID: u.ID, Name: "Ada", Email: "ada@example.com"})
			return err
		}},
		{"CreateUser", func(i int) error {
			_, err := a.CreateUser(ctx, &adapter.User{Email: fmt.Sprintf("u%d-%d@example.com", i, time.Now().UnixNano())})
			return err
		}},
		{"CreateSession", func(i int) error {
			return a.CreateSession(ctx, &adapter.Session{SessionToken: fmt.Sprintf("s%d-%d", i, time.Now().UnixNano()), UserID: u.ID, Expires: time.Now().Add(time.Hour)})
		}},
		{"CreateAndUseVerificationToken", func(i int) error {
			t := fmt.Sprintf("t%d-%d", i, time.Now().UnixNano())
			if err := a.CreateVerificationToken(ctx, &adapter.VerificationToken{Identifier: "ada@example.com", Token: t, Expires: time.Now().Add(time.Hour)}); err != nil {
				return err
			}
			_, err := a.UseVerificationToken(ctx, "ada@example.com", t)
			return err
		}},
	}
	for _, o := range ops {
		b.Run(o.name, func(b *testing.B) {
			before := cnt.n.Load()
			i := 0
			for b.Loop() {
				if err := o.op(i); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(cnt.n.Load()-before)/float64(b.N), "roundtrips/op")
		})
	}
}
