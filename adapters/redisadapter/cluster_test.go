package redisadapter

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// newClusterAdapter returns an adapter on the Redis Cluster named by
// GATEHOUSE_TEST_REDIS_CLUSTER (comma-separated host:port of its nodes), on
// its own prefix, or skips the test: a Cluster is not one of the machine's
// standard services. Start one with three `redis-server --cluster-enabled
// yes` nodes and `redis-cli --cluster create ... --cluster-replicas 0`.
func newClusterAdapter(t *testing.T, opts Options) *Adapter {
	t.Helper()
	addrs := os.Getenv("GATEHOUSE_TEST_REDIS_CLUSTER")
	if addrs == "" {
		t.Skip("set GATEHOUSE_TEST_REDIS_CLUSTER=host:port,... to run the Redis Cluster tests")
	}
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: strings.Split(addrs, ",")})
	if err := rdb.Ping(context.Background()).Err(); err != nil {
		t.Fatalf("GATEHOUSE_TEST_REDIS_CLUSTER=%s does not answer: %v", addrs, err)
	}
	prefix := testsvc.Name("gh_") + ":"
	t.Cleanup(func() {
		ctx := context.Background()
		err := rdb.ForEachMaster(ctx, func(ctx context.Context, n *redis.Client) error {
			keys, err := n.Keys(ctx, prefix+"*").Result()
			if err != nil {
				return err
			}
			for _, k := range keys { // one by one: the keys are on many slots
				n.Del(ctx, k)
			}
			return nil
		})
		if err != nil {
			t.Logf("cleanup: %v", err)
		}
		rdb.Close()
	})
	opts.Prefix = prefix
	a, err := New(rdb, opts)
	if err != nil {
		t.Fatal(err)
	}
	if a.single {
		t.Fatal("a ClusterClient must take the Cluster path")
	}
	return a
}

// TestCluster runs every operation on a real Cluster: a script that touched
// keys on two slots would fail there with CROSSSLOT.
func TestCluster(t *testing.T) {
	a := newClusterAdapter(t, Options{KeepExpired: true})
	exp := time.Now().Add(time.Hour)
	u, err := a.CreateUser(ctx, &adapter.User{Email: "c@example.com", Name: "C"})
	must(t, err)
	_, err = a.CreateUser(ctx, &adapter.User{Email: "c@example.com"})
	if !errors.Is(err, adapter.ErrConflict) {
		t.Fatalf("duplicate email on a Cluster: %v", err)
	}
	must(t, a.LinkAccount(ctx, &adapter.Account{UserID: u.ID, Type: "oauth", Provider: "gh", ProviderAccountID: "1"}))
	must(t, a.UpdateAccount(ctx, &adapter.Account{Type: "oauth", Provider: "gh", ProviderAccountID: "1", AccessToken: "x"}))
	must(t, a.CreateAuthenticator(ctx, &adapter.Authenticator{CredentialID: "cred", UserID: u.ID}))
	for _, tok := range []string{"s1", "s2", "s3", "old"} {
		e := exp
		if tok == "old" {
			e = time.Now().Add(-time.Hour)
		}
		must(t, a.CreateSession(ctx, &adapter.Session{SessionToken: tok, UserID: u.ID, Expires: e}))
	}
	must(t, a.CreateVerificationToken(ctx, &adapter.VerificationToken{Identifier: "c@example.com", Token: "v", Expires: exp}))
	must(t, a.CreateVerificationToken(ctx, &adapter.VerificationToken{Identifier: "c@example.com", Token: "old", Expires: time.Now().Add(-time.Hour)}))

	if _, got, err := a.GetSessionAndUser(ctx, "s1"); err != nil || got.Name != "C" {
		t.Fatalf("GetSessionAndUser: %v, %v", got, err)
	}
	if _, err := a.GetUserByEmail(ctx, "c@example.com"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.GetUserByAccount(ctx, "gh", "1"); err != nil {
		t.Fatal(err)
	}
	if l, err := a.ListAccounts(ctx, u.ID); err != nil || len(l) != 1 {
		t.Fatalf("ListAccounts: %v, %v", l, err)
	}
	if l, err := a.ListAuthenticators(ctx, u.ID); err != nil || len(l) != 1 {
		t.Fatalf("ListAuthenticators: %v, %v", l, err)
	}
	if _, err := a.UpdateAuthenticatorCounter(ctx, "cred", 7); err != nil {
		t.Fatal(err)
	}
	if _, err := a.UpdateUser(ctx, &adapter.User{ID: u.ID, Email: "d@example.com"}); err != nil {
		t.Fatal(err)
	}
	must(t, a.UpdateSession(ctx, &adapter.Session{SessionToken: "s2", Expires: exp.Add(time.Hour)}))
	must(t, a.DeleteSession(ctx, "s3"))
	if l, err := a.ListSessions(ctx, u.ID); err != nil || len(l) != 3 {
		t.Fatalf("ListSessions: %d, %v", len(l), err)
	}
	if s, tk, err := a.DeleteExpired(ctx, time.Now(), 0); err != nil || s != 1 || tk != 1 {
		t.Fatalf("DeleteExpired = %d, %d, %v", s, tk, err)
	}
	if _, err := a.UseVerificationToken(ctx, "c@example.com", "v"); err != nil {
		t.Fatal(err)
	}
	must(t, a.UnlinkAccount(ctx, "gh", "1"))
	must(t, a.DeleteUserSessions(ctx, "nobody"))
	must(t, a.DeleteUser(ctx, u.ID))
	for _, tok := range []string{"s1", "s2"} {
		if _, err := a.GetSession(ctx, tok); !errors.Is(err, adapter.ErrNotFound) {
			t.Errorf("session %s after DeleteUser: %v", tok, err)
		}
	}
	must(t, a.Ping(ctx))
}
