package mongoadapter

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// indexSpec is what TestMigrate checks of one stored index.
type indexSpec struct {
	Name               string `bson:"name"`
	Unique             bool   `bson:"unique"`
	Sparse             bool   `bson:"sparse"`
	ExpireAfterSeconds *int32 `bson:"expireAfterSeconds"`
}

func listIndexes(t *testing.T, a *Adapter) map[string]indexSpec {
	t.Helper()
	out := map[string]indexSpec{}
	for _, c := range a.collections() {
		cur, err := c.Indexes().List(t.Context())
		if err != nil {
			t.Fatalf("listIndexes %s: %v", c.Name(), err)
		}
		var specs []indexSpec
		if err := cur.All(t.Context(), &specs); err != nil {
			t.Fatal(err)
		}
		for _, s := range specs {
			out[c.Name()+"."+s.Name] = s
		}
	}
	return out
}

// TestMigrate checks the indexes Migrate creates (unique where the contract
// needs it, sparse email), that running it again changes nothing, that
// users without an email never clash, and the TTL option.
func TestMigrate(t *testing.T) {
	a := newTestAdapter(t, Options{Prefix: "m_"}) // Init ran Migrate once
	if err := a.Migrate(t.Context()); err != nil {
		t.Fatalf("second Migrate: %v", err)
	}
	got := listIndexes(t, a)
	ferret := isFerretDB(t, a)
	want := map[string]indexSpec{
		"m_users." + indexUserEmail:                  {Unique: true, Sparse: true},
		"m_accounts." + indexAccountKey:              {Unique: true},
		"m_accounts." + indexAccountUser:             {},
		"m_sessions." + indexSessionToken:            {Unique: true},
		"m_sessions." + indexSessionUser:             {},
		"m_sessions." + indexSessionExpires:          {},
		"m_verification_tokens." + indexTokenKey:     {Unique: true},
		"m_verification_tokens." + indexTokenExpires: {},
		"m_authenticators." + indexCredentialID:      {Unique: true},
		"m_authenticators." + indexAuthUser:          {},
	}
	for name, w := range want {
		g, ok := got[name]
		if !ok {
			t.Errorf("index %s is missing; have %v", name, got)
			continue
		}
		if ferret && !g.Sparse {
			g.Sparse = w.Sparse // FerretDB 1.x accepts sparse but does not list it; the users below check it
		}
		if g.Unique != w.Unique || g.Sparse != w.Sparse || g.ExpireAfterSeconds != nil {
			t.Errorf("index %s = %+v, want unique=%v sparse=%v and no TTL", name, g, w.Unique, w.Sparse)
		}
	}
	if n := len(got); n != len(want)+5 { // + one _id index per collection
		t.Errorf("%d indexes after two Migrates, want %d: %v", n, len(want)+5, got)
	}

	for i := range 3 {
		if _, err := a.CreateUser(t.Context(), &adapter.User{Name: fmt.Sprint("no email ", i)}); err != nil {
			t.Fatalf("user %d without an email: %v", i, err)
		}
	}

	client, svc := newTestClient(t, nil)
	ttl, err := New(client, Options{Database: svc.Database, TTL: true})
	if err != nil {
		t.Fatal(err)
	}
	err = ttl.Migrate(t.Context())
	if ferret {
		// FerretDB 1.x refuses expireAfterSeconds; the error says so.
		if err == nil || !strings.Contains(err.Error(), "expireAfterSeconds") {
			t.Errorf("Migrate with TTL on FerretDB: %v, want its refusal of expireAfterSeconds", err)
		}
		return
	}
	if err != nil {
		t.Fatalf("Migrate with TTL: %v", err)
	}
	for name, s := range listIndexes(t, ttl) {
		if strings.HasSuffix(name, "_expires") && (s.ExpireAfterSeconds == nil || *s.ExpireAfterSeconds != 0) {
			t.Errorf("with TTL, index %s = %+v, want expireAfterSeconds 0", name, s)
		}
	}
}

// TestMigrateDuplicates checks that Migrate on a collection that already
// breaks a unique index fails and names the index.
func TestMigrateDuplicates(t *testing.T) {
	client, svc := newTestClient(t, nil)
	a, err := New(client, Options{Database: svc.Database})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := a.users.InsertOne(t.Context(), bson.D{{Key: "email", Value: "twice@example.com"}}); err != nil {
			t.Fatal(err)
		}
	}
	err = a.Migrate(t.Context())
	if err == nil || !strings.Contains(err.Error(), indexUserEmail) {
		t.Fatalf("Migrate over duplicate emails: %v, want an error naming %s", err, indexUserEmail)
	}
}

// TestMigrateExistingIndex checks Migrate on a collection that already has
// an index on email made by hand: a unique one is kept, a plain one is an
// error saying how to fix it.
func TestMigrateExistingIndex(t *testing.T) {
	for _, unique := range []bool{true, false} {
		t.Run(fmt.Sprint("unique=", unique), func(t *testing.T) {
			client, svc := newTestClient(t, nil)
			a, err := New(client, Options{Database: svc.Database})
			if err != nil {
				t.Fatal(err)
			}
			_, err = a.users.Indexes().CreateOne(t.Context(), mongo.IndexModel{Keys: asc("email"),
				Options: options.Index().SetName("email_by_hand").SetUnique(unique)})
			if err != nil {
				t.Fatal(err)
			}
			err = a.Migrate(t.Context())
			t.Logf("Migrate: %v", err)
			if unique && err != nil {
				t.Fatalf("Migrate with a unique email index made by hand: %v", err)
			}
			if !unique && (err == nil || !strings.Contains(err.Error(), "not unique")) {
				if err == nil && listIndexes(t, a)["users."+indexUserEmail].Unique {
					return // the server allowed a second, unique index beside it
				}
				t.Fatalf("Migrate with a plain email index made by hand: %v, want an error saying it is not unique", err)
			}
		})
	}
}

// TestGetSessionAndUserPath checks that GetSessionAndUser settles on $lookup
// where the server has it and on two finds where it does not (FerretDB
// 1.x), and counts the commands of a call on that path.
func TestGetSessionAndUserPath(t *testing.T) {
	a, cnt := newCountingAdapter(t, Options{})
	ctx := t.Context()
	u, err := a.CreateUser(ctx, &adapter.User{Email: "path@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.CreateSession(ctx, &adapter.Session{SessionToken: "path-token", UserID: u.ID, Expires: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		before := cnt.n.Load()
		s, got, err := a.GetSessionAndUser(ctx, "path-token")
		if err != nil || s.UserID != u.ID || got.Email != "path@example.com" {
			t.Fatalf("GetSessionAndUser = %+v, %+v, %v", s, got, err)
		}
		n := cnt.n.Load() - before
		switch a.lookup.Load() {
		case lookupYes:
			if n != 1 {
				t.Errorf("with $lookup, GetSessionAndUser sent %d commands, want 1", n)
			}
		case lookupNo:
			if n > 3 { // the first call's failed aggregate, then two finds
				t.Errorf("without $lookup, GetSessionAndUser sent %d commands", n)
			}
		default:
			t.Fatalf("after a call the adapter does not know whether the server runs $lookup")
		}
	}
	ferret := isFerretDB(t, a)
	t.Logf("ferretdb=%v: $lookup path %v", ferret, a.lookup.Load() == lookupYes)
	if ferret && a.lookup.Load() != lookupNo {
		t.Errorf("FerretDB 1.x has no $lookup, but the adapter uses it")
	}
	if !ferret && a.lookup.Load() != lookupYes {
		t.Errorf("MongoDB runs $lookup, but the adapter fell back to two finds")
	}
	_, _, err = a.GetSessionAndUser(ctx, "no-such-token")
	if !errors.Is(err, adapter.ErrNotFound) {
		t.Errorf("unknown token: %v, want ErrNotFound", err)
	}
}

// TestUseVerificationTokenRounds repeats the suite's concurrency case five
// times: 50 callers use one token, exactly one gets it each round.
func TestUseVerificationTokenRounds(t *testing.T) {
	a := newTestAdapter(t, Options{})
	for round := range 5 {
		tok := fmt.Sprint("round-", round)
		if err := a.CreateVerificationToken(t.Context(), &adapter.VerificationToken{Identifier: "r@example.com", Token: tok, Expires: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for range 50 {
			wg.Go(func() {
				_, err := a.UseVerificationToken(context.Background(), "r@example.com", tok)
				switch {
				case err == nil:
					mu.Lock()
					wins++
					mu.Unlock()
				case !errors.Is(err, adapter.ErrNotFound):
					t.Errorf("UseVerificationToken: %v", err)
				}
			})
		}
		wg.Wait()
		if wins != 1 {
			t.Errorf("round %d: %d of 50 concurrent callers got the token, want exactly 1", round, wins)
		}
	}
}

// TestDeleteUserRaces runs DeleteUser against concurrent LinkAccount,
// CreateSession and CreateAuthenticator for the same user, 20 times:
// afterwards nothing of the user can be found, whichever finished first.
func TestDeleteUserRaces(t *testing.T) {
	a := newTestAdapter(t, Options{})
	ctx := t.Context()
	for i := range 20 {
		u, err := a.CreateUser(ctx, &adapter.User{Email: fmt.Sprintf("race%d@example.com", i)})
		if err != nil {
			t.Fatal(err)
		}
		pid, tok, cred := fmt.Sprint("race-", i), fmt.Sprint("race-session-", i), fmt.Sprint("race-cred-", i)
		var wg sync.WaitGroup
		wg.Go(func() {
			if err := a.DeleteUser(ctx, u.ID); err != nil {
				t.Errorf("DeleteUser: %v", err)
			}
		})
		wg.Go(func() {
			err := a.LinkAccount(ctx, &adapter.Account{UserID: u.ID, Type: "oauth", Provider: "github", ProviderAccountID: pid})
			if err != nil && !errors.Is(err, adapter.ErrNotFound) {
				t.Errorf("LinkAccount: %v", err)
			}
		})
		wg.Go(func() {
			err := a.CreateSession(ctx, &adapter.Session{SessionToken: tok, UserID: u.ID, Expires: time.Now().Add(time.Hour)})
			if err != nil && !errors.Is(err, adapter.ErrNotFound) {
				t.Errorf("CreateSession: %v", err)
			}
		})
		wg.Go(func() {
			err := a.CreateAuthenticator(ctx, &adapter.Authenticator{CredentialID: cred, UserID: u.ID, ProviderAccountID: pid, CredentialPublicKey: "k"})
			if err != nil && !errors.Is(err, adapter.ErrNotFound) {
				t.Errorf("CreateAuthenticator: %v", err)
			}
		})
		wg.Wait()
		if _, err := a.GetAccount(ctx, "github", pid); !errors.Is(err, adapter.ErrNotFound) {
			t.Errorf("round %d: the deleted user's account is still found (%v)", i, err)
		}
		if ss, err := a.ListSessions(ctx, u.ID); err != nil || len(ss) != 0 {
			t.Errorf("round %d: the deleted user has sessions %v (%v)", i, ss, err)
		}
		if _, err := a.GetAuthenticator(ctx, cred); !errors.Is(err, adapter.ErrNotFound) {
			t.Errorf("round %d: the deleted user's authenticator is still found (%v)", i, err)
		}
	}
}

// TestNewAndOpenURL checks the constructors' checks and where OpenURL
// takes the database from.
func TestNewAndOpenURL(t *testing.T) {
	if _, err := New(nil, Options{}); err == nil || !strings.Contains(err.Error(), "client is nil") {
		t.Errorf("New(nil): %v", err)
	}
	client, svc := newTestClient(t, nil)
	if _, err := New(client, Options{Collections: Collections{Users: "same", Accounts: "same"}}); err == nil || !strings.Contains(err.Error(), `"same"`) {
		t.Errorf("New with two collections of one name: %v", err)
	}
	for _, c := range []struct {
		url, db, want string
	}{
		{svc.URL + "/" + svc.Database, "", svc.Database},
		{svc.URL + "/fromurl", svc.Database, svc.Database},
		{svc.URL, "", DefaultDatabase},
	} {
		a, err := OpenURL(c.url, Options{Database: c.db})
		if err != nil {
			t.Fatalf("OpenURL(%s): %v", c.url, err)
		}
		if a.Database().Name() != c.want {
			t.Errorf("OpenURL(%s, Database %q) uses database %q, want %q", c.url, c.db, a.Database().Name(), c.want)
		}
		if err := a.Ping(t.Context()); err != nil {
			t.Errorf("Ping: %v", err)
		}
		if err := a.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		if err := a.Ping(t.Context()); err == nil {
			t.Errorf("Ping after Close succeeded; Close must disconnect the client OpenURL made")
		}
	}
	if _, err := OpenURL("mongodb://", Options{}); err == nil || !strings.Contains(err.Error(), "not a valid MongoDB connection string") {
		t.Errorf("OpenURL of a bad URL: %v", err)
	}
	// A client given to New stays connected after Close.
	a, err := New(client, Options{Database: svc.Database})
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	if err := client.Ping(t.Context(), nil); err != nil {
		t.Errorf("Close disconnected a client it does not own: %v", err)
	}
}

// TestExtraReservedKeys checks that Extra cannot overwrite a document's own
// fields.
func TestExtraReservedKeys(t *testing.T) {
	a := newTestAdapter(t, Options{})
	for _, k := range []string{"_id", "email", "emailVerified", "$set", ""} {
		_, err := a.CreateUser(t.Context(), &adapter.User{Email: "x" + k + "@example.com", Extra: map[string]any{k: "v"}})
		if err == nil || !strings.Contains(err.Error(), "Extra key") {
			t.Errorf("CreateUser with Extra[%q]: %v, want an error naming the key", k, err)
		}
	}
	err := a.LinkAccount(t.Context(), &adapter.Account{UserID: bson.NewObjectID().Hex(), Provider: "p", ProviderAccountID: "1", Extra: map[string]any{"userId": "x"}})
	if err == nil || !strings.Contains(err.Error(), "Extra key") {
		t.Errorf("LinkAccount with Extra[userId]: %v", err)
	}
}

// isFerretDB reports whether the test server is FerretDB (its buildInfo
// has ferretdbVersion).
func isFerretDB(t *testing.T, a *Adapter) bool {
	t.Helper()
	var info bson.M
	if err := a.client.Database("admin").RunCommand(t.Context(), bson.D{{Key: "buildInfo", Value: 1}}).Decode(&info); err != nil {
		t.Fatal(err)
	}
	_, ok := info["ferretdbVersion"]
	return ok
}
