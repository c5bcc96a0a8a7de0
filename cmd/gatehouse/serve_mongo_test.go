package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapters/mongoadapter"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// TestServeMongoDB runs the demo on a mongodb:// URL (a fresh database on
// the test server, dropped afterwards): the demo user is created there and
// signs in with a database session.
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
	s := startServe(t, nil, "--database", raw)
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
