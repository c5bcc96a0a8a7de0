package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/mongoadapter"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// TestServeMongoDB runs the demo on a mongodb:// URL (a fresh database on
// the test server, dropped afterwards): with --demo-user (serve adds one
// only to its own scratch database unless asked) the demo user is created
// there and signs in with a database session.
func TestServeMongoDB(t *testing.T) {
	svc := testsvc.NewMongoDB(t)
	raw := strings.TrimRight(svc.URL, "/") + "/" + svc.Database
	t.Cleanup(func() {
		a, err := mongoadapter.OpenURL(raw, mongoadapter.Options{})
		if err != nil {
			t.Logf("cleanup: %v", err)
			return
		}
		defer a.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := a.Database().Drop(ctx); err != nil {
			t.Logf("cleanup: drop database %s: %v", svc.Database, err)
		}
	})
	s := startServe(t, nil, "--database", raw, "--demo-user")
	if out := s.stdout.String(); !strings.Contains(out, "database: MongoDB "+svc.Database) {
		t.Fatalf("start-up output does not name the MongoDB database:\n%s", out)
	}
	c := signInDemo(t, s)
	if page := get(t, c, s.URL+"/"); !strings.Contains(page, "Signed in as") {
		t.Fatalf("home page after signing in:\n%s", page)
	}

	// The user and the session are documents in the database.
	a, err := mongoadapter.OpenURL(raw, mongoadapter.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx := t.Context()
	u, err := a.GetUserByEmail(ctx, "demo@example.com")
	if err != nil {
		t.Fatalf("the demo user is not in MongoDB: %v", err)
	}
	sessions, err := a.ListSessions(ctx, u.ID)
	if err != nil || len(sessions) == 0 {
		t.Fatalf("ListSessions of the demo user: %v, %d sessions; want the sign-in's session", err, len(sessions))
	}
}

// TestCleanupMongoDB runs gatehouse cleanup on a mongodb:// URL: expired
// sessions and tokens go in batches, live ones stay.
func TestCleanupMongoDB(t *testing.T) {
	svc := testsvc.NewMongoDB(t)
	raw := strings.TrimRight(svc.URL, "/") + "/" + svc.Database
	store, err := mongoadapter.OpenURL(raw, mongoadapter.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = store.Database().Drop(ctx)
		store.Close()
	})
	ctx := t.Context()
	if err := store.Init(ctx); err != nil {
		t.Fatal(err)
	}
	user, err := store.CreateUser(ctx, &adapter.User{Email: "ann@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for i := range 3 {
		if err := store.CreateSession(ctx, &adapter.Session{SessionToken: fmt.Sprint("old-", i), UserID: user.ID, Expires: now.Add(-time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := store.CreateSession(ctx, &adapter.Session{SessionToken: "live", UserID: user.ID, Expires: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := store.CreateVerificationToken(ctx, &adapter.VerificationToken{Identifier: "ann@example.com", Token: "old", Expires: now.Add(-time.Minute)}); err != nil {
		t.Fatal(err)
	}
	r := runCmd(t, nil, "cleanup", "--database", raw, "--batch", "2")
	want := "batch 1: deleted 2 sessions and 1 verification tokens (total 2 and 1)\n" +
		"batch 2: deleted 1 sessions and 0 verification tokens (total 3 and 1)\n" +
		"Deleted 3 expired sessions and 1 expired verification token.\n"
	if r.code != 0 || r.stdout != want {
		t.Fatalf("cleanup: exit %d\n%s\nwant:\n%s\nstderr: %s", r.code, r.stdout, want, r.stderr)
	}
	if _, _, err := store.GetSessionAndUser(ctx, "live"); err != nil {
		t.Errorf("the live session: %v", err)
	}
	if r := runCmd(t, nil, "cleanup", "--database", raw, "--schema", "authjs"); r.code == 0 || !strings.Contains(r.stderr, "no schema presets") {
		t.Errorf("cleanup --schema on MongoDB: exit %d, %q", r.code, r.stderr)
	}
}
