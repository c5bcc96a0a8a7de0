package redisadapter

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

func TestKeepExpiredAndDeleteExpired(t *testing.T) {
	a, rdb := newTestAdapter(t, Options{KeepExpired: true})
	u, err := a.CreateUser(ctx, &adapter.User{})
	must(t, err)
	now := time.Now()
	var oldS, newS []string
	var oldT, newT []string
	for i := range 3 {
		for _, d := range []time.Duration{-time.Hour - time.Duration(i)*time.Minute, time.Hour} {
			tok := fmt.Sprintf("s%d%v", i, d > 0)
			must(t, a.CreateSession(ctx, &adapter.Session{SessionToken: tok, UserID: u.ID, Expires: now.Add(d)}))
			must(t, a.CreateVerificationToken(ctx, &adapter.VerificationToken{Identifier: "id", Token: tok, Expires: now.Add(d)}))
			if d < 0 {
				oldS, oldT = append(oldS, tok), append(oldT, tok)
			} else {
				newS, newT = append(newS, tok), append(newT, tok)
			}
		}
	}
	if ttl := rdb.PTTL(ctx, a.sessionKey(oldS[0])).Val(); ttl != -1 {
		t.Fatalf("with KeepExpired a session key has TTL %v, want none (-1)", ttl)
	}
	if s, _, err := a.GetSessionAndUser(ctx, oldS[0]); err != nil || !s.Expires.Before(now) {
		t.Fatalf("an expired session with KeepExpired: %v, %v", s, err)
	}
	if ss, err := a.ListSessions(ctx, u.ID); err != nil || len(ss) != 6 {
		t.Fatalf("ListSessions = %d sessions, %v; want 6, expired ones included", len(ss), err)
	}

	steps := []struct{ s, t int64 }{{2, 2}, {1, 1}, {0, 0}}
	for i, want := range steps {
		s, tk, err := a.DeleteExpired(ctx, now, 2)
		if err != nil || s != want.s || tk != want.t {
			t.Fatalf("DeleteExpired call %d = %d, %d, %v; want %d, %d", i, s, tk, err, want.s, want.t)
		}
	}
	for _, tok := range oldS {
		if _, _, err := a.GetSessionAndUser(ctx, tok); !errors.Is(err, adapter.ErrNotFound) {
			t.Errorf("expired session %s survived: %v", tok, err)
		}
		if _, err := a.UseVerificationToken(ctx, "id", tok); !errors.Is(err, adapter.ErrNotFound) {
			t.Errorf("expired token %s survived: %v", tok, err)
		}
	}
	for _, tok := range newS {
		if _, _, err := a.GetSessionAndUser(ctx, tok); err != nil {
			t.Errorf("live session %s: %v", tok, err)
		}
	}
	for _, tok := range newT {
		if _, err := a.UseVerificationToken(ctx, "id", tok); err != nil {
			t.Errorf("live token %s: %v", tok, err)
		}
	}
	if n := rdb.ZCard(ctx, a.sessionExpiryIndex()).Val(); n != 3 {
		t.Errorf("session expiry index holds %d, want the 3 live sessions", n)
	}
	if n := rdb.ZCard(ctx, a.tokenExpiryIndex()).Val(); n != 0 {
		t.Errorf("token expiry index holds %d after every token was used or deleted, want 0", n)
	}
	if ss, _ := a.ListSessions(ctx, u.ID); len(ss) != 3 {
		t.Errorf("ListSessions after DeleteExpired = %d, want 3", len(ss))
	}
}

// TestDeleteExpiredSparesExtendedSession: a session whose index score says
// expired but whose key was extended is kept.
func TestDeleteExpiredSparesExtendedSession(t *testing.T) {
	a, rdb := newTestAdapter(t, Options{KeepExpired: true})
	now := time.Now()
	must(t, a.CreateSession(ctx, &adapter.Session{SessionToken: "ext", UserID: "u", Expires: now.Add(-time.Hour)}))
	// Simulate UpdateSession having changed the key but not yet the index.
	must(t, rdb.Set(ctx, a.sessionKey("ext"), ms(now.Add(time.Hour))+" u", 0).Err())
	if s, _, err := a.DeleteExpired(ctx, now, 0); err != nil || s != 0 {
		t.Fatalf("DeleteExpired = %d, %v; want 0", s, err)
	}
	if _, err := a.GetSession(ctx, "ext"); err != nil {
		t.Fatalf("the extended session was deleted: %v", err)
	}
}

func TestDeleteExpiredWithTTLReportsWhatItDeleted(t *testing.T) {
	a, rdb := newTestAdapter(t, Options{})
	now := time.Now()
	must(t, a.CreateSession(ctx, &adapter.Session{SessionToken: "gone", UserID: "u", Expires: now.Add(-time.Minute)}))
	must(t, a.CreateVerificationToken(ctx, &adapter.VerificationToken{Identifier: "i", Token: "gone", Expires: now.Add(-time.Minute)}))
	s, tk, err := a.DeleteExpired(ctx, now, 10)
	if err != nil || s != 0 || tk != 0 {
		t.Fatalf("DeleteExpired = %d, %d, %v; want 0, 0 (Redis's TTL deleted them)", s, tk, err)
	}
	if n := rdb.ZCard(ctx, a.sessionExpiryIndex()).Val() + rdb.ZCard(ctx, a.tokenExpiryIndex()).Val(); n != 0 {
		t.Fatalf("expiry indexes still hold %d entries for keys Redis deleted", n)
	}
}
