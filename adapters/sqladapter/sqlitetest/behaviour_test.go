package sqlitetest_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

func TestExtraUserColumns(t *testing.T) {
	extra := []schema.Column{
		{Field: "role", Kind: schema.String},
		{Field: "phone_number", Name: "phoneNumber", Kind: schema.Text},
		{Field: "logins", Kind: schema.Int64},
		{Field: "admin", Kind: schema.Bool},
		{Field: "born", Kind: schema.Time},
		{Field: "prefs", Kind: schema.JSON},
	}
	born := time.Date(1990, 5, 6, 7, 8, 9, 123_000_000, time.UTC)
	for _, b := range backends {
		for _, preset := range []string{"default", "nextauth-v3", "authjs"} {
			t.Run(b.name+"/"+preset, func(t *testing.T) {
				ctx := context.Background()
				cfg := b.config(t)
				cfg.Preset, cfg.ExtraUserColumns = preset, extra
				a := open(t, cfg)
				u, err := a.CreateUser(ctx, &adapter.User{Email: "x@example.com", Extra: map[string]any{
					"role": "admin", "phone_number": "+44 20", "logins": 3, "admin": true, "born": born,
					"prefs": map[string]any{"theme": "dark"}, "unknown": "ignored"}})
				if err != nil {
					t.Fatal(err)
				}
				want := map[string]any{"role": "admin", "phone_number": "+44 20", "logins": int64(3), "admin": true, "born": born, "prefs": map[string]any{"theme": "dark"}}
				got, err := a.GetUser(ctx, u.ID)
				if err != nil {
					t.Fatal(err)
				}
				for k, v := range want {
					if !equalValue(got.Extra[k], v) || !equalValue(u.Extra[k], v) {
						t.Errorf("Extra[%q]: created %#v, read %#v, want %#v", k, u.Extra[k], got.Extra[k], v)
					}
				}
				if _, ok := got.Extra["unknown"]; ok {
					t.Error("an undeclared Extra key was stored")
				}
				// UpdateUser writes only the keys present.
				upd, err := a.UpdateUser(ctx, &adapter.User{ID: u.ID, Email: "x@example.com", Extra: map[string]any{"role": "user", "logins": nil}})
				if err != nil {
					t.Fatal(err)
				}
				if upd.Extra["role"] != "user" || upd.Extra["logins"] != nil || upd.Extra["phone_number"] != "+44 20" {
					t.Errorf("after update: %#v", upd.Extra)
				}
				// A value of the wrong type is a clear error and writes nothing.
				_, err = a.UpdateUser(ctx, &adapter.User{ID: u.ID, Email: "changed@example.com", Extra: map[string]any{"logins": "three"}})
				if err == nil || !strings.Contains(err.Error(), `field "logins" holds an integer; got string`) {
					t.Errorf("UpdateUser with a string for an integer field: %v", err)
				}
				if got, _ := a.GetUser(ctx, u.ID); got == nil || got.Email != "x@example.com" {
					t.Errorf("a rejected update changed the user: %+v", got)
				}
			})
		}
	}
}

func equalValue(a, b any) bool {
	if ta, ok := a.(time.Time); ok {
		tb, ok := b.(time.Time)
		return ok && ta.Equal(tb)
	}
	if ma, ok := a.(map[string]any); ok {
		mb, ok := b.(map[string]any)
		if !ok || len(ma) != len(mb) {
			return false
		}
		for k := range ma {
			if ma[k] != mb[k] {
				return false
			}
		}
		return true
	}
	return a == b
}

func TestUseVerificationTokenConcurrently(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			a := open(t, b.config(t))
			for round := range 5 {
				tok := &adapter.VerificationToken{Identifier: "a@example.com", Token: "t" + string(rune('a'+round)), Expires: time.Now()}
				if err := a.CreateVerificationToken(ctx, tok); err != nil {
					t.Fatal(err)
				}
				const n = 8
				var wg sync.WaitGroup
				var mu sync.Mutex
				won, lost := 0, 0
				for range n {
					wg.Add(1)
					go func() {
						defer wg.Done()
						_, err := a.UseVerificationToken(ctx, tok.Identifier, tok.Token)
						mu.Lock()
						defer mu.Unlock()
						switch {
						case err == nil:
							won++
						case errors.Is(err, adapter.ErrNotFound):
							lost++
						default:
							t.Errorf("UseVerificationToken: %v", err)
						}
					}()
				}
				wg.Wait()
				if won != 1 || lost != n-1 {
					t.Fatalf("round %d: %d calls got the token and %d did not; want 1 and %d", round, won, lost, n-1)
				}
			}
		})
	}
}

func TestInTxRollsBack(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			a := open(t, b.config(t))
			boom := errors.New("boom")
			err := a.InTx(ctx, func(tx adapter.Adapter) error {
				u, err := tx.CreateUser(ctx, &adapter.User{Email: "tx@example.com"})
				if err != nil {
					return err
				}
				if err := tx.LinkAccount(ctx, &adapter.Account{UserID: u.ID, Type: "oauth", Provider: "github", ProviderAccountID: "1"}); err != nil {
					return err
				}
				if err := tx.DeleteUser(ctx, u.ID); err != nil { // nested transaction use
					return err
				}
				if _, err := tx.CreateUser(ctx, &adapter.User{Email: "tx@example.com"}); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("InTx = %v, want boom", err)
			}
			if _, err := a.GetUserByEmail(ctx, "tx@example.com"); !errors.Is(err, adapter.ErrNotFound) {
				t.Fatalf("user after rollback: %v", err)
			}
			err = a.InTx(ctx, func(tx adapter.Adapter) error {
				_, err := tx.CreateUser(ctx, &adapter.User{Email: "tx@example.com"})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.GetUserByEmail(ctx, "tx@example.com"); err != nil {
				t.Fatalf("user after commit: %v", err)
			}
		})
	}
}

func TestNextAuthV3Columns(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			db, typ := sharedDB(t, b.name)
			a := open(t, sqladapter.Config{Type: typ, DB: db, Preset: "nextauth-v3"})
			u, err := a.CreateUser(ctx, &adapter.User{Email: "v3@example.com"})
			if err != nil {
				t.Fatal(err)
			}
			if err := a.LinkAccount(ctx, &adapter.Account{UserID: u.ID, Type: "oauth", Provider: "github", ProviderAccountID: "42", ExpiresAt: 1700000000}); err != nil {
				t.Fatal(err)
			}
			var compound string
			if err := db.QueryRow("SELECT compound_id FROM accounts").Scan(&compound); err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256([]byte("github:42"))
			if compound != hex.EncodeToString(sum[:]) {
				t.Errorf("compound_id = %q, want sha256hex(github:42)", compound)
			}
			for i := range 2 {
				if err := a.CreateSession(ctx, &adapter.Session{SessionToken: "s" + string(rune('0'+i)), UserID: u.ID, Expires: time.Now()}); err != nil {
					t.Fatal(err)
				}
			}
			rows, err := db.Query("SELECT access_token FROM sessions")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			seen := map[string]bool{}
			for rows.Next() {
				var at string
				if err := rows.Scan(&at); err != nil {
					t.Fatal(err)
				}
				if _, err := hex.DecodeString(at); err != nil || len(at) != 64 || seen[at] {
					t.Errorf("session access_token %q is not a fresh 64-hex value", at)
				}
				seen[at] = true
			}
			acc, err := a.GetAccount(ctx, "github", "42")
			if err != nil || acc.ExpiresAt != 1700000000 {
				t.Fatalf("access_token_expires round trip: %+v %v", acc, err)
			}
		})
	}
}

func TestAuthenticatorsUnsupported(t *testing.T) {
	ctx := context.Background()
	for _, preset := range []string{"nextauth-v3", "authjs"} {
		a := open(t, sqladapter.Config{Type: "sqlite", Database: ":memory:", Preset: preset})
		err := a.CreateAuthenticator(ctx, &adapter.Authenticator{CredentialID: "c"})
		_, err2 := a.ListAuthenticators(ctx, "1")
		for _, e := range []error{err, err2} {
			if !errors.Is(e, adapter.ErrUnsupported) || !strings.Contains(e.Error(), preset) {
				t.Errorf("%s: %v, want ErrUnsupported naming the preset", preset, e)
			}
		}
	}
}

func TestLongTokens(t *testing.T) {
	idToken := strings.Repeat("eyJhbGciOiJSUzI1NiJ9.", 500) // 10.5 KB
	for _, b := range backends {
		for _, preset := range schema.PresetNames() {
			t.Run(b.name+"/"+preset, func(t *testing.T) {
				ctx := context.Background()
				cfg := b.config(t)
				cfg.Preset = preset
				a := open(t, cfg)
				u, err := a.CreateUser(ctx, &adapter.User{Email: "long@example.com", Name: "O'Brien \"quoted\" % _ \\ ☃"})
				if err != nil {
					t.Fatal(err)
				}
				in := &adapter.Account{UserID: u.ID, Type: "oidc", Provider: "azure", ProviderAccountID: "sub", IDToken: idToken, AccessToken: idToken, RefreshToken: idToken}
				if err := a.LinkAccount(ctx, in); err != nil {
					t.Fatal(err)
				}
				got, err := a.GetAccount(ctx, "azure", "sub")
				if err != nil || got.IDToken != idToken || got.AccessToken != idToken || got.RefreshToken != idToken {
					t.Fatalf("long tokens did not round-trip: %v", err)
				}
				gu, err := a.GetUser(ctx, u.ID)
				if err != nil || gu.Name != u.Name || u.Name != "O'Brien \"quoted\" % _ \\ ☃" {
					t.Fatalf("odd name: %q %q %v", u.Name, gu.Name, err)
				}
			})
		}
	}
}

func TestDeleteExpiredInBatches(t *testing.T) {
	for _, b := range backends {
		for _, preset := range schema.PresetNames() {
			t.Run(b.name+"/"+preset, func(t *testing.T) {
				ctx := context.Background()
				cfg := b.config(t)
				cfg.Preset = preset
				a := open(t, cfg)
				u, err := a.CreateUser(ctx, &adapter.User{Email: "e@example.com"})
				if err != nil {
					t.Fatal(err)
				}
				now := time.Now()
				for i := range 7 {
					exp := now.Add(-time.Duration(i+1) * time.Minute) // 5 expired, 2 live
					if i >= 5 {
						exp = now.Add(time.Hour)
					}
					if err := a.CreateSession(ctx, &adapter.Session{SessionToken: "s" + string(rune('a'+i)), UserID: u.ID, Expires: exp}); err != nil {
						t.Fatal(err)
					}
				}
				for i := range 3 {
					if err := a.CreateVerificationToken(ctx, &adapter.VerificationToken{Identifier: "e@example.com", Token: "t" + string(rune('a'+i)), Expires: now.Add(-time.Second)}); err != nil {
						t.Fatal(err)
					}
				}
				for _, want := range [][2]int64{{2, 2}, {2, 1}, {1, 0}, {0, 0}} {
					s, v, err := a.DeleteExpired(ctx, now, 2)
					if err != nil || s != want[0] || v != want[1] {
						t.Fatalf("DeleteExpired = %d, %d, %v; want %d, %d", s, v, err, want[0], want[1])
					}
				}
				left, err := a.ListSessions(ctx, u.ID)
				if err != nil || len(left) != 2 {
					t.Fatalf("live sessions left: %d, %v", len(left), err)
				}
				if s, v, err := a.DeleteExpired(ctx, now.Add(2*time.Hour), 0); err != nil || s != 2 || v != 0 {
					t.Fatalf("unlimited DeleteExpired = %d, %d, %v", s, v, err)
				}
			})
		}
	}
}
