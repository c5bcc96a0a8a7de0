package redisadapter_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/compose"
	"github.com/gatehouse-go/gatehouse/adapters/redisadapter"
)

var ctx = context.Background()

// downRedis returns a Redis adapter whose server is unreachable.
func downRedis(t testing.TB) *redisadapter.Adapter {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialerRetries: 1})
	t.Cleanup(func() { rdb.Close() })
	a, err := redisadapter.New(rdb, redisadapter.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// lister is a session store with SessionLister; hideDeleter wraps the redis
// adapter as one, hiding its DeleteUserSessions.
type lister interface {
	compose.SessionPart
	adapter.SessionLister
}

type hideDeleter struct{ lister }

// bare hides every optional capability of the session store.
type bare struct{ compose.SessionPart }

// usersOnly hides the passkey methods of the user store.
type usersOnly struct{ compose.UserAccountStore }

func mustNew(t *testing.T, p compose.Parts) *compose.Adapter {
	t.Helper()
	c, err := compose.New(p)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestGetSessionAndUserCrossesStores(t *testing.T) {
	users, sessions := redisadapter.ForTest(t, redisadapter.Options{}), redisadapter.ForTest(t, redisadapter.Options{})
	c := mustNew(t, compose.Parts{Users: users, Sessions: sessions, Tokens: sessions})
	u, err := c.CreateUser(ctx, &adapter.User{Name: "Ada", Email: "ada@example.com"})
	must(t, err)
	exp := time.Now().Add(time.Hour).Truncate(time.Millisecond)
	must(t, c.CreateSession(ctx, &adapter.Session{SessionToken: "tok", UserID: u.ID, Expires: exp}))

	// The session store alone has no such user; the user store no session.
	if _, _, err := sessions.GetSessionAndUser(ctx, "tok"); !errors.Is(err, adapter.ErrNotFound) {
		t.Fatalf("session store's own GetSessionAndUser = %v, want ErrNotFound", err)
	}
	if _, err := users.GetSession(ctx, "tok"); !errors.Is(err, adapter.ErrNotFound) {
		t.Fatalf("the session landed in the user store")
	}
	s, got, err := c.GetSessionAndUser(ctx, "tok")
	if err != nil || s.UserID != u.ID || !s.Expires.Equal(exp) || got.Name != "Ada" {
		t.Fatalf("GetSessionAndUser = %+v, %+v, %v", s, got, err)
	}
	if _, _, err := c.GetSessionAndUser(ctx, "nope"); !errors.Is(err, adapter.ErrNotFound) {
		t.Fatalf("unknown token: %v", err)
	}
}

func TestDeleteUserDeletesSessionsInTheSessionStore(t *testing.T) {
	tests := []struct {
		name         string
		wrap         func(*redisadapter.Adapter) compose.SessionPart
		sessionsLeft bool
	}{
		{"UserSessionsDeleter", func(a *redisadapter.Adapter) compose.SessionPart { return a }, false},
		{"SessionLister", func(a *redisadapter.Adapter) compose.SessionPart { return hideDeleter{a} }, false},
		{"neither", func(a *redisadapter.Adapter) compose.SessionPart { return bare{a} }, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			users, sessions := redisadapter.ForTest(t, redisadapter.Options{}), redisadapter.ForTest(t, redisadapter.Options{})
			c := mustNew(t, compose.Parts{Users: users, Sessions: tc.wrap(sessions), Tokens: sessions})
			u, err := c.CreateUser(ctx, &adapter.User{Email: "gone@example.com"})
			must(t, err)
			other, err := c.CreateUser(ctx, &adapter.User{Email: "stays@example.com"})
			must(t, err)
			must(t, c.LinkAccount(ctx, &adapter.Account{UserID: u.ID, Type: "oauth", Provider: "gh", ProviderAccountID: "1"}))
			exp := time.Now().Add(time.Hour)
			for _, tok := range []string{"a", "b", "c"} {
				must(t, c.CreateSession(ctx, &adapter.Session{SessionToken: tok, UserID: u.ID, Expires: exp}))
			}
			must(t, c.CreateSession(ctx, &adapter.Session{SessionToken: "other", UserID: other.ID, Expires: exp}))

			must(t, c.DeleteUser(ctx, u.ID))
			for _, tok := range []string{"a", "b", "c"} {
				if _, _, err := c.GetSessionAndUser(ctx, tok); !errors.Is(err, adapter.ErrNotFound) {
					t.Errorf("session %s after DeleteUser: %v", tok, err)
				}
				_, err := sessions.GetSession(ctx, tok)
				if left := err == nil; left != tc.sessionsLeft {
					t.Errorf("session %s left in the session store: %v, want %v", tok, left, tc.sessionsLeft)
				}
			}
			if _, err := c.GetUserByAccount(ctx, "gh", "1"); !errors.Is(err, adapter.ErrNotFound) {
				t.Errorf("account after DeleteUser: %v", err)
			}
			if _, _, err := c.GetSessionAndUser(ctx, "other"); err != nil {
				t.Errorf("another user's session: %v", err)
			}
			if err := c.DeleteUser(ctx, u.ID); !errors.Is(err, adapter.ErrNotFound) {
				t.Errorf("second DeleteUser = %v, want ErrNotFound", err)
			}
		})
	}
}

func TestDeleteUserReportsSessionStoreFailure(t *testing.T) {
	users := redisadapter.ForTest(t, redisadapter.Options{})
	c := mustNew(t, compose.Parts{Users: users, Sessions: downRedis(t), Tokens: users})
	u, err := c.CreateUser(ctx, &adapter.User{})
	must(t, err)
	err = c.DeleteUser(ctx, u.ID)
	if err == nil || !strings.Contains(err.Error(), "the user is deleted, but not all its sessions") || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("DeleteUser with the session store down = %v", err)
	}
	if _, err := c.GetUser(ctx, u.ID); !errors.Is(err, adapter.ErrNotFound) {
		t.Fatalf("user after DeleteUser: %v", err)
	}
}

func TestPingNamesThePart(t *testing.T) {
	users := redisadapter.ForTest(t, redisadapter.Options{})
	c := mustNew(t, compose.Parts{Users: users, Sessions: downRedis(t), Tokens: users})
	err := c.Ping(ctx)
	if err == nil || !strings.Contains(err.Error(), "ping sessions store") || strings.Contains(err.Error(), "users+tokens store") {
		t.Fatalf("Ping = %v, want an error about the sessions store only", err)
	}
	c = mustNew(t, compose.Parts{Users: users, Sessions: users, Tokens: users})
	must(t, c.Ping(ctx))
}

func TestUnsupportedCapabilities(t *testing.T) {
	users, sessions := redisadapter.ForTest(t, redisadapter.Options{}), redisadapter.ForTest(t, redisadapter.Options{})
	c := mustNew(t, compose.Parts{Users: usersOnly{users}, Sessions: bare{sessions}, Tokens: sessions})
	checks := map[string]error{}
	checks["CreateAuthenticator"] = c.CreateAuthenticator(ctx, &adapter.Authenticator{CredentialID: "c"})
	_, checks["GetAuthenticator"] = c.GetAuthenticator(ctx, "c")
	_, checks["ListAuthenticators"] = c.ListAuthenticators(ctx, "u")
	_, checks["UpdateAuthenticatorCounter"] = c.UpdateAuthenticatorCounter(ctx, "c", 1)
	_, checks["ListSessions"] = c.ListSessions(ctx, "u")
	for name, err := range checks {
		if !errors.Is(err, adapter.ErrUnsupported) {
			t.Errorf("%s = %v, want ErrUnsupported", name, err)
		}
	}
	// The Redis session part is an ExpiredCleaner (which reports 0).
	if s, tk, err := c.DeleteExpired(ctx, time.Now(), 0); err != nil || s != 0 || tk != 0 {
		t.Errorf("DeleteExpired = %d, %d, %v", s, tk, err)
	}
}

func TestNewRejectsMissingParts(t *testing.T) {
	r := redisadapter.ForTest(t, redisadapter.Options{})
	var nilRedis *redisadapter.Adapter
	tests := []struct {
		name  string
		parts compose.Parts
		want  string
	}{
		{"no users", compose.Parts{Sessions: r, Tokens: r}, "Parts.Users is nil"},
		{"typed nil users", compose.Parts{Users: nilRedis, Sessions: r, Tokens: r}, "Parts.Users is nil"},
		{"no sessions", compose.Parts{Users: r, Tokens: r}, "Parts.Sessions is nil"},
		{"no tokens", compose.Parts{Users: r, Sessions: r}, "Parts.Tokens is nil"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := compose.New(tc.parts); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("New = %v, want %q", err, tc.want)
			}
		})
	}
}

// deletedAfterFirstRead is a user store whose user is deleted, with its
// sessions, right after CreateSession's first read of it: a DeleteUser that
// runs between that read and the session write.
type deletedAfterFirstRead struct {
	compose.UserAccountStore
	c     **compose.Adapter
	reads int
}

func (d *deletedAfterFirstRead) GetUser(ctx context.Context, id string) (*adapter.User, error) {
	u, err := d.UserAccountStore.GetUser(ctx, id)
	d.reads++
	if d.reads == 1 && err == nil {
		if err := (*d.c).DeleteUser(ctx, id); err != nil {
			return nil, err
		}
	}
	return u, err
}

// TestCreateSessionUserDeletedMeanwhile: CreateSession finds the user, the
// user is deleted before the session is stored, and CreateSession must then
// report adapter.ErrNotFound and leave no session behind.
func TestCreateSessionUserDeletedMeanwhile(t *testing.T) {
	users, sessions := redisadapter.ForTest(t, redisadapter.Options{}), redisadapter.ForTest(t, redisadapter.Options{})
	var c *compose.Adapter
	c = mustNew(t, compose.Parts{Users: &deletedAfterFirstRead{UserAccountStore: users, c: &c}, Sessions: sessions, Tokens: sessions})
	u, err := users.CreateUser(ctx, &adapter.User{Email: "racing@example.com"})
	must(t, err)
	err = c.CreateSession(ctx, &adapter.Session{SessionToken: "late", UserID: u.ID, Expires: time.Now().Add(time.Hour)})
	if !errors.Is(err, adapter.ErrNotFound) {
		t.Fatalf("CreateSession for a user deleted meanwhile = %v, want adapter.ErrNotFound", err)
	}
	if _, err := sessions.GetSession(ctx, "late"); !errors.Is(err, adapter.ErrNotFound) {
		t.Fatalf("the session of a user deleted meanwhile was left in the session store: GetSession = %v", err)
	}
}

// tokensOnly hides every optional capability of the token store.
type tokensOnly struct{ adapter.VerificationTokenStore }

// TestWholeStoreCapabilitiesWithoutParts: Ping and Migrate of a composition
// none of whose parts has the capability are adapter.ErrUnsupported (a
// health check that checks nothing must not pass); Init then has nothing to
// do. With one capable part, that part alone is called.
func TestWholeStoreCapabilitiesWithoutParts(t *testing.T) {
	users, sessions := redisadapter.ForTest(t, redisadapter.Options{}), redisadapter.ForTest(t, redisadapter.Options{})
	none := mustNew(t, compose.Parts{Users: usersOnly{users}, Sessions: bare{sessions}, Tokens: tokensOnly{sessions}})
	if err := none.Ping(ctx); !errors.Is(err, adapter.ErrUnsupported) {
		t.Errorf("Ping with no Pinger part = %v, want adapter.ErrUnsupported", err)
	}
	if err := none.Migrate(ctx); !errors.Is(err, adapter.ErrUnsupported) {
		t.Errorf("Migrate with no Migrator part = %v, want adapter.ErrUnsupported", err)
	}
	if err := none.Init(ctx); err != nil {
		t.Errorf("Init with no Initializer part = %v, want nil (nothing to do before first use)", err)
	}

	one := mustNew(t, compose.Parts{Users: usersOnly{users}, Sessions: sessions, Tokens: tokensOnly{sessions}})
	if err := one.Ping(ctx); err != nil {
		t.Errorf("Ping with a reachable Pinger part = %v, want nil", err)
	}
	down := mustNew(t, compose.Parts{Users: usersOnly{users}, Sessions: downRedis(t), Tokens: tokensOnly{sessions}})
	if err := down.Ping(ctx); err == nil || errors.Is(err, adapter.ErrUnsupported) {
		t.Errorf("Ping with an unreachable Pinger part = %v, want its connection error", err)
	}
}
