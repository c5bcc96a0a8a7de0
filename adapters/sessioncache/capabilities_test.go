package sessioncache_test

import (
	"errors"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/compose"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// postgres is a SQL adapter on a fresh PostgreSQL schema; its first use
// creates the tables.
func postgres(t *testing.T) *sqladapter.Adapter {
	t.Helper()
	a := sqladapter.New(sqladapter.Config{URL: testsvc.NewPostgres(t).URL, Synchronize: true})
	t.Cleanup(func() { a.Close() })
	return a
}

// composed keeps users in users and sessions and tokens in a memory
// adapter of their own.
func composed(t *testing.T, users compose.UserAccountStore) *compose.Adapter {
	t.Helper()
	sessions := memory.New()
	c, err := compose.New(compose.Parts{Users: users, Sessions: sessions, Tokens: sessions})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func cached(t *testing.T, next adapter.Adapter) *sessioncache.Cache {
	t.Helper()
	c, err := sessioncache.New(next, sessioncache.Options{TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func has[T any](a adapter.Adapter) bool {
	_, ok := adapter.As[T](a)
	return ok
}

// capabilities are the optional capabilities of package adapter, and
// io.Closer, each with how to find it.
var capabilities = []struct {
	name string
	find func(adapter.Adapter) bool
}{
	{"AuthenticatorStore", has[adapter.AuthenticatorStore]},
	{"Transactor", has[adapter.Transactor]},
	{"Initializer", has[adapter.Initializer]},
	{"Migrator", has[adapter.Migrator]},
	{"SessionLister", has[adapter.SessionLister]},
	{"UserSessionsDeleter", has[adapter.UserSessionsDeleter]},
	{"ExpiredCleaner", has[adapter.ExpiredCleaner]},
	{"Pinger", has[adapter.Pinger]},
	{"io.Closer", has[io.Closer]},
}

// TestChainsFindCapabilities checks that adapter.As finds, through the
// cache, exactly the capabilities of what it wraps: a plain adapter, a
// composition (which has every capability but Transactor), a SQL adapter,
// and an adapter whose capabilities are hidden.
func TestChainsFindCapabilities(t *testing.T) {
	tests := []struct {
		name  string
		inner func(t *testing.T) adapter.Adapter
		lacks []string
	}{
		{"memory", func(*testing.T) adapter.Adapter { return memory.New() },
			[]string{"Initializer", "Migrator", "io.Closer"}},
		{"compose/memory+memory", func(t *testing.T) adapter.Adapter { return composed(t, memory.New()) },
			[]string{"Transactor", "io.Closer"}},
		{"compose/postgres+memory", func(t *testing.T) adapter.Adapter { return composed(t, postgres(t)) },
			[]string{"Transactor", "io.Closer"}},
		{"postgres", func(t *testing.T) adapter.Adapter { return postgres(t) },
			[]string{"UserSessionsDeleter"}},
		{"hidden", func(*testing.T) adapter.Adapter { return struct{ adapter.Adapter }{memory.New()} },
			[]string{"AuthenticatorStore", "Transactor", "Initializer", "Migrator", "SessionLister",
				"UserSessionsDeleter", "ExpiredCleaner", "Pinger", "io.Closer"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inner := tc.inner(t)
			c := cached(t, inner)
			for _, cp := range capabilities {
				want := !slices.Contains(tc.lacks, cp.name)
				if got := cp.find(inner); got != want {
					t.Fatalf("the test's premise: %s on %T = %v, want %v", cp.name, inner, got, want)
				}
				if got := cp.find(c); got != want {
					t.Errorf("adapter.As[%s] through the cache = %v, want %v (as on the wrapped %T)", cp.name, got, want, inner)
				}
				if got := cp.find(cached(t, c)); got != want {
					t.Errorf("adapter.As[%s] through two caches = %v, want %v", cp.name, got, want)
				}
			}
		})
	}
}

// TestCapabilitiesThroughTheChainWork calls the capabilities of a
// composition of PostgreSQL and memory through the cache: they reach the
// parts that have them.
func TestCapabilitiesThroughTheChainWork(t *testing.T) {
	ctx := t.Context()
	users := postgres(t)
	c := cached(t, composed(t, users))
	for name, call := range map[string]func() error{
		"Init":    func() error { x, _ := adapter.As[adapter.Initializer](c); return x.Init(ctx) },
		"Migrate": func() error { x, _ := adapter.As[adapter.Migrator](c); return x.Migrate(ctx) },
		"Ping":    func() error { x, _ := adapter.As[adapter.Pinger](c); return x.Ping(ctx) },
	} {
		if err := call(); err != nil {
			t.Errorf("%s through cache and composition: %v", name, err)
		}
	}
	u, err := c.CreateUser(ctx, &adapter.User{Email: "chain@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := adapter.As[adapter.AuthenticatorStore](c)
	if err := a.CreateAuthenticator(ctx, &adapter.Authenticator{CredentialID: "cred", UserID: u.ID, CredentialPublicKey: "pk", Counter: 1}); err != nil {
		t.Fatalf("CreateAuthenticator through cache and composition: %v", err)
	}
	if got, err := users.GetAuthenticator(ctx, "cred"); err != nil || got.UserID != u.ID {
		t.Fatalf("the passkey did not reach PostgreSQL: %+v, %v", got, err)
	}
}

// TestTransactionThroughCacheInvalidates writes a user and a session in
// transactions found with adapter.As on the cache, and checks that the
// cache serves what was committed and nothing that was rolled back. With
// refill, a read through the cache between the write and the commit caches
// the old row; the cache must drop it again when InTx returns.
func TestTransactionThroughCacheInvalidates(t *testing.T) {
	tests := []struct {
		name   string
		inner  func(t *testing.T) adapter.Adapter
		refill bool
	}{
		{"memory", func(*testing.T) adapter.Adapter { return memory.New() }, false},
		{"postgres", func(t *testing.T) adapter.Adapter { return postgres(t) }, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			c := cached(t, tc.inner(t))
			u, tok := seedOne(t, c)
			tx, ok := adapter.As[adapter.Transactor](c)
			if !ok {
				t.Fatal("adapter.As found no Transactor through the cache")
			}

			rename := func(name string, fail error) error {
				return tx.InTx(ctx, func(tx adapter.Adapter) error {
					if _, err := tx.UpdateUser(ctx, &adapter.User{ID: u.ID, Name: name, Email: u.Email}); err != nil {
						return err
					}
					if tc.refill {
						if _, got, err := c.GetSessionAndUser(ctx, tok); err != nil || got.Name == name {
							t.Errorf("a read outside the transaction before its commit = %+v, %v; want the old name", got, err)
						}
					}
					return fail
				})
			}
			if err := rename("Grace", nil); err != nil {
				t.Fatal(err)
			}
			wantName(t, c, tok, "Grace")

			rollback := errors.New("roll back")
			if err := rename("Ghost", rollback); !errors.Is(err, rollback) {
				t.Fatalf("InTx = %v, want its function's error", err)
			}
			wantName(t, c, tok, "Grace")

			if err := tx.InTx(ctx, func(tx adapter.Adapter) error { return tx.DeleteSession(ctx, tok) }); err != nil {
				t.Fatal(err)
			}
			if _, _, err := c.GetSessionAndUser(ctx, tok); !errors.Is(err, adapter.ErrNotFound) {
				t.Fatalf("a session deleted in a transaction through the cache: GetSessionAndUser = %v, want ErrNotFound", err)
			}
		})
	}
}

// TestBulkDeletesThroughCacheInvalidate deletes cached sessions with
// DeleteUserSessions and DeleteExpired found with adapter.As on the cache:
// the cache must not serve them afterwards.
func TestBulkDeletesThroughCacheInvalidate(t *testing.T) {
	tests := []struct {
		name   string
		delete func(t *testing.T, c adapter.Adapter, u *adapter.User) error
	}{
		{"UserSessionsDeleter", func(t *testing.T, c adapter.Adapter, u *adapter.User) error {
			d, ok := adapter.As[adapter.UserSessionsDeleter](c)
			if !ok {
				t.Fatal("adapter.As found no UserSessionsDeleter through the cache")
			}
			return d.DeleteUserSessions(t.Context(), u.ID)
		}},
		{"ExpiredCleaner", func(t *testing.T, c adapter.Adapter, _ *adapter.User) error {
			e, ok := adapter.As[adapter.ExpiredCleaner](c)
			if !ok {
				t.Fatal("adapter.As found no ExpiredCleaner through the cache")
			}
			// The session expires in a minute; the cache would serve it
			// for an hour.
			n, _, err := e.DeleteExpired(t.Context(), time.Now().Add(2*time.Minute), 0)
			if err == nil && n != 1 {
				t.Fatalf("DeleteExpired deleted %d sessions, want 1", n)
			}
			return err
		}},
	}
	for _, tc := range tests {
		for _, over := range []struct {
			name  string
			inner func(t *testing.T) adapter.Adapter
		}{
			{"memory", func(*testing.T) adapter.Adapter { return memory.New() }},
			{"compose/memory+memory", func(t *testing.T) adapter.Adapter { return composed(t, memory.New()) }},
		} {
			t.Run(tc.name+"/"+over.name, func(t *testing.T) {
				c := cached(t, over.inner(t))
				u, tok := seedOne(t, c)
				if err := tc.delete(t, c, u); err != nil {
					t.Fatal(err)
				}
				if _, _, err := c.GetSessionAndUser(t.Context(), tok); !errors.Is(err, adapter.ErrNotFound) {
					t.Fatalf("a session deleted through the cache's %s: GetSessionAndUser = %v, want ErrNotFound", tc.name, err)
				}
			})
		}
	}
}

// seedOne creates, through c, a user named Ada with one session that
// expires in a minute, and reads the session once so that the cache holds
// it.
func seedOne(t *testing.T, c adapter.Adapter) (*adapter.User, string) {
	t.Helper()
	ctx := t.Context()
	u, err := c.CreateUser(ctx, &adapter.User{Name: "Ada", Email: adapter.NewID() + "@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	tok := adapter.NewID()
	if err := c.CreateSession(ctx, &adapter.Session{SessionToken: tok, UserID: u.ID, Expires: time.Now().Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	wantName(t, c, tok, "Ada")
	return u, tok
}

func wantName(t *testing.T, c adapter.Adapter, tok, name string) {
	t.Helper()
	_, u, err := c.GetSessionAndUser(t.Context(), tok)
	if err != nil || u.Name != name {
		t.Fatalf("GetSessionAndUser through the cache = %+v, %v; want the user named %q", u, err, name)
	}
}
