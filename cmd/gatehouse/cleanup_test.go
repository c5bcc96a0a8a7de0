package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

func TestCleanup(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			db := b.url(t)
			if r := runCmd(t, nil, "migrate", "--database", db); r.code != 0 {
				t.Fatalf("migrate: %s", r.stderr)
			}
			cfg, err := sqladapter.ParseURL(db)
			if err != nil {
				t.Fatal(err)
			}
			store, err := sqladapter.Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { store.Close() })

			user, err := store.CreateUser(ctx, &adapter.User{Email: "ann@example.com"})
			if err != nil {
				t.Fatal(err)
			}
			now := time.Now()
			add := func(kind string, n int, expires time.Time) []string {
				t.Helper()
				var keys []string
				for i := range n {
					key := fmt.Sprintf("%s-%d-%d", kind, expires.Unix(), i)
					keys = append(keys, key)
					if kind == "session" {
						err = store.CreateSession(ctx, &adapter.Session{SessionToken: key, UserID: user.ID, Expires: expires})
					} else {
						err = store.CreateVerificationToken(ctx, &adapter.VerificationToken{Identifier: "ann@example.com", Token: key, Expires: expires})
					}
					if err != nil {
						t.Fatal(err)
					}
				}
				return keys
			}
			add("session", 5, now.Add(-time.Hour))
			live := add("session", 2, now.Add(time.Hour))
			add("token", 3, now.Add(-time.Minute))
			liveTokens := add("token", 1, now.Add(time.Hour))

			r := runCmd(t, nil, "cleanup", "--database", db, "--batch", "2")
			if r.code != 0 {
				t.Fatalf("cleanup: exit %d: %s", r.code, r.stderr)
			}
			wantOut := "batch 1: deleted 2 sessions and 2 verification tokens (total 2 and 2)\n" +
				"batch 2: deleted 2 sessions and 1 verification tokens (total 4 and 3)\n" +
				"batch 3: deleted 1 sessions and 0 verification tokens (total 5 and 3)\n" +
				"Deleted 5 expired sessions and 3 expired verification tokens.\n"
			if r.stdout != wantOut {
				t.Errorf("cleanup printed:\n%s\nwant:\n%s", r.stdout, wantOut)
			}
			for _, key := range live {
				if _, _, err := store.GetSessionAndUser(ctx, key); err != nil {
					t.Errorf("live session %s: %v", key, err)
				}
			}
			if _, err := store.UseVerificationToken(ctx, "ann@example.com", liveTokens[0]); err != nil {
				t.Errorf("live verification token: %v", err)
			}

			// Nothing left: a second run deletes nothing.
			r = runCmd(t, nil, "cleanup", "--database", db)
			if r.code != 0 || !strings.HasSuffix(r.stdout, "Deleted 0 expired sessions and 0 expired verification tokens.\n") {
				t.Errorf("second cleanup: exit %d, %q %q", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// countingCleaner is an ExpiredCleaner over counters, for the batching loop's
// edge cases (the real adapters are tested above).
type countingCleaner struct {
	sessions, tokens int64
	calls            int
	failAt           int
}

func (c *countingCleaner) DeleteExpired(_ context.Context, _ time.Time, limit int) (int64, int64, error) {
	c.calls++
	if c.calls == c.failAt {
		return 0, 0, errors.New("connection reset")
	}
	s, t := min(c.sessions, int64(limit)), min(c.tokens, int64(limit))
	c.sessions -= s
	c.tokens -= t
	return s, t, nil
}

func TestCleanExpiredBatches(t *testing.T) {
	tests := []struct {
		name             string
		sessions, tokens int64
		batch, failAt    int
		wantCalls        int
		wantS, wantT     int64
		wantErr          bool
	}{
		{"empty", 0, 0, 10, 0, 1, 0, 0, false},
		{"exact multiple needs one more call", 20, 0, 10, 0, 3, 20, 0, false},
		{"tokens outlast sessions", 3, 25, 10, 0, 3, 3, 25, false},
		{"error keeps the totals so far", 30, 30, 10, 2, 2, 10, 10, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &countingCleaner{sessions: tt.sessions, tokens: tt.tokens, failAt: tt.failAt}
			var progress strings.Builder
			s, tok, err := cleanExpired(context.Background(), c, time.Now(), tt.batch, &progress)
			if (err != nil) != tt.wantErr || s != tt.wantS || tok != tt.wantT || c.calls != tt.wantCalls {
				t.Errorf("got %d, %d, %v after %d calls; want %d, %d, error %v after %d", s, tok, err, c.calls, tt.wantS, tt.wantT, tt.wantErr, tt.wantCalls)
			}
		})
	}
}

func TestCleanupSafeWhileServing(t *testing.T) {
	// A file database the demo serves from while cleanup runs on it: the
	// signed-in session, which has not expired, survives.
	db := "sqlite://" + filepath.Join(t.TempDir(), "live.db")
	srv := startServe(t, map[string]string{"DATABASE_URL": db}, "--synchronize", "--demo-user")
	browser := signInDemo(t, srv)
	r := runCmd(t, nil, "cleanup", "--database", db)
	if r.code != 0 {
		t.Fatalf("cleanup while serving: exit %d: %s", r.code, r.stderr)
	}
	if page := get(t, browser, srv.URL+"/protected"); !strings.Contains(page, `id="protected"`) {
		t.Fatalf("after cleanup the protected page is:\n%s", page)
	}
}
