package gatehouse

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// TestWrappedAdapterCapabilities checks that gatehouse finds the optional
// capabilities of an adapter behind a wrapper (here sessioncache), through
// adapter.As: New runs the wrapped adapter's Init, and SignOutEverywhere
// lists its sessions.
func TestWrappedAdapterCapabilities(t *testing.T) {
	newAuth := func(t *testing.T, next adapter.Adapter) (*Auth, error) {
		t.Helper()
		c, err := sessioncache.New(next, sessioncache.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return New(Config{Secrets: []string{testSecret}, URL: "http://localhost/api/auth", Adapter: c, Logger: discardLogger()})
	}

	t.Run("Init", func(t *testing.T) {
		// No tables and no Synchronize: Init must fail, and New with it.
		pg := testsvc.NewPostgres(t) // a fresh, empty schema
		_, err := newAuth(t, sqladapter.New(sqladapter.Config{DB: pg.DB, Type: "postgres"}))
		if err == nil || !strings.Contains(err.Error(), "initialising the adapter") {
			t.Fatalf("New over a cache over an uninitialisable adapter = %v, want the Init error", err)
		}
	})

	t.Run("SessionLister", func(t *testing.T) {
		ctx := context.Background()
		mem := memory.New()
		a, err := newAuth(t, mem)
		if err != nil {
			t.Fatal(err)
		}
		u, err := mem.CreateUser(ctx, &adapter.User{Email: "wrapped@example.com"})
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{"a", "b"} {
			if err := mem.CreateSession(ctx, &adapter.Session{SessionToken: tok, UserID: u.ID, Expires: time.Now().Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := a.SignOutEverywhere(ctx, u.ID); err != nil || n != 2 {
			t.Fatalf("SignOutEverywhere through the cache = %d, %v; want 2, nil", n, err)
		}
	})
}
