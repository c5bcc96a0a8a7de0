package redisadapter

import (
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/internal/faultproxy"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// allOps calls every method of the adapter once and returns their errors by
// name.
func allOps(a *Adapter) map[string]error {
	exp := time.Now().Add(time.Hour)
	errs := map[string]error{}
	_, errs["CreateUser"] = a.CreateUser(ctx, &adapter.User{Email: "e@x"})
	_, errs["GetUser"] = a.GetUser(ctx, "u")
	_, errs["GetUserByEmail"] = a.GetUserByEmail(ctx, "e@x")
	_, errs["GetUserByAccount"] = a.GetUserByAccount(ctx, "p", "1")
	_, errs["UpdateUser"] = a.UpdateUser(ctx, &adapter.User{ID: "u"})
	errs["DeleteUser"] = a.DeleteUser(ctx, "u")
	errs["LinkAccount"] = a.LinkAccount(ctx, &adapter.Account{UserID: "u", Provider: "p", ProviderAccountID: "1"})
	errs["UpdateAccount"] = a.UpdateAccount(ctx, &adapter.Account{Provider: "p", ProviderAccountID: "1"})
	_, errs["GetAccount"] = a.GetAccount(ctx, "p", "1")
	_, errs["ListAccounts"] = a.ListAccounts(ctx, "u")
	errs["UnlinkAccount"] = a.UnlinkAccount(ctx, "p", "1")
	errs["CreateSession"] = a.CreateSession(ctx, &adapter.Session{SessionToken: "s", UserID: "u", Expires: exp})
	_, _, errs["GetSessionAndUser"] = a.GetSessionAndUser(ctx, "s")
	errs["UpdateSession"] = a.UpdateSession(ctx, &adapter.Session{SessionToken: "s", Expires: exp})
	errs["DeleteSession"] = a.DeleteSession(ctx, "s")
	_, errs["ListSessions"] = a.ListSessions(ctx, "u")
	errs["CreateVerificationToken"] = a.CreateVerificationToken(ctx, &adapter.VerificationToken{Identifier: "i", Token: "t", Expires: exp})
	_, errs["UseVerificationToken"] = a.UseVerificationToken(ctx, "i", "t")
	errs["CreateAuthenticator"] = a.CreateAuthenticator(ctx, &adapter.Authenticator{CredentialID: "c", UserID: "u"})
	_, errs["GetAuthenticator"] = a.GetAuthenticator(ctx, "c")
	_, errs["ListAuthenticators"] = a.ListAuthenticators(ctx, "u")
	_, errs["UpdateAuthenticatorCounter"] = a.UpdateAuthenticatorCounter(ctx, "c", 1)
	errs["Ping"] = a.Ping(ctx)
	return errs
}

// unusedAddr returns a loopback address nothing listens on.
func unusedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func failFastClient(t *testing.T, addr string) *redis.Client {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: time.Second, DialerRetries: 1})
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

func TestUnreachableRedisErrorsNameTheCause(t *testing.T) {
	addr := unusedAddr(t)
	a, err := New(failFastClient(t, addr), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, err := range allOps(a) {
		if err == nil {
			t.Errorf("%s succeeded with Redis unreachable", name)
			continue
		}
		msg := err.Error()
		if errors.Is(err, adapter.ErrNotFound) || errors.Is(err, adapter.ErrConflict) ||
			!strings.HasPrefix(msg, "redisadapter: ") || !strings.Contains(msg, "connection refused") || !strings.Contains(msg, addr) {
			t.Errorf("%s: error %q should start with redisadapter:, name the address and the refused connection", name, msg)
		}
	}
}

func TestRecoversAfterOutage(t *testing.T) {
	svc := testsvc.NewRedis(t)
	p := faultproxy.ForTest(t, svc.Addr)
	_, prefix := newClient(t) // cleans the prefix's keys at the end
	a, err := New(failFastClient(t, p.Addr()), Options{Prefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	u, err := a.CreateUser(ctx, &adapter.User{Email: "up@example.com"})
	must(t, err)
	must(t, a.CreateSession(ctx, &adapter.Session{SessionToken: "s", UserID: u.ID, Expires: time.Now().Add(time.Hour)}))

	p.Cut()
	if _, _, err := a.GetSessionAndUser(ctx, "s"); err == nil || errors.Is(err, adapter.ErrNotFound) {
		t.Fatalf("during the outage GetSessionAndUser = %v, want a connection error", err)
	} else {
		t.Logf("during the outage: %v", err)
	}
	if err := a.Ping(ctx); err == nil {
		t.Fatal("Ping succeeded during the outage")
	}

	p.Restore()
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, got, err := a.GetSessionAndUser(ctx, "s")
		if err == nil {
			if got.ID != u.ID {
				t.Fatalf("after recovery got user %q, want %q", got.ID, u.ID)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no recovery within 5s: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	must(t, a.Ping(ctx))
}
